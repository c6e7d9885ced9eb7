import CX11
import Registrar
import Synchronization

/// Acting on other programs' windows, on a short-lived connection of its own: bringing a window
/// to the front, and the title changes of the handshake (mark, then restore exactly). The live
/// index never does these; it only watches.
public final class WindowControl: Sendable {
    private let connection: Mutex<XConnection>
    public let displayName: String

    public init(displayName: String?) throws(XDisplayError) {
        let connection = try XConnection(displayName: displayName)
        self.displayName = connection.name
        self.connection = Mutex(connection)
    }

    public func close() { connection.withLock { $0.close() } }

    // MARK: Activation

    public typealias Activation = WindowActivation

    /// Brings `window` to the front: through the window manager's `_NET_ACTIVE_WINDOW` (source
    /// indication 2, as pagers and taskbars do, which managers honour and which de-minimizes),
    /// else by mapping, raising and focusing it. Nil when the window does not exist.
    public func activate(_ window: WindowID) -> Activation? {
        connection.withLock { connection in
            var attributes = XWindowAttributes()
            guard XGetWindowAttributes(connection.display, window.rawValue, &attributes) != 0 else { return nil }
            if connection.detectWindowManager() != nil {
                var message = XEvent()
                message.xclient.type = ClientMessage
                message.xclient.window = window.rawValue
                message.xclient.message_type = connection.atoms.netActiveWindow
                message.xclient.format = 32
                message.xclient.data.l.0 = 2
                message.xclient.data.l.1 = Int(CurrentTime)
                message.xclient.data.l.2 = 0
                XSendEvent(connection.display, connection.root, 0,
                           SubstructureRedirectMask | SubstructureNotifyMask, &message)
                connection.sync()
                return .ewmh
            }
            XMapRaised(connection.display, window.rawValue)
            connection.sync()
            XSetInputFocus(connection.display, window.rawValue, RevertToParent, UInt(CurrentTime))
            connection.sync()
            return connection.isLost ? nil : .direct
        }
    }

    /// The window holding the input focus, and the manager's `_NET_ACTIVE_WINDOW`, for checks.
    public func focus() -> (input: WindowID?, active: WindowID?) {
        connection.withLock { connection in
            var focused: UInt = 0
            var revert: Int32 = 0
            XGetInputFocus(connection.display, &focused, &revert)
            let active = connection.readItems32(connection.root, connection.atoms.netActiveWindow, type: connection.atoms.window)
                .value?.first
            return (focused > 1 ? WindowID(focused) : nil, active.flatMap { $0 == 0 ? nil : WindowID($0) })
        }
    }

    // MARK: Clients

    /// The client window (the one carrying the title) that contains `window`: terminals put the
    /// id of an inner widget in `$WINDOWID`, so walk up to the top level and resolve it.
    public func client(containing window: WindowID) -> WindowID? {
        connection.withLock { connection in
            var current = window.rawValue
            while true {
                var root: UInt = 0, parent: UInt = 0
                var children: UnsafeMutablePointer<UInt>?
                var count: UInt32 = 0
                guard XQueryTree(connection.display, current, &root, &parent, &children, &count) != 0 else { return nil }
                if let children { XFree(children) }
                if parent == root || parent == 0 { break }
                // A window with a title below the top level is the client already.
                if case .title = connection.readTitle(current) { return WindowID(current) }
                current = parent
            }
            return WindowID(XmuClientWindow(connection.display, current))
        }
    }

    // MARK: Titles

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

    /// Puts both properties back as the snapshot found them, deleting those that were absent.
    @discardableResult
    public func restore(_ snapshot: TitleSnapshot) -> Bool {
        connection.withLock { connection in
            let atoms = connection.atoms
            for (property, value) in [(atoms.netWMName, snapshot.netWMName), (atoms.wmName, snapshot.wmName)] {
                if let value {
                    value.bytes.withUnsafeBufferPointer { bytes in
                        _ = XChangeProperty(connection.display, snapshot.window.rawValue, property, value.type, value.format,
                                            PropModeReplace, bytes.baseAddress, Int32(value.itemCount))
                    }
                } else {
                    XDeleteProperty(connection.display, snapshot.window.rawValue, property)
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
