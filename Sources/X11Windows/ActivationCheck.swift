import CX11
import Glibc
import Registrar

/// What `focus` did and whether it worked: a manager may answer `_NET_ACTIVE_WINDOW` by doing
/// something else (dwm sets the urgency hint), and a direct focus may be taken back, so the
/// registrar looks afterwards instead of taking the request for the result.
public struct ActivationOutcome: Sendable, Hashable {
    public var method: WindowActivation
    /// The window was the active one, or held the input focus, when last looked at.
    public var focused: Bool
    /// The manager asked first that did not activate the window, when one did not.
    public var ignoredBy: String?

    public init(method: WindowActivation, focused: Bool, ignoredBy: String?) {
        self.method = method
        self.focused = focused
        self.ignoredBy = ignoredBy
    }
}

extension XConnection {
    /// Whether `window` is the manager's `_NET_ACTIVE_WINDOW` (asked only while a manager runs: a
    /// dead one leaves the property behind), or the input focus is on it, inside it, or on the
    /// frame around it.
    func isFocused(_ window: WindowID, askManager: Bool) -> Bool {
        if askManager, readItems32(root, atoms.netActiveWindow, type: atoms.window).value?.first == window.rawValue { return true }
        var focus: UInt = 0
        var revert: Int32 = 0
        XGetInputFocus(display, &focus, &revert)
        guard focus > 1, focus != root else { return false }  // None, PointerRoot, the root
        return isAncestor(focus, of: window.rawValue) || isAncestor(window.rawValue, of: focus)
    }

    /// Polls `isFocused` until it holds (and, with `andStill`, still holds that much later) or
    /// `within` has passed.
    func waitUntilFocused(_ window: WindowID, askManager: Bool, within: Duration, andStill settle: Duration = .zero) -> Bool {
        let deadline = ContinuousClock.now + within
        while true {
            sync()
            if isLost { return false }
            if isFocused(window, askManager: askManager) {
                guard settle > .zero else { return true }
                usleep(UInt32(settle.inSeconds * 1_000_000))
                sync()
                return isFocused(window, askManager: askManager)
            }
            if ContinuousClock.now >= deadline { return false }
            usleep(20_000)
        }
    }

    /// Whether `ancestor` is `window` or one of its ancestors below the root.
    private func isAncestor(_ ancestor: UInt, of window: UInt) -> Bool {
        var current = window
        for _ in 0 ..< 64 {
            if current == ancestor { return true }
            var rootReturn: UInt = 0, parent: UInt = 0
            var children: UnsafeMutablePointer<UInt>?
            var count: UInt32 = 0
            guard XQueryTree(display, current, &rootReturn, &parent, &children, &count) != 0 else { return false }
            if let children { XFree(children) }
            if parent == 0 || parent == root { return false }
            current = parent
        }
        return false
    }
}
