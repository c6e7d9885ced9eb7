/// How client windows are found: from a live EWMH manager's `_NET_CLIENT_LIST`, or by walking
/// the window tree when there is none, or when the manager that announces itself keeps no client
/// list (Weston's XWayland manager sets `_NET_SUPPORTING_WM_CHECK` but not `_NET_CLIENT_LIST`).
/// Shown to people, so its description says which.
public enum DiscoveryMode: Hashable, Sendable, CustomStringConvertible {
    case ewmh(WindowManagerInfo)
    case treeWalk
    /// A manager is there but does not list its clients: the tree is walked beside it.
    case treeWalkBeside(WindowManagerInfo)

    /// The manager whose client list is followed.
    public var manager: WindowManagerInfo? {
        if case .ewmh(let manager) = self { return manager }
        return nil
    }

    /// The manager that announced itself, whether or not it lists its clients.
    public var announcedManager: WindowManagerInfo? {
        switch self {
        case .ewmh(let manager), .treeWalkBeside(let manager): manager
        case .treeWalk: nil
        }
    }

    public var walksTree: Bool { manager == nil }

    /// `ewmh` or `tree-walk`, for scripts.
    public var name: String { walksTree ? "tree-walk" : "ewmh" }

    public var description: String {
        switch self {
        case .ewmh(let manager): "EWMH client list of \(manager.name)"
        case .treeWalk: "tree walk (no EWMH window manager)"
        case .treeWalkBeside(let manager): "tree walk (\(manager.name) keeps no _NET_CLIENT_LIST)"
        }
    }
}
