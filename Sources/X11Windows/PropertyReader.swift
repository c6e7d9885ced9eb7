import CX11

/// The outcome of reading one window property.
enum PropertyRead<Value> {
    case value(Value, type: Atom)
    /// The property is not set, or is of another type than the one asked for.
    case absent
    /// The request failed: almost always a window that no longer exists.
    case failed

    var value: Value? {
        if case .value(let value, _) = self { return value }
        return nil
    }
}

extension XConnection {
    /// Upper bound for one property, in 32-bit units: 4 MiB. Titles and client lists are read whole
    /// up to it, so a 64 KiB title or a list of thousands of windows comes back complete.
    static let propertyLimitLongs = 1 << 20

    /// An 8-bit property (a title), whole. `type` 0 accepts any type.
    func readBytes(_ window: UInt, _ property: Atom, type: Atom) -> PropertyRead<[UInt8]> {
        readRaw(window, property, type: type, format: 8) { pointer, count in
            Array(UnsafeBufferPointer(start: pointer, count: count))
        }
    }

    /// A 32-bit property (a window list), whole. Xlib hands format-32 items back as C longs.
    func readItems32(_ window: UInt, _ property: Atom, type: Atom) -> PropertyRead<[UInt]> {
        readRaw(window, property, type: type, format: 32) { pointer, count in
            pointer.withMemoryRebound(to: UInt.self, capacity: count) {
                Array(UnsafeBufferPointer(start: $0, count: count))
            }
        }
    }

    private func readRaw<Value>(
        _ window: UInt, _ property: Atom, type: Atom, format expectedFormat: Int32,
        _ convert: (UnsafeMutablePointer<UInt8>, Int) -> Value
    ) -> PropertyRead<Value> {
        var actualType: Atom = 0
        var format: Int32 = 0
        var count: UInt = 0
        var bytesAfter: UInt = 0
        var data: UnsafeMutablePointer<UInt8>?
        let status = XGetWindowProperty(
            display, window, property, 0, Self.propertyLimitLongs, 0, type,
            &actualType, &format, &count, &bytesAfter, &data)
        defer { if let data { XFree(data) } }
        guard status == Success else { return .failed }
        guard actualType != 0, type == 0 || actualType == type, format == expectedFormat, let data else {
            return .absent
        }
        return .value(convert(data, Int(count)), type: actualType)
    }
}
