import FoundationEssentials
import Glibc

/// One message on the wire (PROTOCOL.md section 3). Symposium's parser requires `sender`, so
/// every message the registrar writes carries one; messages it reads may leave it out.
public struct Envelope: Hashable, Sendable {
    public var type: String
    public var id: String
    /// As the client sent it (an object), or nil when it sent none.
    public var sender: JSONValue?
    public var payload: JSONValue

    public init(type: String, id: String, sender: JSONValue? = Envelope.registrarSender, payload: JSONValue) {
        self.type = type
        self.id = id
        self.sender = sender
        self.payload = payload
    }

    /// The sender the registrar signs its own messages with.
    public static let registrarSender: JSONValue = [
        "workingDirectory": "/", "taskspaceUuid": nil, "shellPid": nil,
    ]

    /// `sender.taskspaceUuid`, which Symposium's components fill in from their working directory.
    public var senderTaskspace: String? { sender?["taskspaceUuid"]?.stringValue }

    public var json: JSONValue {
        .object(["type": .string(type), "id": .string(id), "sender": sender ?? Self.registrarSender, "payload": payload])
    }

    /// The envelope as one line of JSON, without the line break.
    public func encodedLine() -> String { JSONLine.encode(json) }
}

/// Encoding of single JSON lines: keys sorted so output is stable, slashes left alone.
public enum JSONLine {
    public static func encode(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail: it holds only JSON types, and doubles come from JSON.
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
