import CX11
import Registrar

/// Closing a window as its close button does, so its editor can save or ask: through the window
/// manager (`_NET_CLOSE_WINDOW`, source indication 2, as a pager), or, where the manager does
/// not offer that, with the ICCCM `WM_DELETE_WINDOW` message to the client itself when it takes
/// it. Never `XKillClient`, which would end every window of that editor process.
extension WindowControl {
    public enum CloseRequest: String, Sendable {
        case manager = "_NET_CLOSE_WINDOW"
        case client = "WM_DELETE_WINDOW"
    }

    /// Asks for `window` to close; nil when it does not exist or cannot be asked.
    public func requestClose(_ window: WindowID) -> CloseRequest? {
        connection.withLock { connection -> CloseRequest? in
            var attributes = XWindowAttributes()
            guard XGetWindowAttributes(connection.display, window.rawValue, &attributes) != 0 else { return nil }
            let closeAtom = XInternAtom(connection.display, "_NET_CLOSE_WINDOW", 0)
            var message = XEvent()
            message.xclient.type = ClientMessage
            message.xclient.window = window.rawValue
            message.xclient.format = 32
            if connection.detectWindowManager() != nil, connection.supports(closeAtom) {
                message.xclient.message_type = closeAtom
                message.xclient.data.l.0 = Int(CurrentTime)
                message.xclient.data.l.1 = 2
                XSendEvent(connection.display, connection.root, 0, SubstructureRedirectMask | SubstructureNotifyMask, &message)
                connection.sync()
                return .manager
            }
            let protocols = XInternAtom(connection.display, "WM_PROTOCOLS", 0)
            let delete = XInternAtom(connection.display, "WM_DELETE_WINDOW", 0)
            guard connection.readItems32(window.rawValue, protocols, type: XA_ATOM).value?.contains(delete) == true else { return nil }
            message.xclient.message_type = protocols
            message.xclient.data.l.0 = Int(delete)
            message.xclient.data.l.1 = Int(CurrentTime)
            XSendEvent(connection.display, window.rawValue, 0, NoEventMask, &message)
            connection.sync()
            return .client
        }
    }
}
