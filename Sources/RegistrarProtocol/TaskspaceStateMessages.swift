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
