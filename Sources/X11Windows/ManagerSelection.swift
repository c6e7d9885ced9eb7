import CX11
import Glibc
import Registrar

/// How a watcher claims the display for its registrar: the ICCCM manager selection
/// `_SYMPOSIUM_REGISTRAR_S<screen>`. The socket rule keeps one daemon per user; the display is
/// shared by every user and host that can reach the X server, and the selection is the one
/// lock they all see. The server drops it with the owner's connection, so it never goes stale.
public struct SelectionClaim: Sendable, Hashable {
    /// Take the selection even from a live owner, which is told by `SelectionClear` to leave.
    public var replace: Bool

    public init(replace: Bool) { self.replace = replace }
}

/// Where the watcher stands with the manager selection.
public enum SelectionState: Hashable, Sendable {
    /// Ours, on this window, since the server time given.
    case owned(window: WindowID, selection: String)
    /// Another registrar holds it; `owner` is its window.
    case refused(owner: WindowID, selection: String)
    /// Someone took it over (`SelectionClear`): another registrar, or any X client. `by` says
    /// who, as far as the new owner's window tells (its name, pid and host).
    case lost(newOwner: WindowID?, by: String?, selection: String)
}

extension XConnection {
    /// The selection's name for the default screen.
    var managerSelectionName: String { "_SYMPOSIUM_REGISTRAR_S\(XDefaultScreen(display))" }

    /// Claims the selection with a real timestamp, verifies it, and announces it with a
    /// `MANAGER` client message on the root window. Answers the state and, when owned, the window.
    func claimManagerSelection(replace: Bool) -> (SelectionState, ownerWindow: UInt?) {
        let name = managerSelectionName
        let selection = XInternAtom(display, name, 0)
        let current = XGetSelectionOwner(display, selection)
        if current != 0, !replace { return (.refused(owner: WindowID(current), selection: name), nil) }

        var attributes = XSetWindowAttributes()
        attributes.override_redirect = 1
        attributes.event_mask = PropertyChangeMask
        let window = XCreateWindow(
            display, root, -1, -1, 1, 1, 0, 0, UInt32(InputOnly), nil,
            UInt(CWOverrideRedirect | CWEventMask), &attributes)
        // Who holds it, for whoever takes it next. Setting a property also yields a
        // PropertyNotify carrying the server time the claim needs.
        label(window)
        var event = XEvent()
        XWindowEvent(display, window, PropertyChangeMask, &event)
        guard !isLost else { return (.lost(newOwner: nil, by: nil, selection: name), nil) }
        let time = event.xproperty.time

        XSetSelectionOwner(display, selection, window, time)
        let owner = XGetSelectionOwner(display, selection)
        guard owner == window else {
            XDestroyWindow(display, window)
            return (.refused(owner: WindowID(owner), selection: name), nil)
        }
        var message = XEvent()
        message.xclient.type = ClientMessage
        message.xclient.window = root
        message.xclient.message_type = XInternAtom(display, "MANAGER", 0)
        message.xclient.format = 32
        message.xclient.data.l.0 = Int(time)
        message.xclient.data.l.1 = Int(selection)
        message.xclient.data.l.2 = Int(window)
        XSendEvent(display, root, 0, StructureNotifyMask, &message)
        flush()
        return (.owned(window: WindowID(window), selection: name), window)
    }

    /// Refuses a conversion request on our selection window: the selection carries no data.
    func refuse(_ request: XSelectionRequestEvent) {
        var reply = XEvent()
        reply.xselection.type = SelectionNotify
        reply.xselection.requestor = request.requestor
        reply.xselection.selection = request.selection
        reply.xselection.target = request.target
        reply.xselection.property = 0
        reply.xselection.time = request.time
        XSendEvent(display, request.requestor, 0, 0, &reply)
    }

    /// The selection's owner now, for naming whoever took it.
    func managerSelectionOwner() -> UInt { XGetSelectionOwner(display, XInternAtom(display, managerSelectionName, 0)) }

    /// Names the selection window after this process (ICCCM's `WM_NAME`, `WM_CLIENT_MACHINE`
    /// and EWMH's `_NET_WM_PID`), so a registrar pushed out can say who pushed it.
    private func label(_ window: UInt) {
        let name = Array("symposium-registrar (uid \(getuid()))".utf8)
        name.withUnsafeBufferPointer {
            _ = XChangeProperty(display, window, atoms.wmName, atoms.string, 8, PropModeReplace, $0.baseAddress, Int32($0.count))
        }
        var host = [CChar](repeating: 0, count: 256)
        if gethostname(&host, host.count - 1) == 0 {
            let bytes = host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            bytes.withUnsafeBufferPointer {
                _ = XChangeProperty(display, window, XInternAtom(display, "WM_CLIENT_MACHINE", 0), atoms.string, 8,
                                    PropModeReplace, $0.baseAddress, Int32($0.count))
            }
        }
        var pid = UInt(getpid())
        withUnsafeBytes(of: &pid) {
            _ = XChangeProperty(display, window, XInternAtom(display, "_NET_WM_PID", 0), XA_CARDINAL, 32, PropModeReplace,
                                $0.baseAddress?.assumingMemoryBound(to: UInt8.self), 1)
        }
    }

    /// What the window says of its owner: `"symposium-registrar (uid 1001)", pid 4242 on host`,
    /// or as much of it as is set; nil when nothing is (or the window is gone).
    func describeOwner(_ window: UInt) -> String? {
        guard window != 0 else { return nil }
        var parts: [String] = []
        if let name = readBytes(window, atoms.wmName, type: 0).value {
            parts.append("\"" + String(decoding: name, as: UTF8.self).withoutTerminalControls + "\"")
        }
        if let pid = readItems32(window, XInternAtom(display, "_NET_WM_PID", 0), type: XA_CARDINAL).value?.first {
            parts.append("pid \(pid)")
        }
        if let host = readBytes(window, XInternAtom(display, "WM_CLIENT_MACHINE", 0), type: 0).value {
            parts.append("on " + String(decoding: host, as: UTF8.self).withoutTerminalControls)
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
