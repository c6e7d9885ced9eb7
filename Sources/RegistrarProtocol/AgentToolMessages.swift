/// What an agent's `log_progress` says about its work (PROTOCOL.md 8.4): Symposium's app shows
/// an icon for each; `question` means the agent waits for the user. Anything else reads as `info`.
public enum ProgressCategory: String, Codable, Sendable, CaseIterable {
    case info, warn, error, milestone, question

    /// A category as an agent spelled it; unknown ones are `info`, as the app reads them.
    public init(lenient text: String?) { self = text.flatMap(Self.init(rawValue:)) ?? .info }
}

/// The payload of `log_progress`, as Symposium's MCP server sends it (`LogProgressPayload`):
/// `project_path` and `taskspace_uuid` are derived from the agent's working directory. The
/// message is kept to `RequestLimits.logMessageBytes` (cut at a character, never refused: it is
/// the agent's account of its work).
public struct LogProgressRequest: Codable, Sendable {
    public var projectPath: String?
    public var taskspaceUUID: String?
    public var message: String
    public var category: ProgressCategory

    public init(projectPath: String?, taskspaceUUID: String?, message: String, category: ProgressCategory) {
        self.projectPath = projectPath
        self.taskspaceUUID = taskspaceUUID
        self.message = message
        self.category = category
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        projectPath = try container.text(.projectPath)
        taskspaceUUID = try container.string(.taskspaceUUID)
        message = try container.logMessage(.message)
        category = ProgressCategory(lenient: try? container.decodeIfPresent(String.self, forKey: .category))
    }

    enum CodingKeys: String, CodingKey {
        case message, category
        case projectPath = "project_path"
        case taskspaceUUID = "taskspace_uuid"
    }
}

/// The payload of `signal_user` (`SignalUserPayload`): the agent waits for the user.
public struct SignalUserRequest: Codable, Sendable {
    public var projectPath: String?
    public var taskspaceUUID: String?
    public var message: String

    public init(projectPath: String?, taskspaceUUID: String?, message: String) {
        self.projectPath = projectPath
        self.taskspaceUUID = taskspaceUUID
        self.message = message
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        projectPath = try container.text(.projectPath)
        taskspaceUUID = try container.string(.taskspaceUUID)
        message = try container.logMessage(.message)
    }

    enum CodingKeys: String, CodingKey {
        case message
        case projectPath = "project_path"
        case taskspaceUUID = "taskspace_uuid"
    }
}

/// The `data` of the reply to `log_progress` and `signal_user` (Symposium's MCP server reads no
/// reply; other clients may): the log's id, and for `signal_user` how the user is told.
public struct ProgressLogged: Codable, Sendable, Equatable {
    public var logID: String
    /// `signal_user` only: the windows now marked as demanding attention.
    public var attentionWindows: [String]?
    /// `signal_user` only: why no desktop notification was shown, when none was.
    public var notification: String?

    public init(logID: String, attentionWindows: [String]? = nil, notification: String? = nil) {
        self.logID = logID
        self.attentionWindows = attentionWindows
        self.notification = notification
    }

    enum CodingKeys: String, CodingKey {
        case notification
        case logID = "log_id"
        case attentionWindows = "attention_windows"
    }
}

extension KeyedDecodingContainer {
    /// A log message: required, cut to `RequestLimits.logMessageBytes` at a character boundary.
    func logMessage(_ key: Key) throws(InvalidRequest) -> String {
        guard let text = try string(key) else { throw InvalidRequest("missing field \"\(key.stringValue)\"") }
        guard text.utf8.count > RequestLimits.logMessageBytes else { return text }
        var cut = text.utf8.prefix(RequestLimits.logMessageBytes)
        while String(validating: cut, as: UTF8.self) == nil, !cut.isEmpty { cut = cut.dropLast() }
        return (String(validating: cut, as: UTF8.self) ?? "") + "…"
    }
}

/// Sent to connections that asked `registrar_watch`: what a taskspace's card shows changed.
public struct TaskspaceChanged: Codable, Sendable, Equatable {
    public static let type = "taskspace_changed"
    public var taskspaceUUID: String

    public init(taskspaceUUID: String) { self.taskspaceUUID = taskspaceUUID }

    enum CodingKeys: String, CodingKey { case taskspaceUUID = "taskspace_uuid" }
}
