import FoundationEssentials
import Glibc

/// How the registrar writes and reads its typed messages: one line of JSON with sorted keys
/// (stable output) and slashes left alone, so paths read as paths.
public enum WireJSON {
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The protocol's types hold only strings, numbers, booleans and arrays of them.
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(RegistrarError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw RegistrarError(.badReply, "unexpected reply from the daemon: \(error)")
        }
    }
}
