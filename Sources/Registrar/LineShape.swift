/// What one pass over a line's bytes tells before any decoder runs: how deep its brackets nest
/// and about how many JSON values it holds (separators and openings outside strings). Decoding
/// cost grows with both; this costs one comparison per byte.
struct LineShape {
    /// The deepest nesting reached.
    private(set) var depth = 0
    /// Values counted: one, plus one per comma and per opening bracket.
    private(set) var values = 1

    init(_ text: String) { self.init(bytes: text.utf8) }

    init(bytes: some Sequence<UInt8>) {
        var level = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                level += 1
                values += 1
                if level > depth { depth = level }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): level -= 1
            case UInt8(ascii: ","): values += 1
            default: break
            }
        }
    }
}

/// The two envelope fields a line too large to decode whole is read for. Fields of another
/// type read as nil; `payload` is only checked to be an object, its members are never built.
struct EnvelopeHead: Decodable {
    let type: String?
    let id: String?
    let hasObjectPayload: Bool

    private enum CodingKeys: String, CodingKey { case type, id, payload }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try? container.decodeIfPresent(String.self, forKey: .type)
        id = try? container.decodeIfPresent(String.self, forKey: .id)
        hasObjectPayload = (try? container.nestedContainer(keyedBy: CodingKeys.self, forKey: .payload)) != nil
    }
}

/// How deep a JSON document nests (brackets outside strings), for files read before decoding.
public enum JSONDepth {
    public static func of(_ bytes: some Sequence<UInt8>) -> Int { LineShape(bytes: bytes).depth }
}
