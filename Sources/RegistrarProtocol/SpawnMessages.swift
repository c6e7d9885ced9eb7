/// The payload of `spawn_taskspace` (PROTOCOL.md 8.4, 8.7) as Symposium's MCP server sends it
/// (`SpawnTaskspacePayload`): a new taskspace in the project at `project_path`. The
/// `taskspace_uuid` is the sender's own, not the new one's; the CLI's `new` sends none.
public struct SpawnTaskspaceRequest: Codable, Sendable, Hashable {
    public var projectPath: String
    public var taskspaceUUID: String?
    public var name: String
    public var taskDescription: String
    public var initialPrompt: String
    public var collaborator: String?

    public init(projectPath: String, taskspaceUUID: String? = nil, name: String, taskDescription: String,
                initialPrompt: String, collaborator: String? = nil) {
        self.projectPath = projectPath
        self.taskspaceUUID = taskspaceUUID
        self.name = name
        self.taskDescription = taskDescription
        self.initialPrompt = initialPrompt
        self.collaborator = collaborator
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let projectPath = try container.text(.projectPath), !projectPath.isEmpty else {
            throw InvalidRequest("missing field \"project_path\"")
        }
        guard let name = try container.text(.name), !name.isEmpty else { throw InvalidRequest("missing field \"name\"") }
        self.projectPath = projectPath
        self.name = name
        taskspaceUUID = try container.string(.taskspaceUUID)
        taskDescription = try container.text(.taskDescription) ?? ""
        initialPrompt = try container.logMessage(.initialPrompt)
        collaborator = try container.text(.collaborator)
    }

    enum CodingKeys: String, CodingKey {
        case name, collaborator
        case projectPath = "project_path"
        case taskspaceUUID = "taskspace_uuid"
        case taskDescription = "task_description"
        case initialPrompt = "initial_prompt"
    }
}

/// The `data` of the reply to `spawn_taskspace`: the new taskspace, where it is, and how long
/// git took.
public struct TaskspaceSpawned: Codable, Sendable, Equatable {
    public var taskspaceUUID: String
    public var directory: String
    public var worktree: String
    public var branch: String
    public var baseBranch: String
    public var gitMilliseconds: Int
    /// How the editor was started: `systemd-run` (a transient unit of the user's manager) or
    /// `session` (a session of its own); nil when it could not be.
    public var editorLaunch: String?
    public var editorError: String?

    public init(taskspaceUUID: String, directory: String, worktree: String, branch: String, baseBranch: String,
                gitMilliseconds: Int, editorLaunch: String?, editorError: String?) {
        self.taskspaceUUID = taskspaceUUID
        self.directory = directory
        self.worktree = worktree
        self.branch = branch
        self.baseBranch = baseBranch
        self.gitMilliseconds = gitMilliseconds
        self.editorLaunch = editorLaunch
        self.editorError = editorError
    }

    enum CodingKeys: String, CodingKey {
        case directory, worktree, branch
        case taskspaceUUID = "taskspace_uuid"
        case baseBranch = "base_branch"
        case gitMilliseconds = "git_milliseconds"
        case editorLaunch = "editor_launch"
        case editorError = "editor_error"
    }
}
