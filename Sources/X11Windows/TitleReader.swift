import CX11

/// What reading a window's title found.
enum TitleRead: Equatable {
    case title(String)
    /// The window exists and has no title.
    case untitled
    /// The window could not be read: it vanished.
    case unreadable

    /// The title to index: an untitled window is indexed with an empty one.
    var indexedTitle: String? {
        switch self {
        case .title(let title): title
        case .untitled: ""
        case .unreadable: nil
        }
    }
}

extension XConnection {
    /// `_NET_WM_NAME` (UTF8_STRING) when set, else `WM_NAME` in whichever encoding the client used
    /// (STRING, COMPOUND_TEXT, UTF8_STRING), converted to UTF-8. Both are read whole.
    func readTitle(_ window: UInt) -> TitleRead {
        switch readBytes(window, atoms.netWMName, type: atoms.utf8String) {
        case .failed: return .unreadable
        case .value(let bytes, _): return .title(String(decoding: bytes, as: UTF8.self))
        case .absent: break
        }
        switch readBytes(window, atoms.wmName, type: 0) {
        case .failed: return .unreadable
        case .absent: return .untitled
        case .value(let bytes, let type): return .title(decodeText(bytes, type: type))
        }
    }

    /// Converts an ICCCM text property with Xlib's own converters, as
    /// `XGetTextProperty` + `Xutf8TextPropertyToTextList` would, falling back to Latin-1 or
    /// UTF-8 when Xlib has no converter for the running locale.
    func decodeText(_ bytes: [UInt8], type: Atom) -> String {
        if let converted = convertWithXlib(bytes, type: type) { return converted }
        if type == atoms.string { return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func convertWithXlib(_ bytes: [UInt8], type: Atom) -> String? {
        guard !bytes.isEmpty else { return "" }
        var storage = bytes
        return storage.withUnsafeMutableBufferPointer { buffer -> String? in
            var property = XTextProperty(
                value: buffer.baseAddress, encoding: type, format: 8, nitems: UInt(buffer.count))
            var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
            var count: Int32 = 0
            let status = Xutf8TextPropertyToTextList(display, &property, &list, &count)
            guard status >= 0, let list else { return nil }
            defer { XFreeStringList(list) }
            // A WM_NAME holding several NUL-separated strings is shown as one title.
            return (0 ..< Int(count)).compactMap { list[$0].map { String(cString: $0) } }.joined()
        }
    }
}
