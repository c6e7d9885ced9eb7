import CX11
import Registrar
import Synchronization

/// Acting on other programs' windows, on a short-lived connection of its own: bringing a window
/// to the front, and the title changes of the handshake (mark, then restore exactly). The live
/// index never does these; it only watches.
public final class WindowControl: Sendable {
    let connection: Mutex<XConnection>
    public let displayName: String

    public init(displayName: String?) throws(XDisplayError) {
        let connection = try XConnection(displayName: displayName)
        self.displayName = connection.name
        self.connection = Mutex(connection)
    }

    public func close() { connection.withLock { $0.close() } }

    // MARK: Activation

    public typealias Activation = WindowActivation

    /// Brings `window` to the front and checks that it got there: through the window manager's
    /// `_NET_ACTIVE_WINDOW` (source indication 2, as pagers and taskbars do, which managers
    /// honour and which de-minimizes) when the manager says it supports it; when the window did
    /// not become active or take the input focus within `patience` (dwm marks it urgent instead),
    /// or without such a manager, by mapping, raising and focusing it directly. Nil when the
    /// window does not exist.
    public func activate(_ window: WindowID, patience: Duration = .milliseconds(500)) -> ActivationOutcome? {
        connection.withLock { connection -> ActivationOutcome? in
            var attributes = XWindowAttributes()
            guard XGetWindowAttributes(connection.display, window.rawValue, &attributes) != 0 else { return nil }
            var askedManager: String?
            if let manager = connection.detectWindowManager(), connection.supports(connection.atoms.netActiveWindow) {
                askedManager = manager.name
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
                if connection.waitUntilFocused(window, askManager: true, within: patience) {
                    return ActivationOutcome(method: .ewmh, focused: true, ignoredBy: nil)
                }
            }
            XMapRaised(connection.display, window.rawValue)
            connection.sync()
            XSetInputFocus(connection.display, window.rawValue, RevertToParent, UInt(CurrentTime))
            connection.sync()
            guard !connection.isLost else { return nil }
            // A manager may take the focus back at once (dwm gives it to its selected client).
            let focused = connection.waitUntilFocused(window, askManager: askedManager != nil, within: .milliseconds(100),
                                                      andStill: .milliseconds(150))
            return ActivationOutcome(method: .direct, focused: focused, ignoredBy: askedManager)
        }
    }

    /// Leaves `taskspace`'s stamp on `window` (`WindowStamp`).
    public func stamp(_ window: WindowID, taskspace: String) {
        connection.withLock { connection in
            connection.writeStamp(taskspace, on: window.rawValue)
            connection.sync()
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
}
