import ArgumentParser
import Glibc
import RegistrarClient
import RegistrarProtocol

@main
struct SymposiumRegistrar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symposium-registrar",
        abstract: "Ties editor windows to Symposium taskspaces on X11 by a window-title handshake.",
        discussion: """
            Exit codes: 0 success; 1 failure; 3 no X display could be opened; 4 no daemon is
            running; 5 the daemon was displaced from its display; 6 the socket is another user's;
            7 another registrar serves the display; 8 `status --check` found problems; 11 `open`
            started the editor but no window registered; 12 no taskspace has that UUID or name
            (`open`, `focus`); 64 bad usage.
            """,
        version: RegistrarInfo.version,
        subcommands: [
            DaemonCommand.self, StatusCommand.self, OpenCommand.self, FocusCommand.self, RegisterCommand.self,
            HandshakeCommand.self, WindowsCommand.self, ClientCommand.self, TaskspacesCommand.self, NewCommand.self, DeleteCommand.self,
            DemoWindowsCommand.self, StackCommand.self,
        ]
    )

    /// Parses and runs a command; whatever it throws goes through `ExitStatus`.
    static func main() async {
        // Scripts ask this to find out whether and which registrar is installed: answered
        // before the parser builds the whole command tree, which is most of a run's cost.
        if CommandLine.arguments.dropFirst() == ["--version"] {
            print(RegistrarInfo.version)
            return
        }
        // A closed pipe must be an error a write reports, not a signal that kills.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            ExitStatus.exit(for: error)
        }
    }
}
