import FoundationEssentials
import Glibc

/// How Symposium's bridge names itself on the bus (`#identify:<prefix>(pid:<pid>,cwd:<cwd>)`,
/// `symposium/mcp-server/src/actor/client.rs`): the working directory whole when it has at most
/// two components, the root counted, else `…/` and its last two.
public enum BridgeIdentity {
    public static func line(prefix: String, pid: Int32 = getpid(),
                            cwd: String = FileManager.default.currentDirectoryPath) -> String {
        "#identify:\(prefix)(pid:\(pid),cwd:\(shortened(cwd)))"
    }

    /// The working directory as the identity shows it.
    public static func shortened(_ path: String) -> String {
        let names = path.split(separator: "/", omittingEmptySubsequences: true)
        let components = names.count + (path.hasPrefix("/") ? 1 : 0)
        guard components > 2 else { return path }
        return "…/" + names.suffix(2).joined(separator: "/")
    }
}
