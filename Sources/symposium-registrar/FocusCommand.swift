import ArgumentParser
import Registrar

struct FocusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "focus",
        abstract: "Bring a taskspace's window to the front.",
        discussion: """
            Asks the window manager through EWMH _NET_ACTIVE_WINDOW (as a pager would, which also
            de-minimizes the window); without a manager the window is raised and focused directly.

            Examples:
              symposium-registrar focus 6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F
              symposium-registrar focus "Fix the parser"
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions

    @Argument(help: ArgumentHelp("The taskspace's UUID or name.", valueName: "uuid-or-name"))
    var taskspace: String

    func run() async throws {
        let client = try await DaemonLink.connect(socketOptions.path(display: displayOptions.display))
        defer { Task { await client.close() } }
        let found = try await TaskspaceLookup.find(taskspace, in: client)
        let reply = try await DaemonLink.request(client, "registrar_focus", payload: ["taskspace_uuid": .string(found.uuid)])
        let window = reply["data"]?["window_id"]?.stringValue ?? "?"
        let method = reply["data"]?["method"]?.stringValue == "ewmh" ? "through the window manager" : "directly (no window manager)"
        Console.out("focused \(found.label): window \(window), \(method)\n")
    }
}
