/// A request that names one taskspace: `registrar_focus`. Without `taskspace_uuid` the
/// sender's `taskspaceUuid` names it.
public struct TaskspaceRequest: Codable, Sendable {
    public var taskspaceUUID: String?

    public init(taskspaceUUID: String?) { self.taskspaceUUID = taskspaceUUID }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        taskspaceUUID = try container.string(.taskspaceUUID)
    }

    enum CodingKeys: String, CodingKey { case taskspaceUUID = "taskspace_uuid" }
}

/// The `data` of the `registrar_focus` reply: which window, and how it was activated. Sent
/// only once the window was seen active or holding the input focus.
public struct FocusResult: Codable, Sendable {
    /// `ewmh` (through the window manager) or `direct` (raised and given the input focus).
    public var method: String
    public var windowID: String
    /// Set when the manager was asked first and did not activate the window: says so.
    public var fallback: String?

    public init(windowID: String, method: String, fallback: String? = nil) {
        self.windowID = windowID
        self.method = method
        self.fallback = fallback
    }

    enum CodingKeys: String, CodingKey {
        case method, fallback
        case windowID = "window_id"
    }
}

/// The payload of `registrar_windows`; `marked_only` leaves out windows without a marker.
public struct WindowsRequest: Codable, Sendable {
    public var markedOnly: Bool

    public init(markedOnly: Bool) { self.markedOnly = markedOnly }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        markedOnly = try container.flag(.markedOnly) ?? false
    }

    enum CodingKeys: String, CodingKey { case markedOnly = "marked_only" }
}

/// The payload of requests that carry nothing (`registrar_shutdown`); members are ignored.
public struct EmptyRequest: Codable, Sendable {
    public init() {}
}

/// The payload of `registrar_status`: a page of the taskspaces, or those a UUID or name
/// selects, so that no reply grows with the number of taskspaces.
public struct StatusRequest: Codable, Sendable, Hashable {
    /// A UUID (any case) or a name: only the taskspaces it names.
    public var taskspace: String?
    public var offset: Int?
    public var limit: Int?

    public static let defaultLimit = 100
    /// The most a page may hold: 1000 entries of 4 KiB name and description stay under 10 MB.
    public static let maximumLimit = 1000

    public init(taskspace: String? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.taskspace = taskspace
        self.offset = offset
        self.limit = limit
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        taskspace = try container.text(.taskspace)
        let limit = try container.integer(.limit) ?? Self.defaultLimit
        guard (1 ... Self.maximumLimit).contains(limit) else {
            throw InvalidRequest("field \"limit\" must be between 1 and \(Self.maximumLimit)")
        }
        let offset = try container.integer(.offset) ?? 0
        guard offset >= 0, offset <= Int(Int32.max) else { throw InvalidRequest("field \"offset\" must not be negative") }
        self.limit = limit
        self.offset = offset
    }

    enum CodingKeys: String, CodingKey { case taskspace, offset, limit }
}

/// The payload of `log`: a line for the daemon's log. Read leniently (a client's logging
/// should never fail): a level or message of another type is taken as absent.
public struct LogRequest: Codable, Sendable {
    public var level: String?
    public var message: String?

    public init(level: String?, message: String?) {
        self.level = level
        self.message = message
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        level = try? container.decodeIfPresent(String.self, forKey: .level)
        message = try? container.decodeIfPresent(String.self, forKey: .message)
    }

    enum CodingKeys: String, CodingKey { case level, message }
}

/// The `data` of the daemon's `registrar_open` reply: the taskspace's window, focused, and
/// whether it was there already or its editor was started for it.
public struct OpenedTaskspace: Codable, Sendable, Equatable {
    public var taskspaceUUID: String
    public var windowID: String
    /// `existing` or `launched`.
    public var how: String
    /// How the editor was started (`systemd-run` or `session`), when it was.
    public var editorLaunch: String?
    public var milliseconds: Int

    public init(taskspaceUUID: String, windowID: String, how: String, editorLaunch: String?, milliseconds: Int) {
        self.taskspaceUUID = taskspaceUUID
        self.windowID = windowID
        self.how = how
        self.editorLaunch = editorLaunch
        self.milliseconds = milliseconds
    }

    enum CodingKeys: String, CodingKey {
        case how, milliseconds
        case taskspaceUUID = "taskspace_uuid"
        case windowID = "window_id"
        case editorLaunch = "editor_launch"
    }
}
