/// The `data` of the `registrar_status` reply: what `status` prints for people and
/// `status --json` passes on to scripts.
public struct StatusData: Codable, Sendable {
    public var pid: Int
    public var version: String
    public var socket: String
    public var display: String
    public var startedAt: String
    public var stateFile: String
    public var lockFile: String
    public var heartbeat: String?
    public var registrationTimeoutSeconds: Double
    public var rollCallIntervalSeconds: Double
    public var x11: X11
    public var windows: Int
    public var markedWindows: Int
    public var pendingRegistrations: Int
    public var clients: [Client]
    /// One page of the taskspaces (`registrar_status`'s `offset` and `limit`, 100 by default),
    /// or those its `taskspace` selects.
    public var taskspaces: [TaskspaceEntry]
    /// How many taskspaces there are (or the selection holds); `taskspaces` is a page of them.
    public var taskspaceCount: Int?
    /// Where the page starts among them.
    public var taskspacesOffset: Int?
    /// The link to Symposium's bus.
    public var bus: Bus?
    /// `taskspace.json` writes that fail and are being tried again.
    public var fileErrors: [FileError]?
    /// Desktop notifications: `connected` (with the server), `unavailable` or `off`, and why.
    public var notifications: Notifications?
    /// What the daemon counted and holds (`HealthData`).
    public var health: HealthData?
    /// Projects with stacked windows on, and how their stacks stand.
    public var stacks: [StackReport]?

    public struct Notifications: Codable, Sendable {
        public var state: String
        public var reason: String?
        public var server: String?
        /// Whether the server shows actions (Focus, Delete, Keep).
        public var actions: Bool?

        public init(state: String, reason: String? = nil, server: String? = nil, actions: Bool? = nil) {
            self.state = state
            self.reason = reason
            self.server = server
            self.actions = actions
        }
    }

    public init(pid: Int, version: String, socket: String, display: String, startedAt: String, stateFile: String,
                lockFile: String, heartbeat: String?, registrationTimeoutSeconds: Double, rollCallIntervalSeconds: Double,
                x11: X11, windows: Int, markedWindows: Int, pendingRegistrations: Int, clients: [Client],
                taskspaces: [TaskspaceEntry], bus: Bus? = nil, fileErrors: [FileError]? = nil) {
        self.pid = pid
        self.version = version
        self.socket = socket
        self.display = display
        self.startedAt = startedAt
        self.stateFile = stateFile
        self.lockFile = lockFile
        self.heartbeat = heartbeat
        self.registrationTimeoutSeconds = registrationTimeoutSeconds
        self.rollCallIntervalSeconds = rollCallIntervalSeconds
        self.x11 = x11
        self.windows = windows
        self.markedWindows = markedWindows
        self.pendingRegistrations = pendingRegistrations
        self.clients = clients
        self.taskspaces = taskspaces
        self.bus = bus
        self.fileErrors = fileErrors
    }

    enum CodingKeys: String, CodingKey {
        case pid, version, socket, display, heartbeat, x11, windows, clients, taskspaces, bus, notifications, health, stacks
        case fileErrors = "file_errors"
        case taskspaceCount = "taskspace_count"
        case taskspacesOffset = "taskspaces_offset"
        case startedAt = "started_at"
        case stateFile = "state_file"
        case lockFile = "lock_file"
        case registrationTimeoutSeconds = "registration_timeout_seconds"
        case rollCallIntervalSeconds = "roll_call_interval_seconds"
        case markedWindows = "marked_windows"
        case pendingRegistrations = "pending_registrations"
    }

    /// A file the daemon could not write (tried again), or a project file it refused or could
    /// not read (`operation` "read").
    public struct FileError: Codable, Sendable {
        public var path: String
        public var error: String
        public var since: String
        public var attempts: Int
        /// `read`, or nil for a write.
        public var operation: String?

        public init(path: String, error: String, since: String, attempts: Int, operation: String? = nil) {
            self.path = path
            self.error = error
            self.since = since
            self.attempts = attempts
            self.operation = operation
        }
    }

