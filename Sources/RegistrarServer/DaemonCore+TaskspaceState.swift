import Registrar
import RegistrarProtocol

/// `taskspace_state` (PROTOCOL.md 8.3): what Symposium's extension asks when it starts in a
/// taskspace, and how the agent renames it. Answered only for taskspaces of loaded projects
/// and only when an agent command is known; otherwise, on Symposium's bus, it is left to the
/// others there, and on the registrar's own socket the asker is told why.
extension DaemonCore {
    func taskspaceState(_ change: ClientRequest.TaskspaceStateChange, requestID: String, from connection: ConnectionID) {
        let onBus = hub.role(of: connection) == .bus
        func refuse(_ why: String) {
            if !onBus { reply(Message.failure(to: requestID, why).line, to: connection) }
        }
        guard let taskspace = registry[change.taskspace], let directory = taskspace.directory else {
            return refuse("taskspace \(change.taskspace) is not in a loaded project (start the daemon with --project)")
        }
        var file: TaskspaceFile
        do {
            file = try TaskspaceFile.read(in: directory, id: taskspace.id)
        } catch {
            return refuse(error.message)
        }
        if !change.isRead { file.update(name: change.name, description: change.description, collaborator: change.collaborator) }
        let agent = taskspace.projectPath.flatMap { projectAgents[$0] }
        guard let command = AgentCommand.resolve(configured: configuration.agentCommand, projectAgent: agent,
                                                 hatchling: file.isHatchling) else {
            return refuse("no agent command known for taskspace \(taskspace.id): start the daemon with "
                + "--agent-command, or name the agent in the project's project.json (\"agent\": \"qcli\")")
        }
        if !change.isRead {
            do {
                try file.write()
            } catch {
                return reply(Message.failure(to: requestID, "could not save \(file.path): \(error.message)").line, to: connection)
            }
            registry.learn(Taskspace(id: taskspace.id, name: change.name, description: change.description))
            stateChanged.raise()
        }
        let data = TaskspaceStateData(
            name: file.name, description: file.description, initialPrompt: change.isRead ? file.initialPrompt : nil,
            agentCommand: command, collaborator: file.collaborator)
        reply(Message.response(to: requestID, Reply.ok(data)).line, to: connection)
    }
}
