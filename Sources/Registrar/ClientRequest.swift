import RegistrarProtocol

/// A message the registrar answers itself, in the registrar's own terms (PROTOCOL.md section
/// 4), or the instruction to log or relay it. The wire schema is each request's `Codable` type
/// in RegistrarProtocol; this adds what only the registrar knows (a UUID is a taskspace's, a
/// marker's), so the error a client gets still names the field that was wrong.
public enum ClientRequest: Hashable, Sendable {
    /// `update_taskspace`: metadata, and a registration when `window` is set.
    case updateTaskspace(TaskspaceUpdate, window: WindowQuery?)
    /// `register_taskspace_window`: Symposium's registration, answered in `data.success`.
    case registerWindow(TaskspaceID, WindowQuery)
    /// `registrar_status`: the daemon's state with one page of its taskspaces, or those a
    /// UUID or name selects.
    case status(StatusQuery)
    /// `registrar_windows`; `markedOnly` (`"marked_only": true`) leaves out windows without a marker.
    case windows(markedOnly: Bool)
    /// `registrar_roll_call`: nil means every taskspace.
    case rollCall(TaskspaceID?)
    case log(level: String, message: String)
    /// `registrar_shutdown`: a starting `daemon --replace` asks this one to leave.
    case shutdown
    /// `registrar_focus`: bring the taskspace's window to the front.
    case focus(TaskspaceID)
    /// `taskspace_state` (PROTOCOL.md 8.3): a read when nothing is set, else an update.
    case taskspaceState(TaskspaceStateChange)
    /// `log_progress`, and `signal_user` (a `question` that also asks for the user's attention).
    case progress(ProgressEntry)
    /// `spawn_taskspace`, and the CLI's `new`: a new taskspace in a project.
    case spawn(SpawnTaskspaceRequest)
    /// `delete_taskspace`: an agent asks for its taskspace to go; answered once the user decides.
    case deleteTaskspace(TaskspaceID, projectPath: String?)
    /// `registrar_delete`: the user's side of a deletion.
    case deleteDecision(TaskspaceID, DeleteDecisionRequest)
    /// `registrar_watch`: be told of every card change.
    case watch
    /// `registrar_open`: the taskspace's window focused, its editor started when it has none.
    case open(TaskspaceID)
    /// `registrar_stack`: a project's stacked windows turned on or off, or asked about.
    case stack(projectPath: String?, enabled: Bool?)
    case relay

    /// A line for a taskspace's log, from its agent (PROTOCOL.md 8.4, 8.6).
    public struct ProgressEntry: Hashable, Sendable {
        public var taskspace: TaskspaceID
        /// The project the agent says it is in (`…/<Name>.symposium`), as it spelled it.
        public var projectPath: String?
        public var message: String
        public var category: ProgressCategory
        /// `signal_user`: the user is to be told, not only the log written.
        public var signalsUser: Bool

        public init(taskspace: TaskspaceID, projectPath: String?, message: String, category: ProgressCategory,
                    signalsUser: Bool = false) {
            self.taskspace = taskspace
            self.projectPath = projectPath
            self.message = message
            self.category = category
            self.signalsUser = signalsUser
        }
    }

    /// Which taskspaces a status reply lists (`StatusRequest` with its defaults filled in).
    public struct StatusQuery: Hashable, Sendable {
        /// A UUID (any case) or a name: only the taskspaces it names.
        public var taskspace: String?
        public var offset: Int
        public var limit: Int

        public init(taskspace: String? = nil, offset: Int = 0, limit: Int = StatusRequest.defaultLimit) {
            self.taskspace = taskspace
            self.offset = offset
            self.limit = limit
        }
    }

    public struct TaskspaceStateChange: Hashable, Sendable {
        public var taskspace: TaskspaceID
        public var name: String?
        public var description: String?
        public var collaborator: String?

        public var isRead: Bool { name == nil && description == nil && collaborator == nil }
    }

    public struct TaskspaceUpdate: Hashable, Sendable {
        public var taskspace: TaskspaceID
        public var name: String?
        public var description: String?
        public var projectPath: String?
    }

    /// A field-level complaint, sent back as the reply's `error`.
    public typealias Invalid = InvalidRequest

