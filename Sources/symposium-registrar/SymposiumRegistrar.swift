import ArgumentParser
import RegistrarServer

@main
struct SymposiumRegistrar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symposium-registrar",
        abstract: "Ties editor windows to Symposium taskspaces on X11 by a window-title handshake.",
        discussion: """
            Exit codes: 0 success; 1 failure; 3 no X display could be opened; 4 no daemon is
            running; 64 bad usage.
            """,
        version: RegistrarInfo.version,
        subcommands: [
            DaemonCommand.self, StatusCommand.self, RegisterCommand.self, WindowsCommand.self, ClientCommand.self,
            DemoWindowsCommand.self,
        ]
    )
}
