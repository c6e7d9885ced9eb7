import CX11
import Glibc
import Registrar
import Synchronization

/// The title changes of the handshake, on `WindowControl`'s connection: take both title
/// properties as they are, mark the title, and end the marking by taking back only what it
/// added (`HandshakeTitle`).
extension WindowControl {
    /// Takes both title properties as they are now, raw, so they can be put back exactly.
    public func snapshotTitle(of window: WindowID) -> TitleSnapshot? {
        connection.withLock { connection -> TitleSnapshot? in
            let atoms = connection.atoms
            guard let net = connection.readRawProperty(window.rawValue, atoms.netWMName),
                  let wm = connection.readRawProperty(window.rawValue, atoms.wmName) else { return nil }
            let shown: String
            switch connection.readTitle(window.rawValue) {
            case .title(let text): shown = text
            default: shown = ""
            }
            return TitleSnapshot(window: window, netWMName: net, wmName: wm, text: shown)
        }
    }

    /// Sets `title` in both `_NET_WM_NAME` (UTF-8) and `WM_NAME`.
    public func setTitle(_ title: String, of window: WindowID) {
        connection.withLock { connection in
            WindowMaker.store(title, on: window.rawValue, encoding: .netWMNameAndWMName, connection: connection)
            connection.sync()
        }
    }

    /// Ends a handshake that marked the window with `marked`: a property still showing it gets
    /// back what `snapshot` held (`base` instead when the snapshot carried markers earlier
    /// handshakes left), one the application changed loses only the marker, one without the
    /// marker is left alone. Answers false when the window is gone.
    @discardableResult
    public func unmark(_ snapshot: TitleSnapshot, marked: String, marker: Marker, base: String) -> Bool {
        connection.withLock { connection in
            let atoms = connection.atoms
            let window = snapshot.window.rawValue
            let properties = [(atoms.netWMName, snapshot.netWMName), (atoms.wmName, snapshot.wmName)]
            for (property, saved) in properties {
                let current = connection.readTextProperty(window, property)
                switch HandshakeTitle.restore(current: current, marked: marked, marker: marker) {
                case .leave:
                    break
                case .original:
                    if let saved, base == snapshot.text {
                        saved.bytes.withUnsafeBufferPointer { bytes in
                            _ = XChangeProperty(connection.display, window, property, saved.type, saved.format,
                                                PropModeReplace, bytes.baseAddress, Int32(saved.itemCount))
                        }
                    } else if saved != nil {
                        connection.storeText(base, in: property, of: window)
                    } else {
                        XDeleteProperty(connection.display, window, property)
                    }
                case .set(let title):
                    connection.storeText(title, in: property, of: window)
                }
            }
            connection.sync()
            return !connection.isLost
        }
    }
}

/// A window's two title properties exactly as they were (type, format and bytes; nil when the
/// property was not set), and the title they showed.
public struct TitleSnapshot: Sendable, Hashable {
    public struct Property: Sendable, Hashable {
        let type: Atom
        let format: Int32
        /// For format 8, the bytes; for 16 and 32, the items packed as Xlib hands them over.
        let bytes: [UInt8]

        var itemCount: Int {
            switch format {
            case 8: bytes.count
            case 16: bytes.count / MemoryLayout<Int16>.size
            default: bytes.count / MemoryLayout<Int>.size
            }
        }
    }

    public let window: WindowID
    let netWMName: Property?
    let wmName: Property?
    /// The title as shown (decoded), to put the marker in front of.
    public let text: String

    public var hadNetWMName: Bool { netWMName != nil }
    public var hadWMName: Bool { wmName != nil }
}

extension XConnection {
    /// A property of any type, raw; `.some(nil)` when absent, nil when the window is gone.
    func readRawProperty(_ window: UInt, _ property: Atom) -> TitleSnapshot.Property?? {
        var actualType: Atom = 0
        var format: Int32 = 0
        var count: UInt = 0
        var bytesAfter: UInt = 0
        var data: UnsafeMutablePointer<UInt8>?
        let status = XGetWindowProperty(display, window, property, 0, Self.propertyLimitLongs, 0, 0,
                                        &actualType, &format, &count, &bytesAfter, &data)
        defer { if let data { XFree(data) } }
        guard status == Success else { return nil }
        guard actualType != 0, let data else { return .some(nil) }
        // Xlib returns 16- and 32-bit items as C shorts and longs; keep them packed as such
        // for XChangeProperty, which takes the same in-memory layout back.
        let width = format == 8 ? 1 : format == 16 ? MemoryLayout<Int16>.size : MemoryLayout<Int>.size
        let bytes = Array(UnsafeBufferPointer(start: data, count: Int(count) * width))
        return .some(TitleSnapshot.Property(type: actualType, format: format, bytes: bytes))
    }
}

extension XConnection {
    /// One title property decoded as `readTitle` decodes it; nil when absent or unreadable.
    func readTextProperty(_ window: UInt, _ property: Atom) -> String? {
        guard case .value(let bytes, let type) = readBytes(window, property, type: 0) else { return nil }
        return type == atoms.utf8String ? String(decoding: bytes, as: UTF8.self) : decodeText(bytes, type: type)
    }

    /// Writes `title` into one title property: `_NET_WM_NAME` as UTF-8, `WM_NAME` as ICCCM text
    /// (STRING when Latin-1 holds it, else COMPOUND_TEXT), as `WindowMaker` writes both.
    func storeText(_ title: String, in property: Atom, of window: UInt) {
        if property == atoms.netWMName {
            let bytes = Array(title.utf8)
            _ = XChangeProperty(display, window, property, atoms.utf8String, 8, PropModeReplace, bytes, Int32(bytes.count))
            return
        }
        var cString = strdup(title)
        defer { free(cString) }
        var text = XTextProperty()
        guard Xutf8TextListToTextProperty(display, &cString, 1, XICCEncodingStyle(3), &text) >= 0 else {  // XStdICCCMTextStyle
            let bytes = Array(title.utf8)
            _ = XChangeProperty(display, window, property, atoms.utf8String, 8, PropModeReplace, bytes, Int32(bytes.count))
            return
        }
        XSetTextProperty(display, window, &text, property)
        if let value = text.value { XFree(value) }
    }
}