    /// Reads `message`'s payload through its request type (RegistrarProtocol) and turns what it
    /// names into the registrar's own values; a type the registrar does not answer is relayed.
    public init(_ message: IncomingMessage) throws(Invalid) {
        let fallback = message.sender?.taskspaceUuid
        switch message.type {
        case RequestType.updateTaskspace:
            let request = try message.payload(as: UpdateTaskspaceRequest.self)
            let update = TaskspaceUpdate(
                taskspace: try Self.taskspace(request.taskspaceUUID ?? fallback),
                name: request.name, description: request.description, projectPath: request.projectPath)
            let window = try request.windowUUID.map { text throws(Invalid) in
                guard let marker = Marker(uuid: text) else {
                    throw Invalid("field \"window_uuid\" must be a UUID, got \"\(text.prefix(80))\"")
                }
                return WindowQuery.marker(marker)
            }
            self = .updateTaskspace(update, window: window)
        case RequestType.registerTaskspaceWindow:
            let request = try message.payload(as: RegisterTaskspaceWindowRequest.self)
            self = .registerWindow(try Self.taskspace(request.taskspaceUUID ?? fallback), WindowQuery(windowTitle: request.windowTitle))
        case RequestType.status:
            let request = try message.payload(as: StatusRequest.self)
            self = .status(StatusQuery(taskspace: request.taskspace, offset: request.offset ?? 0,
                                       limit: request.limit ?? StatusRequest.defaultLimit))
        case RequestType.windows:
            self = .windows(markedOnly: try message.payload(as: WindowsRequest.self).markedOnly)
        case RequestType.rollCall:
            let request = try message.payload(as: RollCallRequest.self)
            if request.all == true {
                self = .rollCall(nil)
            } else if let text = request.taskspaceUUID ?? fallback {
                self = .rollCall(try Self.taskspace(text))
            } else {
                throw Invalid("registrar_roll_call needs \"all\": true or a \"taskspace_uuid\"")
            }
        case RequestType.shutdown:
            self = .shutdown
        case RequestType.focus:
            self = .focus(try Self.taskspace(try message.payload(as: TaskspaceRequest.self).taskspaceUUID ?? fallback))
        case RequestType.taskspaceState:
            let request = try message.payload(as: TaskspaceStateRequest.self)
            self = .taskspaceState(TaskspaceStateChange(
                taskspace: try Self.taskspace(request.taskspaceUUID ?? fallback), name: request.name,
                description: request.description, collaborator: request.collaborator))
        case RequestType.logProgress:
            let request = try message.payload(as: LogProgressRequest.self)
            self = .progress(ProgressEntry(taskspace: try Self.taskspace(request.taskspaceUUID ?? fallback),
                                           projectPath: request.projectPath, message: request.message,
                                           category: request.category))
        case RequestType.signalUser:
            let request = try message.payload(as: SignalUserRequest.self)
            self = .progress(ProgressEntry(taskspace: try Self.taskspace(request.taskspaceUUID ?? fallback),
                                           projectPath: request.projectPath, message: request.message,
                                           category: .question, signalsUser: true))
        case RequestType.spawnTaskspace:
            self = .spawn(try message.payload(as: SpawnTaskspaceRequest.self))
        case RequestType.deleteTaskspace:
            let request = try message.payload(as: DeleteTaskspaceRequest.self)
            self = .deleteTaskspace(try Self.taskspace(request.taskspaceUUID ?? fallback), projectPath: request.projectPath)
        case RequestType.delete:
            let request = try message.payload(as: DeleteDecisionRequest.self)
            self = .deleteDecision(try Self.taskspace(request.taskspaceUUID), request)
        case RequestType.watch:
            self = .watch
        case RequestType.open:
            self = .open(try Self.taskspace(try message.payload(as: TaskspaceRequest.self).taskspaceUUID ?? fallback))
        case RequestType.stack:
            let request = try message.payload(as: StackRequest.self)
            self = .stack(projectPath: request.projectPath, enabled: request.enabled)
        case RequestType.log:
            let request = (try? message.payload(as: LogRequest.self)) ?? LogRequest(level: nil, message: nil)
            self = .log(level: request.level ?? "info", message: request.message ?? message.text)
        default:
            self = .relay
        }
    }

    /// A taskspace's UUID as a client spelled it (its payload's, else its sender's).
    private static func taskspace(_ text: String?) throws(Invalid) -> TaskspaceID {
        guard let text else { throw Invalid("missing field \"taskspace_uuid\" (and no sender.taskspaceUuid)") }
        guard let id = TaskspaceID(text) else {
            throw Invalid("field \"taskspace_uuid\" must be a UUID, got \"\(text.prefix(80))\"")
        }
        return id
    }
}
