import CX11
import Registrar

/// The window manager's attention state (EWMH `_NET_WM_STATE_DEMANDS_ATTENTION`): how a taskbar
/// or pager shows that a window wants the user. Asked of the manager with a `_NET_WM_STATE`
/// client message to the root, never written into the client's own `WM_HINTS` (the client's to
/// write; an Electron editor rewrites them). Managers clear it themselves when the window is
/// activated.
extension WindowControl {
    /// Adds or removes the attention state; false when the window does not exist.
    @discardableResult
    public func setDemandsAttention(_ window: WindowID, _ demands: Bool) -> Bool {
        connection.withLock { connection -> Bool in
            var attributes = XWindowAttributes()
            guard XGetWindowAttributes(connection.display, window.rawValue, &attributes) != 0 else { return false }
            var message = XEvent()
            message.xclient.type = ClientMessage
            message.xclient.window = window.rawValue
            message.xclient.message_type = XInternAtom(connection.display, "_NET_WM_STATE", 0)
            message.xclient.format = 32
            message.xclient.data.l.0 = demands ? 1 : 0  // _NET_WM_STATE_ADD / _REMOVE
            message.xclient.data.l.1 = Int(XInternAtom(connection.display, "_NET_WM_STATE_DEMANDS_ATTENTION", 0))
            message.xclient.data.l.2 = 0
            message.xclient.data.l.3 = 2  // source indication: on the user's behalf, as a pager
            XSendEvent(connection.display, connection.root, 0, SubstructureRedirectMask | SubstructureNotifyMask, &message)
            connection.sync()
            return !connection.isLost
        }
    }

    /// Whether the manager shows the window as demanding attention now.
    public func demandsAttention(_ window: WindowID) -> Bool {
        connection.withLock { connection -> Bool in
            let state = XInternAtom(connection.display, "_NET_WM_STATE", 0)
            let attention = XInternAtom(connection.display, "_NET_WM_STATE_DEMANDS_ATTENTION", 0)
            return connection.readItems32(window.rawValue, state, type: XA_ATOM).value?.contains(attention) ?? false
        }
    }
}
