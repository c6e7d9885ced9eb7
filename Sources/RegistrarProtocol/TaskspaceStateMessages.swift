/// The payload of `taskspace_state` (PROTOCOL.md 8.3): a read when nothing is set, else an
/// update of what is. Without `taskspace_uuid` the sender's `taskspaceUuid` names the taskspace.
public struct TaskspaceStateRequest: Codable, Sendable {
    public var taskspaceUUID: String?
    public var name: String?
    public var description: String?
    public var collaborator: String?

    public init(taskspaceUUID: String?, name: String? = nil, description: String? = nil, collaborator: String? = nil) {
        self.taskspaceUUID = taskspaceUUID
        self.name = name
        self.description = description
        self.collaborator = collaborator
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        taskspaceUUID = try container.string(.taskspaceUUID)
        name = try container.text(.name)
        description = try container.text(.description)
        collaborator = try container.text(.collaborator)
    }

    enum CodingKeys: String, CodingKey {
        case name, description, collaborator
        case taskspaceUUID = "taskspace_uuid"
    }
}

/// The `data` of the `taskspace_state` reply (PROTOCOL.md 8.3), as Symposium's extension reads
/// it: it starts the agent with `agent_command`, and a reply without that array makes it throw.
public struct TaskspaceStateData: Codable, Sendable, Equatable {
    public var name: String?
    public var description: String?
    /// Only while the taskspace has not started (hatchling), and only on a read.
    public var initialPrompt: String?
    public var agentCommand: [String]
    public var collaborator: String?

    public init(name: String?, description: String?, initialPrompt: String?, agentCommand: [String], collaborator: String?) {
        self.name = name
        self.description = description
        self.initialPrompt = initialPrompt
        self.agentCommand = agentCommand
        self.collaborator = collaborator
    }

    enum CodingKeys: String, CodingKey {
        case name, description, collaborator
        case initialPrompt = "initial_prompt"
        case agentCommand = "agent_command"
    }
}
