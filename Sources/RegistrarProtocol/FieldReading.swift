/// A request the registrar cannot act on, said for the person who wrote the client: which
/// field, what it must be and what it was. Sent back as the reply's `error`.
public struct InvalidRequest: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Any member name, for reading objects whose members are checked one by one.
struct MemberKey: CodingKey, ExpressibleByStringLiteral {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { stringValue = value }
}

/// What a JSON value is, named as the registrar's errors name it ("a number", "an array").
/// Asked only on the way to an error, so its trial decodes cost nothing on the good path.
enum JSONKind {
    static func of(_ container: any SingleValueDecodingContainer) -> String {
        if container.decodeNil() { return "null" }
        if (try? container.decode(Bool.self)) != nil { return "a boolean" }
        if (try? container.decode(Double.self)) != nil { return "a number" }
        if (try? container.decode(String.self)) != nil { return "a string" }
        if (try? container.decode([DiscardedValue].self)) != nil { return "an array" }
        return "an object"
    }

    static func of<Key: CodingKey>(_ key: Key, in container: KeyedDecodingContainer<Key>) -> String {
        if (try? container.decodeNil(forKey: key)) == true { return "null" }
        if (try? container.decode(Bool.self, forKey: key)) != nil { return "a boolean" }
        if (try? container.decode(Double.self, forKey: key)) != nil { return "a number" }
        if (try? container.decode(String.self, forKey: key)) != nil { return "a string" }
        if (try? container.nestedUnkeyedContainer(forKey: key)) != nil { return "an array" }
        return "an object"
    }
}

/// A value read only to step over it.
private struct DiscardedValue: Decodable {
    init(from decoder: any Decoder) throws {}
}

/// Typed reads of a request's members, each failing with the field's name, what it must be and
/// what it was: one schema per message in its `Codable` type, and errors a person can act on.
extension KeyedDecodingContainer {
    /// A string, or nil when the member is absent or null.
    func string(_ key: Key) throws(InvalidRequest) -> String? {
        guard contains(key), (try? decodeNil(forKey: key)) != true else { return nil }
        guard let value = try? decode(String.self, forKey: key) else {
            throw InvalidRequest("field \"\(key.stringValue)\" must be a string, got \(JSONKind.of(key, in: self))")
        }
        return value
    }

    /// A string the registrar keeps (a name, a description, a path): at most
    /// `RequestLimits.textBytes`, so that no client can make it store or write megabytes.
    func text(_ key: Key) throws(InvalidRequest) -> String? {
        guard let text = try string(key) else { return nil }
        guard text.utf8.count <= RequestLimits.textBytes else {
            throw InvalidRequest("field \"\(key.stringValue)\" is longer than \(RequestLimits.textBytes) bytes")
        }
        return text
    }

    /// An integer (a number with a fractional part of zero counts), or nil when absent or null.
    func integer(_ key: Key) throws(InvalidRequest) -> Int? {
        guard contains(key), (try? decodeNil(forKey: key)) != true else { return nil }
        if let value = try? decode(Int.self, forKey: key) { return value }
        if let value = try? decode(Double.self, forKey: key), value.rounded() == value, abs(value) < 9e18 { return Int(value) }
        throw InvalidRequest("field \"\(key.stringValue)\" must be an integer, got \(JSONKind.of(key, in: self))")
    }

    /// A boolean, or nil when absent or null.
    func flag(_ key: Key) throws(InvalidRequest) -> Bool? {
        guard contains(key), (try? decodeNil(forKey: key)) != true else { return nil }
        guard let value = try? decode(Bool.self, forKey: key) else {
            throw InvalidRequest("field \"\(key.stringValue)\" must be a boolean, got \(JSONKind.of(key, in: self))")
        }
        return value
    }
}

/// Bounds every request shares.
public enum RequestLimits {
    /// The most bytes a name, description, collaborator, project path or window title may have.
    public static let textBytes = 4096
    /// The most bytes of a progress log's message kept (longer ones are cut, not refused).
    public static let logMessageBytes = 16 << 10
}
