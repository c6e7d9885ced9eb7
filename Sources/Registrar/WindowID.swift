import RegistrarProtocol

/// An X window id, kept as its own type so that ids, counts and pids cannot be mixed up, and so
/// that every place prints it the same way (`0x%08x`, as `wmctrl -l` does).
public struct WindowID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt

    public init(rawValue: UInt) { self.rawValue = rawValue }
    public init(_ rawValue: UInt) { self.rawValue = rawValue }

    /// Parses `0x3a00007`, `0x03a00007` or a decimal id; nil for anything else or for 0.
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        let value: UInt?
        if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") {
            value = UInt(trimmed.dropFirst(2), radix: 16)
        } else {
            value = UInt(trimmed, radix: 10)
        }
        guard let value, value != 0 else { return nil }
        self.rawValue = value
    }

    /// Zero-padded to eight digits, the way `wmctrl -l` and `xwininfo` print ids.
    public var hex: String {
        let digits = String(rawValue, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    public var description: String { hex }

    public static func < (lhs: WindowID, rhs: WindowID) -> Bool { lhs.rawValue < rhs.rawValue }
}
