import FoundationEssentials
import Glibc

/// What one line from a client turned out to be (PROTOCOL.md section 2): nothing, a control
/// line, a well-formed envelope, or something the client gets told was wrong.
public enum IncomingLine: Hashable, Sendable {
    case empty
    /// `#identify:<text>`; other control lines are ignored (`identify` nil).
    case control(identify: String?)
    /// `text` is the line as received (trimmed): relays pass it on unchanged.
    case message(Envelope, text: String)
    /// The reply carries `id` when it could be read.
    case invalid(id: String?, error: String)

    public init(bytes: some Collection<UInt8>) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            self = .invalid(id: nil, error: "line is not valid UTF-8")
            return
        }
        self.init(text: text)
    }

    public init(text raw: String) {
        let text = String(raw.trimmingWhitespace())
        if text.isEmpty {
            self = .empty
        } else if text.hasPrefix("#") {
            let identify = text.hasPrefix("#identify:") ? String(text.dropFirst("#identify:".count)) : nil
            self = .control(identify: identify)
        } else {
            self = Self.parse(text)
        }
    }

    /// Deeper nesting than this is refused before the JSON decoder sees it: decoding very deep
    /// documents costs time out of proportion to their size.
    public static let maximumDepth = 64

    /// Lines with more JSON values than this are not decoded whole: every value costs the
    /// generic decoder microseconds (a 1 MiB array of integers took 1.7 s), and no request the
    /// registrar answers needs more than a few dozen. Such a line is read only for its
    /// envelope (`type`, `id`), which costs a scan: refused when its type is one the registrar
    /// answers, relayed as sent otherwise.
    public static let maximumValues = 4096

    private static func parse(_ text: String) -> IncomingLine {
        let shape = LineShape(text)
        if shape.depth > maximumDepth {
            return .invalid(id: nil, error: "invalid JSON: nested \(shape.depth) levels deep (at most \(maximumDepth))")
        }
        if shape.values > maximumValues {
            // A type the registrar answers is refused from the scan alone, unread.
            if let type = shape.type, ClientRequest.answeredTypes.contains(type) {
                return .invalid(id: shape.id, error: Self.tooManyValues(type, shape.values))
            }
            return parseEnvelopeOnly(text, values: shape.values)
        }
        let value: JSONValue
        do {
            value = try JSONLine.decode(text)
        } catch {
            return .invalid(id: nil, error: "invalid JSON: \(describe(error))")
        }
        guard case .object(let members) = value else {
            return .invalid(id: nil, error: "a message must be a JSON object, got \(value.typeName)")
        }
        guard let idValue = members["id"] else { return .invalid(id: nil, error: "missing field \"id\"") }
        guard let id = idValue.stringValue else {
            return .invalid(id: nil, error: "field \"id\" must be a string, got \(idValue.typeName)")
        }
        guard let typeValue = members["type"] else { return .invalid(id: id, error: "missing field \"type\"") }
        guard let type = typeValue.stringValue, !type.isEmpty else {
            return .invalid(id: id, error: "field \"type\" must be a non-empty string, got \(typeValue.typeName)")
        }
        guard let payload = members["payload"] else { return .invalid(id: id, error: "missing field \"payload\"") }
        guard case .object = payload else {
            return .invalid(id: id, error: "field \"payload\" must be an object, got \(payload.typeName)")
        }
        let sender = members["sender"].flatMap { $0.isNull ? nil : $0 }
        if let sender, sender.objectValue == nil {
            return .invalid(id: id, error: "field \"sender\" must be an object, got \(sender.typeName)")
        }
        return .message(Envelope(type: type, id: id, sender: sender, payload: payload), text: text)
    }

    static func tooManyValues(_ type: String, _ values: Int) -> String {
        "\(type) with \(values) JSON values is refused unread: no request the registrar answers has more than \(maximumValues)"
    }

    /// A line with too many values to decode whole: its envelope alone, read through a type
    /// that names only `type` and `id`, so the values themselves are scanned, never built.
    private static func parseEnvelopeOnly(_ text: String, values: Int) -> IncomingLine {
        let head: EnvelopeHead
        do {
            head = try JSONDecoder().decode(EnvelopeHead.self, from: Data(text.utf8))
        } catch {
            return .invalid(id: nil, error: "invalid JSON: \(describe(error))")
        }
        guard let id = head.id else { return .invalid(id: nil, error: "missing field \"id\" (or it is not a string)") }
        guard let type = head.type, !type.isEmpty else {
            return .invalid(id: id, error: "missing field \"type\" (or it is not a non-empty string)")
        }
        guard !ClientRequest.answeredTypes.contains(type) else { return .invalid(id: id, error: tooManyValues(type, values)) }
        guard head.hasObjectPayload else { return .invalid(id: id, error: "field \"payload\" must be an object") }
        // Relayed as sent; the registrar reads nothing of its payload.
        return .message(Envelope(type: type, id: id, sender: nil, payload: [:]), text: text)
    }

    /// Foundation's decoding errors name a coding path and a debug text; the text is what helps,
    /// and for text that is not JSON at all, the parser's own error under it says where.
    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            return context.underlyingError.map { String(reflecting: $0) } ?? context.debugDescription
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }
}
