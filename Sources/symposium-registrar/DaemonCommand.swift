import ArgumentParser
import FoundationEssentials
import Glibc
import Logging
import RegistrarClient
import RegistrarServer

struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the registrar: watch the display and serve the socket until SIGTERM or SIGINT.",
        discussion: """
            Editor extensions connect to the socket and register their windows by the title
            handshake (docs/PROTOCOL.md). Taskspaces without a window get a roll call about a
            second after start-up, every --roll-call-interval, at once when their window goes,
            and on `symposium-registrar register`. On SIGTERM/SIGINT pending requests are
            answered, the state file is written and the socket file removed.

            Prints `listening on <socket>` once clients can connect.

            Examples:
              symposium-registrar daemon
              symposium-registrar daemon --project ~/work/app.symposium --log-level info
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions
    @OptionGroup var loggingOptions: LoggingOptions

    @Option(name: .customLong("project"), help: ArgumentHelp(
        "A Symposium project directory (with project.json and task-<UUID>/) whose taskspaces to load; repeatable.",
        valueName: "dir"))
    var projects: [String] = []

    @Option(help: ArgumentHelp("Seconds a registration waits for its marker to appear in a title.", valueName: "seconds"))
    var registrationTimeout: Double = 4

    @Option(help: ArgumentHelp("Seconds between roll calls for taskspaces without a window.", valueName: "seconds"))
    var rollCallInterval: Double = 30

    @Option(help: ArgumentHelp(
        "Seconds after a registration during which no roll call goes to its taskspace (held back, sent after).",
        valueName: "seconds"))
    var rollCallQuiet: Double = 5

    @Option(help: ArgumentHelp(
        "Where learned taskspaces are kept (default: $XDG_STATE_HOME/symposium-registrar/<display>.json).",
        valueName: "path"))
    var stateFile: String?

    @Option(help: ArgumentHelp("The longest line a client may send, in bytes.", valueName: "bytes"))
    var lineLimit = 1 << 20

    @Option(help: ArgumentHelp("Bytes a client may leave unread before it is disconnected (roll calls count once per taskspace).",
                               valueName: "bytes"))
    var outboundBudget = 4 << 20

    @Option(help: ArgumentHelp(
        "Bytes all clients together may leave unread; over it, the one leaving most is disconnected.", valueName: "bytes"))
    var totalOutboundBudget = 16 << 20

    @Option(help: ArgumentHelp("Clients served at once; the next one is told why and closed.", valueName: "count"))
    var maxConnections = 256

    @Option(help: ArgumentHelp("Connections one process may hold (by the peer's pid); the next one from it is told why and closed.",
                               valueName: "count"))
    var maxConnectionsPerProcess = 64

    @Option(help: ArgumentHelp("Bytes of unfinished lines all clients together may hold; the client that passes it is closed.",
                               valueName: "bytes"))
    var inputBudget = 16 << 20

    @Option(help: ArgumentHelp(
        "Taskspaces the daemon learns at most; past it, one learned only from messages and named longest ago makes room.",
        valueName: "count"))
    var maxTaskspaces = 10_000

    @Option(help: ArgumentHelp(
        "Progress log entries kept per taskspace.json; the oldest go first, never a question the user has not seen.",
        valueName: "count"))
    var maxLogEntries = 500

    @Flag(inversion: .prefixedNo, help: "Show a desktop notification (session bus) when an agent asks for the user.")
    var notifications = true

    @Option(help: ArgumentHelp("The editor a new taskspace (spawn_taskspace, `new`) is opened in; \"\" for none.",
                               valueName: "program"))
    var editor = "code"

    @Option(name: .customLong("editor-arg"), help: ArgumentHelp("An argument for the editor, before the directory; repeatable.",
                                                                valueName: "arg"))
    var editorArguments: [String] = []

    @Option(help: ArgumentHelp("Seconds after which a taskspace learned only from messages, without a window, is forgotten when nothing named it.",
                               valueName: "seconds"))
    var forgetAfter: Double = 86_400

    @Option(help: ArgumentHelp("When every connection is taken, one idle this many seconds makes room for a new one.",
                               valueName: "seconds"))
    var idleTimeout: Double = 30

    @Option(help: ArgumentHelp(
        "Seconds a stop (SIGTERM, SIGINT) may take before the daemon leaves at once; a second signal leaves at once.",
        valueName: "seconds"))
    var stopTimeout: Double = 5

    @Option(help: ArgumentHelp("Seconds an agent's delete_taskspace waits for the user's decision before it counts as cancelled.",
                               valueName: "seconds"))
    var deleteDecisionTimeout: Double = 600

    @Option(help: ArgumentHelp("Registrations one client may have waiting at once.", valueName: "count"))
    var maxPending = 64

    @Option(help: ArgumentHelp(
        "The command Symposium's extension starts the agent with, as shell words (default: from each project's project.json agent).",
        valueName: "words"))
    var agentCommand: String?

    @Option(help: ArgumentHelp(
        "Symposium's bus to take part in: auto (\(DaemonConfiguration.symposiumBusPath), whenever something listens there), off, or a path.",
        valueName: "auto|off|path"))
    var symposiumBus = "auto"

    @Flag(help: "Take over from a running registrar: the one on this socket is asked to shut down, and one on this display (another socket, user or host) loses its selection and leaves.")
    var replace = false

    @Flag(help: .hidden)
    var scanPerRequest = false

    func validate() throws {
        try SecondsOption.check(registrationTimeout, "registration-timeout", from: 0, to: 3600, includingLowest: false)
        if let agentCommand {
            do {
                guard !(try ShellWords.split(agentCommand)).isEmpty else { throw ValidationError("--agent-command is empty") }
            } catch let error as ShellWords.Unterminated {
                throw ValidationError("--agent-command: \(error)")
            }
        }
        try SecondsOption.check(rollCallQuiet, "roll-call-quiet", from: 0, to: 3600)
        try SecondsOption.check(rollCallInterval, "roll-call-interval", from: 0.05, to: 86_400)
        try SecondsOption.check(idleTimeout, "idle-timeout", from: 0, to: 86_400, includingLowest: false)
        try SecondsOption.check(forgetAfter, "forget-after", from: 1, to: 365 * 86_400)
        try SecondsOption.check(stopTimeout, "stop-timeout", from: 0.5, to: 300)
        try SecondsOption.check(deleteDecisionTimeout, "delete-decision-timeout", from: 1, to: 7 * 86400)
        guard lineLimit >= 1024 else { throw ValidationError("--line-limit must be at least 1024 bytes") }
        guard outboundBudget >= 4096 else { throw ValidationError("--outbound-budget must be at least 4096 bytes") }
        guard totalOutboundBudget >= outboundBudget else {
            throw ValidationError("--total-outbound-budget must be at least --outbound-budget")
        }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        guard maxConnectionsPerProcess >= 1 else { throw ValidationError("--max-connections-per-process must be at least 1") }
        guard inputBudget >= lineLimit else { throw ValidationError("--input-budget must be at least --line-limit") }
        guard maxTaskspaces >= 1 else { throw ValidationError("--max-taskspaces must be at least 1") }
        guard maxLogEntries >= 1 else { throw ValidationError("--max-log-entries must be at least 1") }
        guard maxPending >= 1 else { throw ValidationError("--max-pending must be at least 1") }
    }

    func run() async throws {
        loggingOptions.bootstrap()
        let display = displayOptions.display
        let socket = socketOptions.path(display: display)
        let logger = Logger(label: "symposium-registrar")
        let lock: InstanceLock
        switch try await DaemonStartup.claim(socketPath: socket, explicit: socketOptions.isExplicit,
                                             runtimeDirectory: socketOptions.runtimeDirectory,
                                             replace: replace, logger: logger) {
        case .serve(let held):
            lock = held
        case .alreadyRunning(let pid, let socket):
            let who = "pid \(pid.map(String.init) ?? "unknown")"
            // Under the unit (a client started a daemon before the session did): ready, and why it
            // leaves, so systemd records a clean exit rather than a start that failed.
            SystemdNotify.send("READY=1\nSTATUS=another daemon (\(who)) serves \(socket); this one left")
            try Console.out("already running (\(who), socket \(socket))\n")
            return
        }
        var configuration = DaemonConfiguration(
            display: display, socketPath: socket,
            stateFile: stateFile ?? DaemonConfiguration.defaultStateFile(display: display),
            projects: projects,
            registrationTimeout: .seconds(registrationTimeout),
            rollCallInterval: .seconds(rollCallInterval),
            lineLimit: lineLimit, outboundBudget: outboundBudget)
        configuration.scanPerRequest = scanPerRequest
        configuration.claimsSelection = !scanPerRequest
        configuration.replace = replace
        configuration.connectionLimit = maxConnections
        configuration.perProcessConnectionLimit = maxConnectionsPerProcess
        configuration.totalOutboundBudget = totalOutboundBudget
        configuration.pendingLimit = maxPending
        configuration.taskspaceLimit = maxTaskspaces
        configuration.logEntryLimit = maxLogEntries
        configuration.notifications = notifications
        configuration.editorCommand = editor.isEmpty ? [] : [editor] + editorArguments
        configuration.forgetUnnamedAfter = .seconds(forgetAfter)
        configuration.stopTimeout = .seconds(stopTimeout)
        configuration.deleteDecisionTimeout = .seconds(deleteDecisionTimeout)
        configuration.inputBudget = inputBudget
        configuration.idleTimeout = .seconds(idleTimeout)
        configuration.rollCallQuiet = .seconds(rollCallQuiet)
        configuration.symposiumBus = switch symposiumBus {
        case "off": nil
        case "auto": DaemonConfiguration.symposiumBusPath
        default: symposiumBus
        }
        configuration.agentCommand = try agentCommand.map { try ShellWords.split($0) }
        let daemon = try await RegistrarDaemon.prepare(
            configuration: configuration, environment: .live(configuration, logger: logger), records: lock, logger: logger)
        // Printed once SIGTERM and SIGINT are handled: a stop asked for from then on is graceful.
        try await daemon.run(ready: { try? Console.out("listening on \(socket)\n") })
    }
}
