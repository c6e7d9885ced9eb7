/// The payload of `delete_taskspace` (PROTOCOL.md 8.4, 8.8) as Symposium's MCP server sends it:
/// the agent asks for its own taskspace to go. The registrar answers only once the user decided.
public struct DeleteTaskspaceRequest: Codable, Sendable, Hashable {
    public var projectPath: String?
    public var taskspaceUUID: String?

    public init(projectPath: String?, taskspaceUUID: String?) {
        self.projectPath = projectPath
        self.taskspaceUUID = taskspaceUUID
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        projectPath = try container.text(.projectPath)
        taskspaceUUID = try container.string(.taskspaceUUID)
    }

    enum CodingKeys: String, CodingKey {
        case projectPath = "project_path"
        case taskspaceUUID = "taskspace_uuid"
    }
}

/// The payload of `registrar_delete`, the user's side of a deletion (`symposium-registrar
/// delete`): the facts to decide on, or the decision.
public struct DeleteDecisionRequest: Codable, Sendable, Hashable {
    public enum Decision: String, Codable, Sendable {
        /// Only the facts (`DeletionFacts`): nothing changes.
        case facts
        case delete
        /// Keep it: a waiting agent is told the deletion was cancelled.
        case keep
    }

    public var taskspaceUUID: String
    public var decision: Decision
    /// Delete the branch too when it holds nothing unmerged and the worktree nothing uncommitted.
    public var deleteBranch: Bool
    /// Delete the branch whatever it holds.
    public var force: Bool

    public init(taskspaceUUID: String, decision: Decision, deleteBranch: Bool = false, force: Bool = false) {
        self.taskspaceUUID = taskspaceUUID
        self.decision = decision
        self.deleteBranch = deleteBranch
        self.force = force
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let uuid = try container.string(.taskspaceUUID) else { throw InvalidRequest("missing field \"taskspace_uuid\"") }
        taskspaceUUID = uuid
        let decision = try container.string(.decision) ?? Decision.facts.rawValue
        guard let known = Decision(rawValue: decision) else {
            throw InvalidRequest("field \"decision\" must be facts, delete or keep, got \"\(decision.prefix(40))\"")
        }
        self.decision = known
        deleteBranch = try container.flag(.deleteBranch) ?? false
        force = try container.flag(.force) ?? false
    }

    enum CodingKeys: String, CodingKey {
        case decision, force
        case taskspaceUUID = "taskspace_uuid"
        case deleteBranch = "delete_branch"
    }
}

/// What the user decides a deletion on, as the app's dialog shows it.
public struct DeletionFacts: Codable, Sendable, Equatable {
    public var taskspaceUUID: String
    public var name: String?
    public var directory: String
    public var worktree: String?
    public var branch: String?
    public var baseBranch: String?
    /// Commits on the branch that its base does not have; nil when git could not tell.
    public var unmergedCommits: Int?
    public var uncommittedChanges: Bool?
    public var windows: [String]
    /// Agents' `delete_taskspace` requests waiting for this decision.
    public var waitingRequests: Int

    public init(taskspaceUUID: String, name: String?, directory: String, worktree: String?, branch: String?, baseBranch: String?,
                unmergedCommits: Int?, uncommittedChanges: Bool?, windows: [String], waitingRequests: Int) {
        self.taskspaceUUID = taskspaceUUID
        self.name = name
        self.directory = directory
        self.worktree = worktree
        self.branch = branch
        self.baseBranch = baseBranch
        self.unmergedCommits = unmergedCommits
        self.uncommittedChanges = uncommittedChanges
        self.windows = windows
        self.waitingRequests = waitingRequests
    }

    /// Whether deleting the branch loses nothing.
    public var branchIsSafeToDelete: Bool { unmergedCommits == 0 && uncommittedChanges == false }

    enum CodingKeys: String, CodingKey {
        case name, directory, worktree, branch, windows
        case taskspaceUUID = "taskspace_uuid"
        case baseBranch = "base_branch"
        case unmergedCommits = "unmerged_commits"
        case uncommittedChanges = "uncommitted_changes"
        case waitingRequests = "waiting_requests"
    }
}

/// The `data` of a deletion's reply.
public struct TaskspaceDeleted: Codable, Sendable, Equatable {
    public var taskspaceUUID: String
    public var windowsClosed: Int
    public var branchDeleted: Bool

    public init(taskspaceUUID: String, windowsClosed: Int, branchDeleted: Bool) {
        self.taskspaceUUID = taskspaceUUID
        self.windowsClosed = windowsClosed
        self.branchDeleted = branchDeleted
    }

    enum CodingKeys: String, CodingKey {
        case taskspaceUUID = "taskspace_uuid"
        case windowsClosed = "windows_closed"
        case branchDeleted = "branch_deleted"
    }

    /// Symposium's own words when the user keeps the taskspace.
    public static let cancelled = "Taskspace deletion was cancelled by user"
}
