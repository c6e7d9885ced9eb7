import FoundationEssentials
import Glibc

/// Everything a daemon is started with; the CLI fills it from its options.
public struct DaemonConfiguration: Sendable {
    /// nil means `$DISPLAY`.
    public var display: String?
    public var socketPath: String
    /// Where learned taskspaces are kept between runs.
    public var stateFile: String
    public var projects: [String]
    public var registrationTimeout: Duration
    public var rollCallInterval: Duration
    public var startupRollCallDelay: Duration
    /// Longest line a client may send, in bytes.
    public var lineLimit: Int
    /// Bytes a client may have waiting to be written before it is cut off.
    public var outboundBudget: Int
    /// Bytes all clients together may have waiting; over it, the one holding most is cut off.
    public var totalOutboundBudget = 16 << 20
    /// Clients served at once; the next one is told why and closed.
    public var connectionLimit = 256
    /// Connections one peer process may hold, so no process can take the whole table.
    public var perProcessConnectionLimit = 64
    /// Bytes of unfinished lines all connections together may hold.
    public var inputBudget = 16 << 20
    /// Taskspaces the daemon learns at most; past it, one learned only from messages and named
    /// longest ago makes room, and a message is refused only when none can.
    public var taskspaceLimit = 10_000
    /// Progress log entries kept per `taskspace.json` (`log_progress`, `signal_user`).
    public var logEntryLimit = 500
    /// Desktop notifications for `signal_user` on the session bus.
    public var notifications = true
    /// The editor a spawned taskspace is opened in: program and arguments (the worktree is
    /// added last). Empty: none is started.
    public var editorCommand = ["code"]
    /// How long an agent's `delete_taskspace` waits for the user before it counts as cancelled.
    public var deleteDecisionTimeout: Duration = .seconds(600)
    /// How long `registrar_open` waits for a started editor's window to register.
    public var openTimeout: Duration = .seconds(30)
    /// How long a deletion waits for the taskspace's windows to close.
    public var windowCloseTimeout: Duration = .seconds(15)
    /// A taskspace learned only from messages is forgotten when nothing named it for this long.
    public var forgetUnnamedAfter: Duration = .seconds(24 * 3600)
    /// When every connection is taken, one idle this long makes room for a new one.
    public var idleTimeout: Duration = .seconds(30)
    /// Registrations one client may have waiting at once.
    public var pendingLimit = 64
    /// Benchmarks only: answer each registration from a fresh scan of the display, as a
    /// registrar without a live index must, instead of from the index.
    public var scanPerRequest = false
    /// Claim the display's manager selection (off only for a benchmark's second daemon).
    public var claimsSelection = true
    /// Take the socket and the selection over from a running registrar.
    public var replace = false
    /// Symposium's bus to take part in (PROTOCOL.md 8.1); nil: none. The CLI's default is
    /// `symposiumBusPath`.
    public var symposiumBus: String?
    /// Where Symposium's components meet: `symposium-mcp daemon`'s fixed socket.
    public static let symposiumBusPath = "/tmp/symposium-daemon.sock"
    /// The agent command `taskspace_state` answers; nil: derived from each project's `agent`.
    public var agentCommand: [String]?
    /// How long after a registration's answer roll calls for its taskspace are held back.
    public var rollCallQuiet: Duration = .seconds(5)
    /// How long after the last of a burst of changes the state file is written.
    public var stateWriteDelay: Duration = .milliseconds(50)
    /// How often the instance record in the lock file is rewritten.
    public var heartbeatInterval: Duration = .seconds(5)
    /// How often a failed `taskspace.json` write is tried again.
    public var fileRetryInterval: Duration = .seconds(5)
    /// How long a request that acts on the display (focus) waits for the X server.
    public var xActionTimeout: Duration = .seconds(2)
    /// How long a stop may take (answers, the last state write, the display let go) before
    /// the daemon leaves at once.
    public var stopTimeout: Duration = .seconds(5)
    /// How long clients may read their last answers at shutdown before they are cut off.
    public var shutdownGrace: Duration = .seconds(2)

    public init(
        display: String?, socketPath: String, stateFile: String, projects: [String] = [],
        registrationTimeout: Duration = .seconds(4), rollCallInterval: Duration = .seconds(30),
        startupRollCallDelay: Duration = .seconds(1), lineLimit: Int = 1 << 20, outboundBudget: Int = 4 << 20
    ) {
        self.display = display
        self.socketPath = socketPath
        self.stateFile = stateFile
        self.projects = projects
        self.registrationTimeout = registrationTimeout
        self.rollCallInterval = rollCallInterval
        self.startupRollCallDelay = startupRollCallDelay
        self.lineLimit = lineLimit
        self.outboundBudget = outboundBudget
    }

    /// The default state file for `display` (nil: `$DISPLAY`).
    public static func defaultStateFile(display: String?) -> String {
        let environment = ProcessInfo.processInfo.environment
        return DaemonState.defaultPath(display: display ?? environment["DISPLAY"] ?? "", environment: environment)
    }
}
