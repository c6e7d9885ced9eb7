import ArgumentParser
import Registrar
import RegistrarProtocol

struct RegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Ask taskspaces to register their windows again (a roll call through the daemon).",
        discussion: """
            Each editor whose workspace is a called taskspace answers by doing the title
            handshake again. --all calls every taskspace the daemon knows, registered or not.

            Examples:
              symposium-registrar register --all
              symposium-registrar register 6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions
    @OptionGroup var startOptions: StartOptions

    @Flag(help: "Call every known taskspace.")
    var all = false

    @Argument(help: ArgumentHelp("The taskspace's UUID.", valueName: "uuid"))
    var taskspace: String?

    func validate() throws {
        switch (all, taskspace) {
        case (true, .some): throw ValidationError("give either --all or a taskspace UUID, not both")
        case (false, .none): throw ValidationError("give a taskspace UUID, or --all")
        case (false, .some(let text)) where TaskspaceID(text) == nil: throw ValidationError("\(text) is not a UUID")
        default: break
        }
    }

    private var starter: DaemonStarter? {
        startOptions.starter(display: displayOptions.display, socketIsExplicit: socketOptions.isExplicit)
    }

    func run() async throws {
        let request: RollCallRequest = all ? .everyTaskspace : .taskspace(taskspace ?? "")
        let sent = try await DaemonLink.withClient(socketOptions.path(display: displayOptions.display), starter: starter) {
            (client) throws(RegistrarError) in
            try await DaemonLink.request(client, "registrar_roll_call", request, answer: RollCallSent.self)
        }
        // The daemon counts this command's own connection among the clients it reached.
        let others = max(0, sent.clients - 1)
        let held = sent.heldBack == 0 ? "" : "; \(sent.heldBack) held back: a registration is under way for "
            + (sent.heldBack == 1 ? "that taskspace" : "those taskspaces")
            + ", and each goes out when it is over only if its taskspace still has no window"
        try Console.out("roll call sent for \(sent.sent) taskspace\(sent.sent == 1 ? "" : "s") to \(others) other "
            + "connected client\(others == 1 ? "" : "s")\(held)\n")
    }
}
