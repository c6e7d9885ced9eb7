import Registrar
import RegistrarProtocol

/// `taskspace_state` (PROTOCOL.md 8.3): what Symposium's extension asks when it starts in a
/// taskspace, and how the agent renames it. Answered only for taskspaces of known projects and
/// only when an agent command is known; otherwise, on Symposium's bus, it is left to the others
/// there, and on the registrar's own socket the asker is told why. The file is read and written
/// off the actor.
extension DaemonCore {
    /// How a `taskspace_state` request ended, once its file was read (and written).
    enum TaskspaceStateOutcome: Sendable {
        case answered(TaskspaceStateData)
        /// Not for this registrar: said on its own socket, silent on the bus.
        case notOurs(String)
        /// It was ours, but saving failed: said everywhere.
        case failed(String)
    }

    func taskspaceState(_ change: ClientRequest.TaskspaceStateChange, requestID: String, from connection: ConnectionID) -> FollowUp? {
        let onBus = hub.role(of: connection) == .bus
        guard let taskspace = registry[change.taskspace], let directory = taskspace.directory else {
            if !onBus {
                let why = "taskspace \(change.taskspace) is not in a loaded project (start the daemon with --project)"
                reply(Message.failure(to: requestID, why).line, to: connection)
            }
            return nil
        }
        let agent = taskspace.projectPath.flatMap { projectAgents[$0] }
        let configured = configuration.agentCommand
        if !change.isRead {
            // Known at once, so an `update_taskspace` that follows builds on it.
            registry.learn(Taskspace(id: change.taskspace, name: change.name, description: change.description))
            stateChanged.raise()
        }
        owe(connection)
        // Queued now, in the order of the requests; the follow-up only waits for it.
        let job = FileWork.start {
            Self.readAndUpdate(change, id: taskspace.id, in: directory, configured: configured, agent: agent)
        }
        return FollowUp { [self] in
            let outcome = await job.value
            await taskspaceStateDone(outcome, change: change, onBus: onBus, requestID: requestID, connection: connection)
        }
    }

    private func taskspaceStateDone(
        _ outcome: TaskspaceStateOutcome, change: ClientRequest.TaskspaceStateChange, onBus: Bool, requestID: String,
        connection: ConnectionID
    ) {
        if !change.isRead, case .answered = outcome {
            summaries[change.taskspace, default: TaskspaceSummary()].lifecycle = "resume"
            cardChanged(change.taskspace)
        }
        switch outcome {
        case .answered(let data):
            deliverFollowUp(Message.response(to: requestID, Reply.ok(data)).line, to: connection)
        case .notOurs(let why):
            deliverFollowUp(onBus ? nil : Message.failure(to: requestID, why).line, to: connection)
        case .failed(let why):
            deliverFollowUp(Message.failure(to: requestID, why).line, to: connection)
        }
    }

    /// The file work of one request, on the file queue.
    private nonisolated static func readAndUpdate(
        _ change: ClientRequest.TaskspaceStateChange, id: TaskspaceID, in directory: String, configured: [String]?,
        agent: String?
    ) -> TaskspaceStateOutcome {
        var file: TaskspaceFile
        do throws(RegistrarError) {
            file = try TaskspaceFile.read(in: directory, id: id)
        } catch {
            return .notOurs(error.message)
        }
        if !change.isRead { file.update(name: change.name, description: change.description, collaborator: change.collaborator) }
        guard let command = AgentCommand.resolve(configured: configured, projectAgent: agent, hatchling: file.isHatchling) else {
            return .notOurs("no agent command known for taskspace \(id): start the daemon with "
                + "--agent-command, or name the agent in the project's project.json (\"agent\": \"qcli\")")
        }
        if !change.isRead {
            do throws(RegistrarError) {
                try file.write()
            } catch {
                return .failed("could not save \(file.path): \(error.message)")
            }
        }
        return .answered(TaskspaceStateData(
            name: file.name, description: file.description, initialPrompt: change.isRead ? file.initialPrompt : nil,
            agentCommand: command, collaborator: file.collaborator))
    }
}
