/// A request that names one taskspace: `registrar_focus`, and the taskspace part of others.
public struct TaskspaceRequest: Codable, Sendable {
    public var taskspaceUUID: String

    public init(taskspaceUUID: String) { self.taskspaceUUID = taskspaceUUID }

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

/// The payload of `registrar_windows`.
public struct WindowsRequest: Codable, Sendable {
    public var markedOnly: Bool

    public init(markedOnly: Bool) { self.markedOnly = markedOnly }

    enum CodingKeys: String, CodingKey { case markedOnly = "marked_only" }
}

/// The payload of requests that carry nothing (`registrar_status`, `registrar_windows`).
public struct EmptyRequest: Codable, Sendable {
    public init() {}
}

/// The payload of `registrar_status`: a page of the taskspaces, or those a UUID or name selects.
public struct StatusRequest: Codable, Sendable {
    public var taskspace: String?
    public var offset: Int?
    public var limit: Int?

    public init(taskspace: String? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.taskspace = taskspace
        self.offset = offset
        self.limit = limit
    }
}
