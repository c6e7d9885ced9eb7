import ArgumentParser

@main
struct SymposiumRegistrar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symposium-registrar",
        abstract: "Ties editor windows to Symposium taskspaces on X11 by a window-title handshake.",
        discussion: """
            Exit codes: 0 success; 1 failure; 3 no X display could be opened; 64 bad usage.
            """,
        version: RegistrarVersion.current,
        subcommands: [WindowsCommand.self, DemoWindowsCommand.self]
    )
}

enum RegistrarVersion {
    static let current = "0.1.0"
}
