import ArgumentParser
import Registrar
import RegistrarProtocol
import RegistrarClient

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
    @OptionGroup var startOptions: StartOptions

    @Argument(help: ArgumentHelp("The taskspace's UUID or name.", valueName: "uuid-or-name"))
    var taskspace: String

    private var starter: DaemonStarter? {
        startOptions.starter(display: displayOptions.display, socketIsExplicit: socketOptions.isExplicit)
    }

    func run() async throws {
        let (found, result) = try await DaemonLink.withClient(socketOptions.path(display: displayOptions.display), starter: starter) {
            (client) throws(RegistrarError) in
            let found = try await TaskspaceLookup.find(taskspace, in: client)
            return (found, try await Self.focus(found, client: client))
        }
        let method = switch (result.method, result.fallback) {
        case ("ewmh", _): "through the window manager"
        case (_, let fallback?): "directly (\(fallback.printable))"
        default: "directly (no window manager activates windows)"
        }
        try Console.out("focused \(found.label): window \(result.windowID), \(method)\n")
    }

    static func focus(_ found: TaskspaceLookup, client: RegistrarClient) async throws(RegistrarError) -> FocusResult {
        try await DaemonLink.request(client, "registrar_focus", TaskspaceRequest(taskspaceUUID: found.uuid),
                                     answer: FocusResult.self)
    }
}
