/// The command Symposium's extension starts the agent with (`agent_command` in the
/// `taskspace_state` reply): the one the daemon was configured with, else the one Symposium's
/// app derives from the project's `agent` (its `AgentManager.getAgentCommand`: only Q CLI has
/// commands there; Claude Code has none). Nil when none is known: then the request is left to
/// other components on the bus.
enum AgentCommand {
    /// The first prompt Symposium's app gives a Q CLI agent of a taskspace that has not started.
    static let qCLIBootstrapPrompt =
        "To get your initialization instructions and project context, use the `expand_reference` tool with the argument 'yiasou'."

    static func resolve(configured: [String]?, projectAgent: String?, hatchling: Bool) -> [String]? {
        if let configured, !configured.isEmpty { return configured }
        switch projectAgent {
        case "qcli": return hatchling ? ["q", "chat", qCLIBootstrapPrompt] : ["q", "chat", "--resume"]
        default: return nil
        }
    }
}
