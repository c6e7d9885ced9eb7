/// How client windows are found: from a live EWMH manager's `_NET_CLIENT_LIST`, or by walking
/// the window tree when there is none. Shown to people, so its description says which.
public enum DiscoveryMode: Hashable, Sendable, CustomStringConvertible {
    case ewmh(WindowManagerInfo)
    case treeWalk

    public var manager: WindowManagerInfo? {
        if case .ewmh(let manager) = self { return manager }
        return nil
    }

    /// `ewmh` or `tree-walk`, for scripts.
    public var name: String {
        switch self {
        case .ewmh: "ewmh"
        case .treeWalk: "tree-walk"
        }
    }

    public var description: String {
        switch self {
        case .ewmh(let manager): "EWMH client list of \(manager.name)"
        case .treeWalk: "tree walk (no EWMH window manager)"
        }
    }
}
