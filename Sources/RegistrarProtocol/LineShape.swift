/// What one pass over a line's bytes tells before any decoder runs: how deep its brackets nest
/// and about how many JSON values it holds (separators and openings outside strings). Decoding
/// cost grows with both; this costs one comparison per byte.
struct LineShape {
    /// The deepest nesting reached.
    private(set) var depth = 0
    /// Values counted: one, plus one per comma and per opening bracket.
    private(set) var values = 1
    /// The top-level `type` and `id` when they are plain strings (no escapes): enough to refuse
    /// a large request of a type the registrar answers without decoding it at all.
    private(set) var type: String?
    private(set) var id: String?

    init(_ text: String) { self.init(bytes: text.utf8) }

    init(bytes: some Sequence<UInt8>) {
        var level = 0
        var inString = false
        var escaped = false
        // Top-level members: whether the next string is a key, the last key, the string so far.
        var expectingKey = false
        var key: [UInt8]?
        var current: [UInt8]?
        var currentEscaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                    currentEscaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if let text = current, !currentEscaped {
                        if expectingKey {
                            key = text
                        } else if key == Self.typeKey, type == nil {
                            type = String(decoding: text, as: UTF8.self)
                        } else if key == Self.idKey, id == nil {
                            id = String(decoding: text, as: UTF8.self)
                        }
                    }
                    current = nil
                    continue
                }
                if current != nil, (current?.count ?? 0) < 256 { current?.append(byte) } else { current = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                currentEscaped = false
                current = level == 1 && (expectingKey || key == Self.typeKey || key == Self.idKey) ? [] : nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                level += 1
                values += 1
                if level > depth { depth = level }
                if level == 1 { expectingKey = byte == UInt8(ascii: "{") }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): level -= 1
            case UInt8(ascii: ","):
                values += 1
                if level == 1 {
                    expectingKey = true
                    key = nil
                }
            case UInt8(ascii: ":"):
                if level == 1 { expectingKey = false }
            default: break
            }
        }
    }

    private static let typeKey = Array("type".utf8)
    private static let idKey = Array("id".utf8)
}

/// How deep a JSON document nests (brackets outside strings), for files read before decoding.
public enum JSONDepth {
    public static func of(_ bytes: some Sequence<UInt8>) -> Int { LineShape(bytes: bytes).depth }
}
