import ArgumentParser
import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol
import RegistrarClient

struct OpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Bring a taskspace's editor to the front, starting the editor when it has no window.",
        discussion: """
            First a roll call: an editor already showing the taskspace answers it by registering
            (the "existing window" case). If no window registers within --wait-existing seconds,
            the editor is started on the taskspace's directory (task-<UUID>/<repository>, or the
            taskspace directory when there is no repository), without a shell. Once its window
            registers it is focused.

            Exits 0 once the taskspace's window is focused, an existing one or the started
            editor's; the output (and --json's "how": "existing" or "launched") says which.
            Exit codes otherwise: 11 the editor was started but no window registered within
            --timeout; 12 no taskspace has that UUID or name; 4 no daemon.

            Examples:
              symposium-registrar open 6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F
              symposium-registrar open "Fix the parser" --editor codium
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions
    @OptionGroup var startOptions: StartOptions

    @Argument(help: ArgumentHelp("The taskspace's UUID or name.", valueName: "uuid-or-name"))
    var taskspace: String

    @Flag(help: "Print the outcome as JSON: taskspace_uuid, name, window_id, how (existing|launched), editor_pid, milliseconds.")
    var json = false

    @Option(help: ArgumentHelp("The editor to start, by name or path.", valueName: "program"))
    var editor = "code"

    @Option(name: .customLong("editor-arg"), help: ArgumentHelp("An argument for the editor, before the directory; repeatable.", valueName: "arg"))
    var editorArguments: [String] = []

    @Option(help: ArgumentHelp("Seconds to wait for a started editor's window to register.", valueName: "seconds"))
    var timeout: Double = 30

    @Option(help: ArgumentHelp("Seconds to wait for an existing window to answer the roll call.", valueName: "seconds"))
    var waitExisting: Double = 1

    func validate() throws {
        try SecondsOption.check(timeout, "timeout", from: 0, to: 3600, includingLowest: false)
        try SecondsOption.check(waitExisting, "wait-existing", from: 0, to: 3600)
        guard !editor.isEmpty else { throw ValidationError("--editor must name a program") }
    }

    private var starter: DaemonStarter? {
        startOptions.starter(display: displayOptions.display, socketIsExplicit: socketOptions.isExplicit)
    }

    func run() async throws {
        let started = ContinuousClock.now
        let opened = try await DaemonLink.withClient(socketOptions.path(display: displayOptions.display), starter: starter) {
            (client) throws(RegistrarError) in try await open(client: client, started: started)
        }
        if json { return try Console.out(WireJSON.encode(opened) + "\n") }
        switch opened.how {
        case .existing:
            try Console.out("focused the existing window \(opened.windowID) of \(opened.label) in \(opened.milliseconds) ms\n")
        case .launched:
            try Console.out("started \(editor) (pid \(opened.editorPID ?? 0)), registered and focused its window "
                + "\(opened.windowID) of \(opened.label) in \(opened.milliseconds) ms\n")
        }
    }

    private func open(client: RegistrarClient, started: ContinuousClock.Instant) async throws(RegistrarError) -> OpenOutcome {
        let found = try await TaskspaceLookup.find(taskspace, in: client)
        let called = try await DaemonLink.request(client, "registrar_roll_call", RollCallRequest.taskspace(found.uuid),
                                                  answer: RollCallSent.self)
        var existing = found.windows.last
        // A roll call held back means a registration for the taskspace is under way: an editor
        // is answering. It gets its registration's time (and the quiet after) before another
        // editor is started beside it.
        let wait = called.heldBack > 0 ? max(waitExisting, Self.registrationUnderWay) : waitExisting
        if existing == nil, called.heldBack > 0 {
            Console.error("a registration for \(found.label) is under way; waiting up to \(Int(wait)) s for its window "
                + "before starting \(editor)")
        }
        if existing == nil { existing = try await waitForWindow(found.uuid, client: client, seconds: wait) }
        if existing != nil {
            let window = try await FocusCommand.focus(found, client: client).windowID
            return OpenOutcome(found, window: window, how: .existing, editorPID: nil, since: started)
        }

        guard let directory = found.directory else {
            throw RegistrarError(.failure, "\(found.label) has no window and no directory to open: it was not loaded from a project (--project)")
        }
        let workingDirectory = EditorLauncher.workingDirectory(ofTaskspace: directory)
        let pid: pid_t
        do {
            pid = try EditorLauncher.launch(editor, arguments: editorArguments + [workingDirectory], in: workingDirectory)
        } catch {
            throw RegistrarError(.failure, "\(error)")
        }
        guard try await waitForWindow(found.uuid, client: client, seconds: timeout) != nil else {
            throw RegistrarError(.editorNeverRegistered,
                                 "\(editor) started (pid \(pid)) on \(workingDirectory), but no window registered for \(found.label) within \(timeout) s")
        }
        let window = try await FocusCommand.focus(found, client: client).windowID
        return OpenOutcome(found, window: window, how: .launched, editorPID: Int(pid), since: started)
    }

    /// How long a registration under way may take to find its window: the daemon's default
    /// deadline (4 s) and its quiet after (5 s), with a second to spare.
    static let registrationUnderWay: Double = 10

    /// Polls the daemon until the taskspace has a window; answers it, or nil after `seconds`.
    private func waitForWindow(_ uuid: String, client: RegistrarClient, seconds: Double) async throws(RegistrarError) -> String? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        repeat {
            let entry = try await DaemonLink.status(client, StatusRequest(taskspace: uuid, limit: 1)).taskspaces.first
            if let window = entry?.windows.last { return window }
            do {
                try await Task.sleep(for: .milliseconds(25))
            } catch {
                throw RegistrarError(.failure, "interrupted")
            }
        } while ContinuousClock.now < deadline
        return nil
    }

}

/// What `open` did, for people and for `--json`.
struct OpenOutcome: Encodable, Sendable {
    enum How: String, Encodable, Sendable {
        /// A window already showing the taskspace answered its roll call.
        case existing
        /// The editor was started and its window registered.
        case launched
    }

    let taskspaceUUID: String
    let name: String?
    let windowID: String
    let how: How
    let editorPID: Int?
    let milliseconds: Int
    let label: String

    init(_ found: TaskspaceLookup, window: String, how: How, editorPID: Int?, since start: ContinuousClock.Instant) {
        taskspaceUUID = found.uuid
        name = found.entry.name
        windowID = window
        self.how = how
        self.editorPID = editorPID
        milliseconds = Int(((ContinuousClock.now - start).inSeconds * 1000).rounded())
        label = found.label
    }

    enum CodingKeys: String, CodingKey {
        case name, how, milliseconds
        case taskspaceUUID = "taskspace_uuid"
        case windowID = "window_id"
        case editorPID = "editor_pid"
    }
}
