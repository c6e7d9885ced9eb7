import ArgumentParser
import FoundationEssentials
import Registrar
import RegistrarClient
import RegistrarProtocol

struct NewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Make a new taskspace in a Symposium project, as an agent's spawn_taskspace does.",
        discussion: """
            The daemon makes task-<UUID> with a git worktree of the project's repository on a
            branch taskspace-<UUID> from the project's base branch, writes taskspace.json (not
            started yet, with the prompt as Symposium wraps it), lists it in project.json and
            starts the editor it was told to (daemon --editor) in the worktree, outside its own
            service. The editor's extension then registers the window as usual.

            Example:
              symposium-registrar new --project ~/work/app.symposium --name "Fix the parser" \\
                --prompt "The parser drops trailing commas"
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions
    @OptionGroup var startOptions: StartOptions

    @Option(help: ArgumentHelp("The project directory (with project.json).", valueName: "dir"))
    var project: String

    @Option(help: "The taskspace's name.")
    var name: String

    @Option(help: "What the taskspace is for.")
    var description = ""

    @Option(help: "What the agent is asked to do first.")
    var prompt = ""

    @Option(help: "The collaborator the agent takes on.")
    var collaborator: String?

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    func validate() throws {
        guard !name.isEmpty else { throw ValidationError("--name must not be empty") }
        guard !project.isEmpty else { throw ValidationError("--project must name a directory") }
    }

    private var starter: DaemonStarter? {
        startOptions.starter(display: displayOptions.display, socketIsExplicit: socketOptions.isExplicit)
    }

    func run() async throws {
        let path = URL(fileURLWithPath: project).standardizedFileURL.path
        let request = SpawnTaskspaceRequest(projectPath: path, name: name, taskDescription: description,
                                            initialPrompt: prompt.isEmpty ? description : prompt, collaborator: collaborator)
        let spawned = try await DaemonLink.withClient(socketOptions.path(display: displayOptions.display), starter: starter) {
            (client) throws(RegistrarError) in
            try await DaemonLink.request(client, RequestType.spawnTaskspace, request, answer: TaskspaceSpawned.self, timeout: .seconds(120))
        }
        if json {
            try Console.out(WireJSON.encode(spawned) + "\n")
            return
        }
        let editor = spawned.editorLaunch.map { "; editor started (\($0))" } ?? spawned.editorError.map { "; editor not started: \($0)" } ?? ""
        try Console.out("made taskspace \(spawned.taskspaceUUID) in \(spawned.directory): worktree \(spawned.worktree) on "
            + "\(spawned.branch) from \(spawned.baseBranch) (git \(spawned.gitMilliseconds) ms)\(editor)\n")
    }
}
