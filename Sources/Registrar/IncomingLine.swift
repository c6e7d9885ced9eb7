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

    private static func parse(_ text: String) -> IncomingLine {
        if let depth = nestingBeyond(maximumDepth, in: text) {
            return .invalid(id: nil, error: "invalid JSON: nested deeper than \(maximumDepth) levels (\(depth) or more)")
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

    /// The depth reached when it passes `limit` (brackets outside strings), or nil.
    static func nestingBeyond(_ limit: Int, in text: String) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in text.utf8 {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > limit { return depth }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return nil
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
