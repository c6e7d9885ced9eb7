/// The `[SYMPOSIUM:<uuid>]` tag an editor puts into its window title so the registrar can tell
/// which X window it is. Two markers are equal when their UUIDs are, whatever their case, so the
/// index can look one up by hashing instead of scanning titles.
public struct Marker: Hashable, Sendable, CustomStringConvertible {
    /// The UUID in lower case: the key markers are compared by.
    public let uuid: String

    /// Accepts a bare UUID in any case; nil when `uuid` is not one.
    public init?(uuid: some StringProtocol) {
        let bytes = Array(uuid.utf8)
        guard bytes.count == Self.uuidLength, Self.isUUID(bytes[...]) else { return nil }
        self.uuid = String(decoding: bytes.map(Self.lowercased), as: UTF8.self)
    }

    /// The marker as it appears in a title.
    public var text: String { "[SYMPOSIUM:\(uuid)]" }
    public var description: String { text }

    /// The first well-formed marker anywhere in `title`, or nil. Linear in the title's length;
    /// a long title with the marker at its end is the normal case, not the worst one.
    public static func find(in title: some StringProtocol) -> Marker? {
        var title = String(title)
        return title.withUTF8 { find(inUTF8: $0) }
    }

    /// The same search over raw UTF-8 bytes, as titles arrive from X.
    public static func find(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Marker? {
        let prefix = Self.prefix
        let needed = prefix.count + uuidLength + 1
        guard bytes.count >= needed else { return nil }
        var start = 0
        let last = bytes.count - needed
        while start <= last {
            // Skip quickly to the next '['.
            guard bytes[start] == UInt8(ascii: "[") else { start += 1; continue }
            if matches(prefix, in: bytes, at: start) {
                let uuidStart = start + prefix.count
                let uuidSlice = bytes[uuidStart ..< uuidStart + uuidLength]
                if bytes[uuidStart + uuidLength] == UInt8(ascii: "]"), isUUID(uuidSlice) {
                    let lower = uuidSlice.map(lowercased)
                    return Marker(lowercasedUUID: String(decoding: lower, as: UTF8.self))
                }
            }
            start += 1
        }
        return nil
    }

    private init(lowercasedUUID: String) { self.uuid = lowercasedUUID }

    private static let prefix = Array("[SYMPOSIUM:".utf8)
    private static let uuidLength = 36

    private static func matches(_ prefix: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        for offset in 0 ..< prefix.count where bytes[start + offset] != prefix[offset] { return false }
        return true
    }

    /// 8-4-4-4-12 hexadecimal digits, either case.
    private static func isUUID<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8, C.Index == Int {
        guard bytes.count == uuidLength else { return false }
        for (offset, byte) in zip(0..., bytes) {
            switch offset {
            case 8, 13, 18, 23:
                if byte != UInt8(ascii: "-") { return false }
            default:
                if !isHexDigit(byte) { return false }
            }
        }
        return true
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "a") ... UInt8(ascii: "f"),
             UInt8(ascii: "A") ... UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A") ... UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
