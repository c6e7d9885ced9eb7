import CX11
import Glibc
import Registrar
import Synchronization

/// Creates and changes real top-level windows on a display of its own connection: the windows
/// the tests, the demo and the benchmark need, with titles stored every way clients store them.
/// Safe to share; calls are serialized on its connection.
public final class WindowMaker: Sendable {
    private struct State {
        let connection: XConnection
        var live: Set<WindowID> = []
        var created = 0
    }

    private let state: Mutex<State>
    public let displayName: String

    public init(displayName: String?) throws(XDisplayError) {
        let connection = try XConnection(displayName: displayName)
        self.displayName = connection.name
        state = Mutex(State(connection: connection))
    }

    /// Creates a top-level window with `title` (none when nil) and maps it unless told not to.
    /// It carries a user-specified position so a manager places it without searching for room.
    @discardableResult
    public func createWindow(title: String?, encoding: TitleEncoding = .netWMNameAndWMName, mapped: Bool = true) -> WindowID {
        state.withLock { state in
            let connection = state.connection
            let slot = state.created
            state.created += 1
            let x = Int32(slot % 20) * 60, y = Int32((slot / 20) % 30) * 30
            let window = XCreateSimpleWindow(connection.display, connection.root, x, y, 160, 24, 0, 0, 0xFFFFFF)
            if let hints = XAllocSizeHints() {
                hints.pointee.flags = Int(USPosition | USSize)
                hints.pointee.x = x
                hints.pointee.y = y
                hints.pointee.width = 160
                hints.pointee.height = 24
                XSetWMNormalHints(connection.display, window, hints)
                XFree(hints)
            }
            if let title { Self.store(title, on: window, encoding: encoding, connection: connection) }
            if mapped { _ = XMapWindow(connection.display, window) }
            connection.flush()
            let id = WindowID(window)
            state.live.insert(id)
            return id
        }
    }

    /// Where `window`'s client area is on the screen, as a stack keeps it (`StackRect`).
    public func clientRect(of window: WindowID) -> StackRect? {
        state.withLock { $0.connection.clientRect(window.rawValue) }
    }

    /// Takes the selection `name` for a new unmapped window of this connection, as any X client
    /// may (a registrar's manager selection, say); answers the window.
    @discardableResult
    public func takeSelection(_ name: String) -> WindowID {
        state.withLock { state in
            let connection = state.connection
            let window = XCreateSimpleWindow(connection.display, connection.root, 0, 0, 1, 1, 0, 0, 0)
            XSetSelectionOwner(connection.display, XInternAtom(connection.display, name, 0), window, UInt(CurrentTime))
            connection.flush()
            return WindowID(window)
        }
    }

    /// Replaces the title, removing whichever title property the encoding does not use.
    public func setTitle(_ title: String, of window: WindowID, encoding: TitleEncoding = .netWMNameAndWMName) {
        state.withLock { state in
            Self.store(title, on: window.rawValue, encoding: encoding, connection: state.connection)
            state.connection.flush()
        }
    }

    /// Removes both title properties.
    public func removeTitle(of window: WindowID) {
        state.withLock { state in
            let connection = state.connection
            _ = XDeleteProperty(connection.display, window.rawValue, connection.atoms.netWMName)
            _ = XDeleteProperty(connection.display, window.rawValue, connection.atoms.wmName)
            connection.flush()
        }
    }

    public func map(_ window: WindowID) {
        state.withLock { _ = XMapWindow($0.connection.display, window.rawValue); $0.connection.flush() }
    }

    public func unmap(_ window: WindowID) {
        state.withLock { _ = XUnmapWindow($0.connection.display, window.rawValue); $0.connection.flush() }
    }

    public func destroy(_ window: WindowID) {
        state.withLock { state in
            _ = XDestroyWindow(state.connection.display, window.rawValue)
            state.connection.flush()
            state.live.remove(window)
        }
    }

    /// The window's parent now (a manager's frame, or the root); nil when it is gone.
    public func parent(of window: WindowID) -> WindowID? {
        state.withLock { state in
            var root: UInt = 0, parent: UInt = 0
            var children: UnsafeMutablePointer<UInt>?
            var count: UInt32 = 0
            guard XQueryTree(state.connection.display, window.rawValue, &root, &parent, &children, &count) != 0 else { return nil }
            if let children { XFree(children) }
            return WindowID(parent)
        }
    }

    /// The registrar's stamp on `window` (`WindowStamp`), nil when it has none.
    public func stamp(of window: WindowID) -> String? {
        state.withLock { $0.connection.readStamp(window.rawValue) }
    }

    /// The root window of the display.
    public var root: WindowID { state.withLock { WindowID($0.connection.root) } }

    /// Waits until the server has carried out every request sent so far.
    public func sync() { state.withLock { $0.connection.sync() } }

    /// The windows made here and not destroyed here.
    public var liveWindows: Set<WindowID> { state.withLock { $0.live } }

    /// Closes the connection; the server destroys every window it still holds.
    public func close() { state.withLock { $0.connection.close() } }

    static func store(_ title: String, on window: UInt, encoding: TitleEncoding, connection: XConnection) {
        let display = connection.display, atoms = connection.atoms
        func setNetWMName() {
            let bytes = Array(title.utf8)
            _ = XChangeProperty(display, window, atoms.netWMName, atoms.utf8String, 8, PropModeReplace, bytes, Int32(bytes.count))
        }
        func setWMName(type: Atom, bytes: [UInt8]) {
            _ = XChangeProperty(display, window, atoms.wmName, type, 8, PropModeReplace, bytes, Int32(bytes.count))
        }
        func setWMName(style: XICCEncodingStyle) {
            var cString = strdup(title)
            defer { free(cString) }
            var property = XTextProperty()
            guard Xutf8TextListToTextProperty(display, &cString, 1, style, &property) >= 0 else {
                return setWMName(type: atoms.utf8String, bytes: Array(title.utf8))
            }
            XSetTextProperty(display, window, &property, atoms.wmName)
            if let value = property.value { XFree(value) }
        }
        switch encoding {
        case .netWMNameAndWMName:
            setNetWMName()
            setWMName(style: XICCEncodingStyle(3)) // XStdICCCMTextStyle
        case .netWMNameOnly:
            setNetWMName()
            _ = XDeleteProperty(display, window, atoms.wmName)
        case .wmNameString:
            _ = XDeleteProperty(display, window, atoms.netWMName)
            setWMName(type: atoms.string, bytes: title.unicodeScalars.map { $0.value < 256 ? UInt8($0.value) : UInt8(ascii: "?") })
        case .wmNameCompoundText:
            _ = XDeleteProperty(display, window, atoms.netWMName)
            setWMName(style: XICCEncodingStyle(1)) // XCompoundTextStyle
        case .wmNameUTF8:
            _ = XDeleteProperty(display, window, atoms.netWMName)
            setWMName(type: atoms.utf8String, bytes: Array(title.utf8))
        }
    }
}
