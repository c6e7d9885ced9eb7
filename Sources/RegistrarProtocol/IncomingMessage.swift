import FoundationEssentials

/// A message as a client sent it (PROTOCOL.md section 3): its envelope read and checked, its
/// text kept whole, since relays pass it on exactly as sent and the registrar's own requests
/// decode their payload from it through their `Codable` type (`IncomingMessage.payload`).
public struct IncomingMessage: Hashable, Sendable {
    public var type: String
    public var id: String
    public var sender: IncomingSender?
    /// The line as received, trimmed.
    public var text: String

    public init(type: String, id: String, sender: IncomingSender? = nil, text: String) {
        self.type = type
        self.id = id
        self.sender = sender
        self.text = text
    }

    /// The payload decoded as `Payload`; the error names the field that was wrong.
    public func payload<Payload: Decodable>(as type: Payload.Type) throws(InvalidRequest) -> Payload {
        do {
            return try JSONDecoder().decode(PayloadOf<Payload>.self, from: Data(text.utf8)).payload
        } catch let error as InvalidRequest {
            throw error
        } catch {
            throw InvalidRequest("invalid payload: \(error)")
        }
    }
}

/// The `sender` a message carries, as far as the registrar reads it: members of another type
/// than Symposium writes are taken as absent (the sender is the client's to fill in).
public struct IncomingSender: Hashable, Sendable, Decodable {
    public var workingDirectory: String?
    public var taskspaceUuid: String?

    public init(workingDirectory: String? = nil, taskspaceUuid: String? = nil) {
        self.workingDirectory = workingDirectory
        self.taskspaceUuid = taskspaceUuid
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberKey.self)
        workingDirectory = try? container.decodeIfPresent(String.self, forKey: "workingDirectory")
        taskspaceUuid = try? container.decodeIfPresent(String.self, forKey: "taskspaceUuid")
    }
}

/// A message's payload alone, decoded through the request's own type.
private struct PayloadOf<Payload: Decodable>: Decodable {
    let payload: Payload
}

/// The envelope of a line, checked member by member in the order a person would fix them; the
/// payload is only checked to be an object (its members are read by the request's type, or not
/// at all when the line is relayed).
struct IncomingEnvelope: Decodable {
    /// What was wrong, with the id when it could be read.
    struct Invalid: Error {
        let id: String?
        let error: String
    }

    let type: String
    let id: String
    let sender: IncomingSender?

    init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: MemberKey.self) else {
            throw Invalid(id: nil, error: "a message must be a JSON object, got \(JSONKind.of(try decoder.singleValueContainer()))")
        }
        guard container.contains("id") else { throw Invalid(id: nil, error: "missing field \"id\"") }
        guard let id = try? container.decode(String.self, forKey: "id") else {
            throw Invalid(id: nil, error: "field \"id\" must be a string, got \(JSONKind.of("id", in: container))")
        }
        guard container.contains("type") else { throw Invalid(id: id, error: "missing field \"type\"") }
        guard let type = try? container.decode(String.self, forKey: "type"), !type.isEmpty else {
            throw Invalid(id: id, error: "field \"type\" must be a non-empty string, got \(JSONKind.of("type", in: container))")
        }
        guard container.contains("payload") else { throw Invalid(id: id, error: "missing field \"payload\"") }
        guard (try? container.nestedContainer(keyedBy: MemberKey.self, forKey: "payload")) != nil else {
            throw Invalid(id: id, error: "field \"payload\" must be an object, got \(JSONKind.of("payload", in: container))")
        }
        if container.contains("sender"), (try? container.decodeNil(forKey: "sender")) != true {
            guard let sender = try? container.decode(IncomingSender.self, forKey: "sender") else {
                throw Invalid(id: id, error: "field \"sender\" must be an object, got \(JSONKind.of("sender", in: container))")
            }
            self.sender = sender
        } else {
            sender = nil
        }
        self.type = type
        self.id = id
    }
}
