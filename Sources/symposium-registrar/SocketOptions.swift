import ArgumentParser
import FoundationEssentials
import Glibc
import Registrar

/// Where the daemon listens: shared by the daemon and every command that talks to it, so all
/// of them agree on the path for the same display.
struct SocketOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The daemon's socket (default: $SYMPOSIUM_REGISTRAR_SOCKET, else $XDG_RUNTIME_DIR/symposium-registrar/<display>.sock).",
        valueName: "path"))
    var socket: String?

    /// True when the path was named (`--socket` or the environment), not derived.
    var isExplicit: Bool {
        socket?.isEmpty == false || ProcessInfo.processInfo.environment[SocketLocation.environmentVariable]?.isEmpty == false
    }

    /// `$XDG_RUNTIME_DIR` when the default path is made under it.
    var runtimeDirectory: String? {
        guard !isExplicit, let runtime = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") else {
            return nil
        }
        return runtime
    }

    func path(display: String?) -> String {
        SocketLocation.resolve(explicit: socket, display: display, environment: ProcessInfo.processInfo.environment,
                               uid: getuid())
    }
}
