import CX11
import Registrar

/// The requests that put a window into a stack, asked of the window manager the EWMH way (a
/// client message to the root with source indication 2, as a pager) where it says it supports
/// them, and as ICCCM configure requests where it does not.
extension XConnection {
    /// Moves and resizes `window`'s client area to `rect`. `_NET_MOVERESIZE_WINDOW` with
    /// StaticGravity: the position is the client's own, whatever frame the manager draws, so a
    /// move never drifts by the frame. Without it, a configure request whose position is the
    /// frame's (NorthWest gravity, ICCCM 4.1.2.3), from `_NET_FRAME_EXTENTS`.
    func moveResize(_ window: UInt, to rect: StackRect, managerSupports: Bool) {
        if managerSupports {
            let gravity = 10  // StaticGravity
            let fields = (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11)  // x, y, width, height given
            sendToRoot(window, "_NET_MOVERESIZE_WINDOW", [gravity | fields | (2 << 12), rect.x, rect.y, rect.width, rect.height])
        } else {
            let extents = frameExtents(of: window)
            XMoveResizeWindow(display, window, Int32(rect.x - extents.left), Int32(rect.y - extents.top),
                              UInt32(max(1, rect.width)), UInt32(max(1, rect.height)))
        }
    }

    /// Puts `window` right below `sibling`: `_NET_RESTACK_WINDOW`, or a configure request
    /// (`XReconfigureWMWindow` sends it to the manager when the window is framed).
    func restack(_ window: UInt, below sibling: UInt, managerSupports: Bool) {
        if managerSupports {
            sendToRoot(window, "_NET_RESTACK_WINDOW", [2, Int(sibling), Int(Below)])
        } else {
            var changes = XWindowChanges()
            changes.sibling = sibling
            changes.stack_mode = Below
            XReconfigureWMWindow(display, window, XDefaultScreen(display), UInt32(CWSibling | CWStackMode), &changes)
        }
    }

    /// Asks the manager to take `states` off `window` (maximized, fullscreen): a window in a
    /// state the manager keeps would not move.
    func removeStates(_ window: UInt, _ states: [Atom]) {
        for pair in stride(from: 0, to: states.count, by: 2) {
            let second = pair + 1 < states.count ? Int(states[pair + 1]) : 0
            sendToRoot(window, "_NET_WM_STATE", [0, Int(states[pair]), second, 2])
        }
    }

    /// Moves `window` to `desktop` (`_NET_WM_DESKTOP`).
    func moveToDesktop(_ window: UInt, _ desktop: UInt) {
        sendToRoot(window, "_NET_WM_DESKTOP", [Int(desktop), 2])
    }

    private func sendToRoot(_ window: UInt, _ type: String, _ values: [Int]) {
        var message = XEvent()
        message.xclient.type = ClientMessage
        message.xclient.window = window
        message.xclient.message_type = atom(type)
        message.xclient.format = 32
        let padded = values + Array(repeating: 0, count: max(0, 5 - values.count))
        message.xclient.data.l = (padded[0], padded[1], padded[2], padded[3], padded[4])
        XSendEvent(display, root, 0, SubstructureRedirectMask | SubstructureNotifyMask, &message)
    }
}
