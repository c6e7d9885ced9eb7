/// A message the registrar answers itself, decoded from its envelope (PROTOCOL.md section 4),
/// or the instruction to log or relay it. Decoding checks every field the registrar reads, so
/// the error a client gets names the field that was wrong.
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
    case relay

    /// Which taskspaces a status reply lists: replies stay far below any client's line limit
    /// however many taskspaces there are.
    public struct StatusQuery: Hashable, Sendable {
        /// A UUID (any case) or a name: only the taskspaces it names.
        public var taskspace: String?
        public var offset: Int
        public var limit: Int

        public init(taskspace: String? = nil, offset: Int = 0, limit: Int = StatusQuery.defaultLimit) {
            self.taskspace = taskspace
            self.offset = offset
            self.limit = limit
        }

        public static let defaultLimit = 100
        /// The most a page may hold: 1000 entries of 4 KiB name and description stay under 10 MB.
        public static let maximumLimit = 1000
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

    /// Every message type the registrar answers itself (the rest is relayed).
    public static let answeredTypes: Set<String> = [
        "update_taskspace", "register_taskspace_window", "registrar_status", "registrar_windows", "registrar_roll_call",
        "registrar_shutdown", "registrar_focus", "taskspace_state", "registrar_open", "log",
    ]

    /// The most bytes a name, description, collaborator, project path or window title may have.
    public static let textLimit = 4096

    /// A field-level complaint, sent back as the reply's `error`.
    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    public init(_ envelope: Envelope) throws(Invalid) {
        let fields = PayloadFields(envelope: envelope)
        switch envelope.type {
        case "update_taskspace":
            let update = TaskspaceUpdate(
                taskspace: try fields.taskspace(),
                name: try fields.optionalText("name"),
                description: try fields.optionalText("description"),
                projectPath: try fields.optionalText("project_path"))
            let window = try fields.optionalString("window_uuid").map { text throws(Invalid) in
                guard let marker = Marker(uuid: text) else {
                    throw Invalid("field \"window_uuid\" must be a UUID, got \"\(text.prefix(80))\"")
                }
                return WindowQuery.marker(marker)
            }
            self = .updateTaskspace(update, window: window)
        case "register_taskspace_window":
            guard let title = try fields.optionalText("window_title") else { throw Invalid("missing field \"window_title\"") }
            guard !title.isEmpty else { throw Invalid("field \"window_title\" must not be empty") }
            self = .registerWindow(try fields.taskspace(), WindowQuery(windowTitle: title))
        case "registrar_status":
            let limit = try fields.optionalInt("limit") ?? Int64(StatusQuery.defaultLimit)
            guard (1 ... Int64(StatusQuery.maximumLimit)).contains(limit) else {
                throw Invalid("field \"limit\" must be between 1 and \(StatusQuery.maximumLimit)")
            }
            let offset = try fields.optionalInt("offset") ?? 0
            guard offset >= 0, offset <= Int64(Int32.max) else { throw Invalid("field \"offset\" must not be negative") }
            self = .status(StatusQuery(taskspace: try fields.optionalText("taskspace"), offset: Int(offset), limit: Int(limit)))
        case "registrar_windows":
            self = .windows(markedOnly: try fields.optionalBool("marked_only") ?? false)
        case "registrar_roll_call":
            if try fields.optionalBool("all") == true {
                self = .rollCall(nil)
            } else if let id = try fields.optionalTaskspace() {
                self = .rollCall(id)
            } else {
                throw Invalid("registrar_roll_call needs \"all\": true or a \"taskspace_uuid\"")
            }
        case "registrar_shutdown":
            self = .shutdown
        case "registrar_focus":
            self = .focus(try fields.taskspace())
        case "taskspace_state":
            self = .taskspaceState(TaskspaceStateChange(
                taskspace: try fields.taskspace(), name: try fields.optionalText("name"),
                description: try fields.optionalText("description"),
                collaborator: try fields.optionalText("collaborator")))
        case "registrar_open":
            throw Invalid("registrar_open is not served by the daemon: run `symposium-registrar open`, which launches the editor in your own session")
        case "log":
            let level = (try? fields.optionalString("level")) ?? nil
            let message = (try? fields.optionalString("message")) ?? nil
            self = .log(level: level ?? "info", message: message ?? JSONLine.encode(envelope.payload))
        default:
            self = .relay
        }
    }
}

/// Typed reads of payload fields with errors that say which field and what was wrong.
private struct PayloadFields {
    let envelope: Envelope
    var payload: JSONValue { envelope.payload }

    func optionalString(_ key: String) throws(ClientRequest.Invalid) -> String? {
        guard let value = payload[key], !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw ClientRequest.Invalid("field \"\(key)\" must be a string, got \(value.typeName)")
        }
        return text
    }

    /// A string the registrar keeps (a name, a description, a path): at most
    /// `ClientRequest.textLimit` bytes, so that no client can make it store or write megabytes.
    func optionalText(_ key: String) throws(ClientRequest.Invalid) -> String? {
        guard let text = try optionalString(key) else { return nil }
        guard text.utf8.count <= ClientRequest.textLimit else {
            throw ClientRequest.Invalid("field \"\(key)\" is longer than \(ClientRequest.textLimit) bytes")
        }
        return text
    }

    func optionalInt(_ key: String) throws(ClientRequest.Invalid) -> Int64? {
        guard let value = payload[key], !value.isNull else { return nil }
        guard let number = value.intValue else {
            throw ClientRequest.Invalid("field \"\(key)\" must be an integer, got \(value.typeName)")
        }
        return number
    }

    func optionalBool(_ key: String) throws(ClientRequest.Invalid) -> Bool? {
        guard let value = payload[key], !value.isNull else { return nil }
        guard let flag = value.boolValue else {
            throw ClientRequest.Invalid("field \"\(key)\" must be a boolean, got \(value.typeName)")
        }
        return flag
    }

    /// `taskspace_uuid` from the payload, else `sender.taskspaceUuid`; nil when neither is set.
    func optionalTaskspace() throws(ClientRequest.Invalid) -> TaskspaceID? {
        guard let text = try optionalString("taskspace_uuid") ?? envelope.senderTaskspace else { return nil }
        guard let id = TaskspaceID(text) else {
            throw ClientRequest.Invalid("field \"taskspace_uuid\" must be a UUID, got \"\(text.prefix(80))\"")
        }
        return id
    }

    func taskspace() throws(ClientRequest.Invalid) -> TaskspaceID {
        guard let id = try optionalTaskspace() else {
            throw ClientRequest.Invalid("missing field \"taskspace_uuid\" (and no sender.taskspaceUuid)")
        }
        return id
    }
}
