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
            with its age, and the window. --watch keeps watching and prints a card again when it
            changes.

            Examples:
              symposium-registrar taskspaces
              symposium-registrar taskspaces --project ~/work/app.symposium --watch
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions

    @Option(help: ArgumentHelp("Only the taskspaces of this project directory.", valueName: "dir"))
    var project: String?

    @Flag(help: "Print the cards as JSON.")
    var json = false

    @Flag(help: "Keep watching; print a card again whenever it changes.")
    var watch = false

    func validate() throws {
        if watch && json { throw ValidationError("--watch prints lines; it does not combine with --json") }
    }

    func run() async throws {
        let path = socketOptions.path(display: displayOptions.display)
        let wanted = project.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path }
        var shown: [String: TaskspaceCard] = [:]
        while true {
            let status = try await DaemonLink.withClient(path) { (client) throws(RegistrarError) in try await DaemonLink.fullStatus(client) }
            let cards = status.taskspaces.map(TaskspaceCard.init).filter { card in
                wanted == nil || card.project.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } == wanted
            }.sorted { ($0.name, $0.uuid) < ($1.name, $1.uuid) }
            if json {
                try Console.out(WireJSON.encode(cards) + "\n")
                return
            }
            let width = min(40, cards.map(\.name.count).max() ?? 8)
            for card in cards where shown[card.uuid] != card {
                try Console.out((watch && shown[card.uuid] != nil ? "~ " : watch ? "+ " : "") + card.line(nameWidth: width) + "\n")
            }
            if watch {
                let current = Set(cards.map(\.uuid))
                for gone in shown.keys.sorted() where !current.contains(gone) { try Console.out("- \(shown[gone]?.name.printable ?? gone)\n") }
            }
            guard watch else { return }
            shown = Dictionary(uniqueKeysWithValues: cards.map { ($0.uuid, $0) })
            try await Task.sleep(for: .seconds(1))
        }
    }
}
