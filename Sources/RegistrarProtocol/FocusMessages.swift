/// A request that names one taskspace: `registrar_focus`, and the taskspace part of others.
public struct TaskspaceRequest: Codable, Sendable {
    public var taskspaceUUID: String

    public init(taskspaceUUID: String) { self.taskspaceUUID = taskspaceUUID }

    enum CodingKeys: String, CodingKey { case taskspaceUUID = "taskspace_uuid" }
}

/// The `data` of the `registrar_focus` reply: which window, and how it was activated.
public struct FocusResult: Codable, Sendable {
    /// `ewmh` (through the window manager) or `direct` (raised and given the input focus).
    public var method: String
    public var windowID: String

    public init(windowID: String, method: String) {
        self.windowID = windowID
        self.method = method
    }

    enum CodingKeys: String, CodingKey {
        case method
        case windowID = "window_id"
    }
}

/// The payload of requests that carry nothing (`registrar_status`, `registrar_windows`).
public struct EmptyRequest: Codable, Sendable {
    public init() {}
}
