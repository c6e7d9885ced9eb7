import ArgumentParser
import FoundationEssentials
import Registrar
import RegistrarClient
import RegistrarProtocol

struct TaskspacesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taskspaces",
        abstract: "Symposium's taskspace cards in a terminal: one line per taskspace.",
        discussion: """
            Name, Active (it has a window) or Dormant, Hatchling (its agent has not started) or
            Resume, "needs you" while its agent waits for the user (signal_user), the newest log
            with its age, and the window. --watch keeps watching: the daemon says when a card
            changes, and it is printed again (`~`), or appears (`+`) or goes (`-`).

            Examples:
              symposium-registrar taskspaces
              symposium-registrar taskspaces --project ~/work/app.symposium --watch
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions
    @OptionGroup var startOptions: StartOptions

    @Option(help: ArgumentHelp("Only the taskspaces of this project directory.", valueName: "dir"))
    var project: String?

    @Flag(help: "Print the cards as JSON.")
    var json = false

    @Flag(help: "Keep watching; print a card again whenever it changes.")
    var watch = false

    func validate() throws {
        if watch && json { throw ValidationError("--watch prints lines; it does not combine with --json") }
    }

    private var starter: DaemonStarter? {
        startOptions.starter(display: displayOptions.display, socketIsExplicit: socketOptions.isExplicit)
    }

    func run() async throws {
        let path = socketOptions.path(display: displayOptions.display)
        try await DaemonLink.withClient(path, starter: starter) { (client) throws(RegistrarError) in
            // Watching starts before the listing, so no change falls between the two.
            if watch {
                _ = try await DaemonLink.request(client, RequestType.watch, EmptyRequest(), answer: TaskspaceRequest.self)
            }
            let status = try await DaemonLink.fullStatus(client)
            let cards = status.taskspaces.map(TaskspaceCard.init).filter(inProject).sorted { ($0.name, $0.uuid) < ($1.name, $1.uuid) }
            if json { return try Console.out(WireJSON.encode(cards) + "\n") }
            let width = min(40, cards.map(\.name.count).max() ?? 8)
            for card in cards { try Console.out((watch ? "+ " : "") + card.line(nameWidth: width) + "\n") }
            guard watch else { return }
            try await follow(client, shown: Dictionary(uniqueKeysWithValues: cards.map { ($0.uuid, $0) }), width: width)
        }
    }

    /// Prints a card again (`~`), a new one (`+`) or one gone (`-`) as the daemon says they change.
    private func follow(_ client: RegistrarClient, shown: [String: TaskspaceCard], width: Int) async throws(RegistrarError) {
        var shown = shown
        while let message = await client.nextMessage(where: { $0["type"]?.stringValue == TaskspaceChanged.type }) {
            guard let uuid = message["payload"]?["taskspace_uuid"]?.stringValue else { continue }
            let entries = try await DaemonLink.status(client, StatusRequest(taskspace: uuid, limit: 10)).taskspaces
            let card = entries.first { $0.uuid.lowercased() == uuid.lowercased() }.map(TaskspaceCard.init)
            if let card, inProject(card) {
                guard shown[card.uuid] != card else { continue }
                try Console.out((shown[card.uuid] == nil ? "+ " : "~ ") + card.line(nameWidth: width) + "\n")
                shown[card.uuid] = card
            } else if let gone = shown.removeValue(forKey: uuid) ?? shown.first(where: { $0.key.lowercased() == uuid.lowercased() })
                .flatMap({ shown.removeValue(forKey: $0.key) }) {
                try Console.out("- \(gone.name.printable)\n")
            }
        }
        throw RegistrarError(.daemonClosed, "the daemon closed the connection")
    }

    private var wantedProject: String? {
        project.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path }
    }

    private func inProject(_ card: TaskspaceCard) -> Bool {
        guard let wanted = wantedProject else { return true }
        return card.project.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } == wanted
    }
}
