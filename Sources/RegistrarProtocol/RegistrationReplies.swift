/// The answer to `update_taskspace` (PROTOCOL.md section 4): with a `window_uuid` it says
/// `window_registered` both beside `success` and in `data`, which is where the design brief's
/// extension reads it; without one, `data` names the taskspace as the registrar spells it.
public struct UpdateTaskspaceReply: Codable, Sendable {
    public struct Data: Codable, Sendable {
        public var windowRegistered: Bool?
        public var windowID: String?
        public var taskspaceUUID: String

        public init(windowRegistered: Bool? = nil, windowID: String? = nil, taskspaceUUID: String) {
            self.windowRegistered = windowRegistered
            self.windowID = windowID
            self.taskspaceUUID = taskspaceUUID
        }

        enum CodingKeys: String, CodingKey {
            case windowRegistered = "window_registered"
            case windowID = "window_id"
            case taskspaceUUID = "taskspace_uuid"
        }
    }

    public var success: Bool
    public var windowRegistered: Bool?
    public var error: String?
    public var data: Data?

    public init(success: Bool, windowRegistered: Bool? = nil, error: String? = nil, data: Data? = nil) {
        self.success = success
        self.windowRegistered = windowRegistered
        self.error = error
        self.data = data
    }

    /// The window was found and associated.
    public static func registered(window: String, taskspace: String) -> UpdateTaskspaceReply {
        UpdateTaskspaceReply(success: true, windowRegistered: true,
                             data: Data(windowRegistered: true, windowID: window, taskspaceUUID: taskspace))
    }

    public static func notRegistered(_ error: String) -> UpdateTaskspaceReply {
        UpdateTaskspaceReply(success: false, windowRegistered: false, error: error)
    }

    /// Metadata only: no window was asked for.
    public static func updated(taskspace: String) -> UpdateTaskspaceReply {
        UpdateTaskspaceReply(success: true, data: Data(taskspaceUUID: taskspace))
    }

    enum CodingKeys: String, CodingKey {
        case success, error, data
        case windowRegistered = "window_registered"
    }
}

/// The `data` of a successful `register_taskspace_window` reply: Symposium's extension reads
/// `data.success`.
public struct RegisteredWindow: Codable, Sendable {
    public var success: Bool
    public var windowID: String

    public init(windowID: String) {
        success = true
        self.windowID = windowID
    }

    enum CodingKeys: String, CodingKey {
        case success
        case windowID = "window_id"
    }
}

/// The payload of `update_taskspace`: metadata, and a registration by `window_uuid` when it is
/// set. Without `taskspace_uuid` the sender's `taskspaceUuid` names the taskspace.
public struct UpdateTaskspaceRequest: Codable, Sendable {
    public var taskspaceUUID: String?
    public var windowUUID: String?
    public var name: String?
    public var description: String?
    public var projectPath: String?

    public init(taskspaceUUID: String?, windowUUID: String? = nil, name: String? = nil, description: String? = nil,
                projectPath: String? = nil) {
        self.taskspaceUUID = taskspaceUUID
        self.windowUUID = windowUUID
        self.name = name
        self.description = description
        self.projectPath = projectPath
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        taskspaceUUID = try container.string(.taskspaceUUID)
        name = try container.text(.name)
        description = try container.text(.description)
        projectPath = try container.text(.projectPath)
        windowUUID = try container.string(.windowUUID)
    }

    enum CodingKeys: String, CodingKey {
        case name, description
        case taskspaceUUID = "taskspace_uuid"
        case windowUUID = "window_uuid"
        case projectPath = "project_path"
    }
}

/// The payload of `register_taskspace_window`, Symposium's registration by the window's title
/// (which carries the marker). Without `taskspace_uuid` the sender's `taskspaceUuid` names it.
public struct RegisterTaskspaceWindowRequest: Codable, Sendable {
    public var taskspaceUUID: String?
    public var windowTitle: String

    public init(taskspaceUUID: String?, windowTitle: String) {
        self.taskspaceUUID = taskspaceUUID
        self.windowTitle = windowTitle
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let title = try container.text(.windowTitle) else { throw InvalidRequest("missing field \"window_title\"") }
        guard !title.isEmpty else { throw InvalidRequest("field \"window_title\" must not be empty") }
        // The title first, as Symposium's own error order has it; then the taskspace.
        windowTitle = title
        taskspaceUUID = try container.string(.taskspaceUUID)
    }

    enum CodingKeys: String, CodingKey {
        case taskspaceUUID = "taskspace_uuid"
        case windowTitle = "window_title"
    }
}
