/// One line on the wire with a typed payload: `type`, `id`, `sender`, `payload`
/// (PROTOCOL.md section 3). Replies are `Message<Reply<...>>` with type `response`.
public struct Message<Payload: Codable & Sendable>: Codable, Sendable {
    public var type: String
    /// nil only for a reply to a line whose id could not be read (written as `null`).
    public var id: String?
    public var sender: MessageSender
    public var payload: Payload

    public init(type: String, id: String?, sender: MessageSender = .registrar, payload: Payload) {
        self.type = type
        self.id = id
        self.sender = sender
        self.payload = payload
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(id, forKey: .id)
        try container.encode(sender, forKey: .sender)
        try container.encode(payload, forKey: .payload)
    }

    /// The message as one line of JSON, without the line break.
    public var line: String { WireJSON.encode(self) }
}

extension Message {
    /// A reply to request `id`.
    public static func response(to id: String?, _ payload: Payload) -> Message {
        Message(type: "response", id: id, payload: payload)
    }
}
