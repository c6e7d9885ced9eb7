/// The payload of a `response` (PROTOCOL.md section 3): `success`, a plain `error` when it
/// failed, and the request's `data` when it has any.
public struct Reply<Data: Codable & Sendable>: Codable, Sendable {
    public var success: Bool
    public var error: String?
    public var data: Data?

    public init(success: Bool, error: String? = nil, data: Data? = nil) {
        self.success = success
        self.error = error
        self.data = data
    }

    public static func ok(_ data: Data) -> Reply { Reply(success: true, data: data) }
    public static func failed(_ error: String) -> Reply { Reply(success: false, error: error) }

    /// The data of a successful reply; a refusal becomes the daemon's own words.
    public func unwrap(_ request: String) throws(RegistrarError) -> Data {
        guard success else { throw RegistrarError(.refused, error ?? "the daemon refused \(request)") }
        guard let data else { throw RegistrarError(.badReply, "unexpected reply from the daemon: \(request) without data") }
        return data
    }
}

/// The data of a reply that carries none.
public struct NoData: Codable, Hashable, Sendable {
    public init() {}
}

extension Message where Payload == Reply<NoData> {
    /// A failure reply carrying only its error text.
    public static func failure(to id: String?, _ error: String) -> Message { .response(to: id, .failed(error)) }
}
