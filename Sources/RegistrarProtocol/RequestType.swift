/// The message types the registrar answers itself (PROTOCOL.md section 4); every other type is
/// relayed. Each has its payload's `Codable` type in this module, beside its reply.
public enum RequestType {
    public static let updateTaskspace = "update_taskspace"
    public static let registerTaskspaceWindow = "register_taskspace_window"
    public static let status = "registrar_status"
    public static let windows = "registrar_windows"
    public static let rollCall = "registrar_roll_call"
    public static let shutdown = "registrar_shutdown"
    public static let focus = "registrar_focus"
    public static let open = "registrar_open"
    public static let taskspaceState = "taskspace_state"
    public static let log = "log"
    /// The agent's tools (PROTOCOL.md 8.4), sent by Symposium's MCP server without waiting.
    public static let logProgress = "log_progress"
    public static let signalUser = "signal_user"
    public static let spawnTaskspace = "spawn_taskspace"
    public static let deleteTaskspace = "delete_taskspace"
    /// The user's side of a deletion (`symposium-registrar delete`).
    public static let delete = "registrar_delete"
    /// `taskspace_changed` messages from now on (`taskspaces --watch`).
    public static let watch = "registrar_watch"
    /// A project's stacked windows: on, off, or how they stand (`symposium-registrar stack`).
    public static let stack = "registrar_stack"

    public static let answered: Set<String> = [
        updateTaskspace, registerTaskspaceWindow, status, windows, rollCall, shutdown, focus, open, taskspaceState, log,
        logProgress, signalUser, spawnTaskspace, deleteTaskspace, delete, watch, stack,
    ]

    /// What the registrar answers on Symposium's bus: the extension's messages and the agent's
    /// tools (the rest of the bus's traffic is other components' business).
    public static let fromSymposium: Set<String> = [
        registerTaskspaceWindow, updateTaskspace, taskspaceState, logProgress, signalUser, spawnTaskspace, deleteTaskspace,
    ]

    /// Sent by Symposium's extension, or its agent, from its taskspace's directory: the messages
    /// that may lead the registrar to a project it has not read yet.
    public static let fromEditors: Set<String> = [updateTaskspace, registerTaskspaceWindow, taskspaceState, logProgress, signalUser]
}