    /// The registrar's place on Symposium's bus (PROTOCOL.md 8.1).
    public struct Bus: Codable, Sendable {
        public var path: String?
        /// `off`, `waiting`, `joined` or `refused`.
        public var state: String
        public var since: String
        public var reason: String?
        public var messagesIn: Int
        public var messagesOut: Int
        /// How often it joined; more than one means it rejoined after the bus went away.
        public var joins: Int
        /// Whether the bus may make the registrar act (spawn and delete taskspaces): `allowed`,
        /// or `refused: <why>` (its socket lets others in); nil while not joined.
        public var acting: String?

        public init(path: String?, state: String, since: String, reason: String?, messagesIn: Int, messagesOut: Int, joins: Int) {
            self.path = path
            self.state = state
            self.since = since
            self.reason = reason
            self.messagesIn = messagesIn
            self.messagesOut = messagesOut
            self.joins = joins
        }

        enum CodingKeys: String, CodingKey {
            case path, state, since, reason, joins, acting
            case messagesIn = "messages_in"
            case messagesOut = "messages_out"
        }
    }

    /// The X connection as the daemon's watcher sees it.
    public struct X11: Codable, Sendable {
        /// `connecting`, `connected` or `disconnected`.
        public var state: String
        public var since: String
        public var reconnects: Int
        /// `ewmh` or `tree-walk`, while connected.
        public var mode: String?
        public var manager: String?
        /// Why it is disconnected.
        public var reason: String?
        public var selection: String?
        public var selectionWindow: String?
        public var selectionOwner: String?
        /// Windows retitled so fast that their titles are polled rather than watched.
        public var mutedWindows: Int?

        public init(state: String, since: String, reconnects: Int, mode: String? = nil, manager: String? = nil,
                    reason: String? = nil, selection: String? = nil, selectionWindow: String? = nil,
                    selectionOwner: String? = nil) {
            self.state = state
            self.since = since
            self.reconnects = reconnects
            self.mode = mode
            self.manager = manager
            self.reason = reason
            self.selection = selection
            self.selectionWindow = selectionWindow
            self.selectionOwner = selectionOwner
        }

        enum CodingKeys: String, CodingKey {
            case state, since, reconnects, mode, manager, reason, selection
            case mutedWindows = "muted_windows"
            case selectionWindow = "selection_window"
            case selectionOwner = "selection_owner"
        }
    }

    /// A connected client.
    public struct Client: Codable, Sendable {
        public var id: Int
        public var name: String?
        public var connectedAt: String
        public var messages: Int

        public init(id: Int, name: String?, connectedAt: String, messages: Int) {
            self.id = id
            self.name = name
            self.connectedAt = connectedAt
            self.messages = messages
        }

        enum CodingKeys: String, CodingKey {
            case id, name, messages
            case connectedAt = "connected_at"
        }
    }

    /// A known taskspace and its windows.
    public struct TaskspaceEntry: Codable, Sendable {
        public var uuid: String
        public var name: String?
        public var description: String?
        /// `registered` (it has a window) or `unregistered`.
        public var state: String
        public var windows: [String]
        public var lastRollCall: String?
        public var projectPath: String?
        public var directory: String?
        /// Since when its agent waits for the user (`signal_user`), until the user sees it.
        public var attentionSince: String?
        /// Why no desktop notification shows that, when none does.
        public var notificationProblem: String?
        /// From its `taskspace.json`: `hatchling` (its agent has not started) or `resume`, and
        /// the newest log entry.
        public var lifecycle: String?
        public var newestLog: String?
        public var newestLogCategory: String?
        public var newestLogAt: String?

        public init(uuid: String, name: String?, description: String?, state: String, windows: [String],
                    lastRollCall: String?, projectPath: String?, directory: String?) {
            self.uuid = uuid
            self.name = name
            self.description = description
            self.state = state
            self.windows = windows
            self.lastRollCall = lastRollCall
            self.projectPath = projectPath
            self.directory = directory
        }

        public var isRegistered: Bool { state == "registered" }

        enum CodingKeys: String, CodingKey {
            case uuid, name, description, state, windows, directory
            case lastRollCall = "last_roll_call"
            case projectPath = "project_path"
            case attentionSince = "attention_since"
            case notificationProblem = "notification_problem"
            case lifecycle
            case newestLog = "newest_log"
            case newestLogCategory = "newest_log_category"
            case newestLogAt = "newest_log_at"
        }
    }
}
