import FoundationEssentials
import Glibc

/// What one line from a client turned out to be (PROTOCOL.md section 2): nothing, a control
/// line, a well-formed envelope, or something the client gets told was wrong.
public enum IncomingLine: Hashable, Sendable {
    case empty
    /// `#identify:<text>`; other control lines are ignored (`identify` nil).
    case control(identify: String?)
    /// A message with a well-formed envelope; its text is kept for relaying and decoding.
    case message(IncomingMessage)
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

    /// Lines with more JSON values than this are refused unread when their type is one the
    /// registrar answers: every value costs the decoder microseconds (a 1 MiB array of integers
    /// took 1.7 s), and no request the registrar answers needs more than a few dozen. Other
    /// types are relayed; their payload is never decoded, only its envelope read.
    public static let maximumValues = 4096

    private static func parse(_ text: String) -> IncomingLine {
        let shape = LineShape(text)
        if shape.depth > maximumDepth {
            return .invalid(id: nil, error: "invalid JSON: nested \(shape.depth) levels deep (at most \(maximumDepth))")
        }
        // A type the registrar answers is refused from the scan alone, unread.
        if shape.values > maximumValues, let type = shape.type, RequestType.answered.contains(type) {
            return .invalid(id: shape.id, error: tooManyValues(type, shape.values))
        }
        let envelope: IncomingEnvelope
        do {
            envelope = try JSONDecoder().decode(IncomingEnvelope.self, from: Data(text.utf8))
        } catch let invalid as IncomingEnvelope.Invalid {
            return .invalid(id: invalid.id, error: invalid.error)
        } catch {
            return .invalid(id: nil, error: "invalid JSON: \(describe(error))")
        }
        if shape.values > maximumValues, RequestType.answered.contains(envelope.type) {
            return .invalid(id: envelope.id, error: tooManyValues(envelope.type, shape.values))
        }
        return .message(IncomingMessage(type: envelope.type, id: envelope.id, sender: envelope.sender, text: text))
    }

    static func tooManyValues(_ type: String, _ values: Int) -> String {
        "\(type) with \(values) JSON values is refused unread: no request the registrar answers has more than \(maximumValues)"
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
