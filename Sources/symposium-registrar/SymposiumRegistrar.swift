import ArgumentParser
import RegistrarServer

@main
struct SymposiumRegistrar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symposium-registrar",
        abstract: "Ties editor windows to Symposium taskspaces on X11 by a window-title handshake.",
        discussion: """
            Exit codes: 0 success; 1 failure; 3 no X display could be opened; 4 no daemon is
            running; 10, 11, 12 from `open` (launched and registered; launched, never registered;
            unknown taskspace, also from `focus`); 64 bad usage.
            """,
        version: RegistrarInfo.version,
        subcommands: [
            DaemonCommand.self, StatusCommand.self, OpenCommand.self, FocusCommand.self, RegisterCommand.self,
            HandshakeCommand.self, WindowsCommand.self, ClientCommand.self, DemoWindowsCommand.self,
        ]
    )
}
