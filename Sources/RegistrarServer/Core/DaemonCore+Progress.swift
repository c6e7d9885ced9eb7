import FoundationEssentials
import Registrar
import RegistrarProtocol
import X11Windows

/// Why a taskspace wants the user, from its agent's `signal_user`, until the user sees it.
struct AttentionRequest: Sendable {
    var message: String
    var since: Date
    /// The windows asked to demand attention.
    var windows: [WindowID]
}

/// The agent's `log_progress` and `signal_user` (PROTOCOL.md 8.4, 8.6): a log entry in the
/// taskspace's `taskspace.json` (and its copy in `project.json`), written off the actor; for
/// `signal_user` also the attention the user sees. The user seeing the taskspace (its window
/// activated, or `focus`/`open` on it) acknowledges: questions become info.
extension DaemonCore {
    func progress(_ entry: ClientRequest.ProgressEntry, requestID: String, from connection: ConnectionID) -> FollowUp? {
        let onBus = hub.role(of: connection) == .bus
        guard let taskspace = registry[entry.taskspace], let directory = taskspace.directory,
              Self.sameProject(entry.projectPath, taskspace.projectPath) else {
            // On Symposium's bus another component may know it; on the registrar's own socket the
            // asker is told.
            if !onBus {
                let why = "taskspace \(entry.taskspace) is not in a loaded project"
                    + (entry.projectPath.map { " at \($0)" } ?? "") + " (start the daemon with --project)"
                reply(Message.failure(to: requestID, why).line, to: connection)
            }
            return nil
        }
        let logID = UUID().uuidString
        let write = ProgressWrite(
            directory: directory, project: taskspace.projectPath, id: taskspace.id,
            change: .append(logID: logID, message: entry.message, category: entry.category, limit: configuration.logEntryLimit),
            time: Date())
        owe(connection)
        let job = FileWork.start(write.perform)
        let windows = entry.signalsUser ? demandAttention(for: taskspace, message: entry.message).map(\.hex) : nil
        return FollowUp { [self] in
            let outcome = await job.value
            await progressWritten(outcome, write: write, logID: logID, windows: windows, requestID: requestID, to: connection)
        }
    }

    private func progressWritten(
        _ outcome: ProgressWrite.Outcome, write: ProgressWrite, logID: String, windows: [String]?, requestID: String,
        to connection: ConnectionID
    ) {
        if let projectError = outcome.projectError, let project = write.project {
            noteReadError(project + "/project.json", projectError)
        }
        guard outcome.error == nil else {
            let why = outcome.error ?? ""
            noteReadError(write.directory + "/taskspace.json", why)
            deliverFollowUp(Message.failure(to: requestID, why).line, to: connection)
            return
        }
        deliverFollowUp(Message.response(to: requestID, Reply.ok(ProgressLogged(logID: logID, attentionWindows: windows))).line,
                        to: connection)
    }

    /// Marks the taskspace as wanting the user: its windows demand attention. Answers them.
    private func demandAttention(for taskspace: Taskspace, message: String) -> [WindowID] {
        let windows = taskspace.windows.sorted()
        attention[taskspace.id] = AttentionRequest(message: message, since: Date(), windows: windows)
        if !windows.isEmpty {
            let activator = environment.activator
            Task { await activator.demandAttention(windows, true) }
        }
        return windows
    }

    /// The manager's active window changed: the user looks at that taskspace now.
    func noteActiveWindow(_ window: WindowID?) {
        guard let window, let taskspace = registry.allTaskspaces.first(where: { $0.windows.contains(window) }) else { return }
        acknowledge(taskspace.id)
    }

    /// The user has seen `id` (its window activated, `focus` or `open`): its questions become
    /// info, its windows stop demanding attention.
    func acknowledge(_ id: TaskspaceID) {
        let request = attention.removeValue(forKey: id)
        if let request, !request.windows.isEmpty {
            let activator = environment.activator
            Task { await activator.demandAttention(request.windows, false) }
        }
        guard let taskspace = registry[id], let directory = taskspace.directory else { return }
        let write = ProgressWrite(directory: directory, project: taskspace.projectPath, id: id, change: .acknowledge, time: Date())
        let job = FileWork.start(write.perform)
        Task { [self] in
            let outcome = await job.value
            acknowledged(outcome, write: write)
        }
    }

    private func acknowledged(_ outcome: ProgressWrite.Outcome, write: ProgressWrite) {
        if let error = outcome.error { noteReadError(write.directory + "/taskspace.json", error) }
        if let projectError = outcome.projectError, let project = write.project {
            noteReadError(project + "/project.json", projectError)
        }
        if outcome.changed { logger.info("questions acknowledged", metadata: ["taskspace": "\(write.id)"]) }
    }

    /// Whether the project an agent names is the taskspace's, after resolving links (the agent
    /// derives its path from its working directory; the app matches byte for byte).
    nonisolated static func sameProject(_ named: String?, _ known: String?) -> Bool {
        guard let named else { return true }
        guard let known else { return false }
        let resolve = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        return named == known || resolve(named) == resolve(known)
    }
}
