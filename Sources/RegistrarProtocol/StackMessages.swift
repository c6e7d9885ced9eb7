/// The payload of `registrar_stack`: a project's stacked windows turned on or off (`enabled`),
/// or only asked about (`enabled` absent). `project_path` is the project's directory; absent,
/// the one project the daemon knows.
public struct StackRequest: Codable, Sendable {
    public var projectPath: String?
    public var enabled: Bool?

    public init(projectPath: String?, enabled: Bool?) {
        self.projectPath = projectPath
        self.enabled = enabled
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        projectPath = try container.string(.projectPath)
        enabled = try container.flag(.enabled)
    }

    enum CodingKeys: String, CodingKey {
        case enabled
        case projectPath = "project_path"
    }
}

/// A project's stack as the daemon keeps it: the `data` of the `registrar_stack` reply, and an
/// entry of `registrar_status`'s `stacks`.
public struct StackReport: Codable, Sendable, Equatable {
    /// A window of the stack and where it is against where the stack wants it.
    public struct Window: Codable, Sendable, Equatable {
        public var windowID: String
        public var taskspaceUUID: String?
        /// `WxH+X+Y` of its client area, when last placed.
        public var rect: String?
        /// Why it is not at the stack's rectangle (size hints, a manager that will not).
        public var note: String?

        public init(windowID: String, taskspaceUUID: String?, rect: String?, note: String?) {
            self.windowID = windowID
            self.taskspaceUUID = taskspaceUUID
            self.rect = rect
            self.note = note
        }

        enum CodingKeys: String, CodingKey {
            case rect, note
            case windowID = "window_id"
            case taskspaceUUID = "taskspace_uuid"
        }
    }

    public var projectPath: String
    /// `stackedWindowsEnabled` in the project's `project.json`.
    public var enabled: Bool
    /// Whether the last arrangement put every window at the stack's rectangle: nil while it was
    /// not tried (fewer than two windows, stacking off).
    public var effective: Bool?
    public var reason: String?
    public var manager: String?
    /// The stack's rectangle (`WxH+X+Y`, client area in root coordinates), once known.
    public var rect: String?
    public var top: String?
    public var windows: [Window]
    /// Moves of the top window followed since the daemon started.
    public var followed: Int
    /// X requests the last follow made (the top's geometry, then per follower its move, and its
    /// state where that changed since it was last read).
    public var followRequests: Int?

    public init(projectPath: String, enabled: Bool, effective: Bool?, reason: String?, manager: String?, rect: String?,
                top: String?, windows: [Window], followed: Int) {
        self.projectPath = projectPath
        self.enabled = enabled
        self.effective = effective
        self.reason = reason
        self.manager = manager
        self.rect = rect
        self.top = top
        self.windows = windows
        self.followed = followed
    }

    enum CodingKeys: String, CodingKey {
        case enabled, effective, reason, manager, rect, top, windows, followed
        case followRequests = "follow_requests"
        case projectPath = "project_path"
    }
}
