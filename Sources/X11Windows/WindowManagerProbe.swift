import Registrar
import CX11

/// A running EWMH window manager, as proved by `_NET_SUPPORTING_WM_CHECK`.
public struct WindowManagerInfo: Hashable, Sendable {
    /// The manager's check window: it dies with the manager, which is how its exit is noticed.
    public let checkWindow: WindowID
    public let name: String
    /// `_NET_SUPPORTED` names `_NET_CLIENT_LIST`.
    public let listsClients: Bool

    public init(checkWindow: WindowID, name: String, listsClients: Bool = true) {
        self.checkWindow = checkWindow
        self.name = name
        self.listsClients = listsClients
    }
}

extension XConnection {
    /// The live EWMH manager, or nil. The check property must point from the root to a window
    /// whose own property points to itself: a manager that exited leaves a stale root property
    /// behind (openbox does), and its check window is then gone or no longer self-referencing.
    func detectWindowManager() -> WindowManagerInfo? {
        guard let fromRoot = readItems32(root, atoms.netSupportingWMCheck, type: atoms.window).value?.first,
              fromRoot != 0,
              let fromCheck = readItems32(fromRoot, atoms.netSupportingWMCheck, type: atoms.window).value?.first,
              fromCheck == fromRoot
        else { return nil }
        let name: String
        switch readTitle(fromRoot) {
        // Shown in `status` and logs, and a manager may name itself anything: no controls.
        case .title(let title) where !title.withoutTerminalControls.isEmpty: name = title.withoutTerminalControls
        case .unreadable: return nil
        default: name = "unnamed manager"
        }
        // A manager that announces itself may still keep no client list (Weston's XWayland
        // manager): only one that says it supports the list is followed (`scanClients` also
        // walks the tree when the list is missing while windows are there).
        return WindowManagerInfo(checkWindow: WindowID(fromRoot), name: name, listsClients: supports(atoms.netClientList))
    }

    /// Whether the manager lists `atom` in `_NET_SUPPORTED` on the root.
    func supports(_ atom: Atom) -> Bool {
        readItems32(root, atoms.netSupported, type: XA_ATOM).value?.contains(UInt(atom)) == true
    }
}
