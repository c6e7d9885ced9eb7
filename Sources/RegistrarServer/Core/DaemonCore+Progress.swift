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
    /// The desktop notification showing it, once the server answered.
    var notification: UInt32?
    /// Why no notification shows it, when none does.
    var notificationProblem: String?
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
        let notifying = entry.signalsUser ? notify(taskspace, message: entry.message) : nil
        return FollowUp { [self] in
            let outcome = await job.value
            let problem = await notifying?.value
            await progressWritten(outcome, write: write, logID: logID, windows: windows, problem: problem, requestID: requestID,
                                  to: connection)
        }
    }

    private func progressWritten(
        _ outcome: ProgressWrite.Outcome, write: ProgressWrite, logID: String, windows: [String]?, problem: String?,
        requestID: String, to connection: ConnectionID
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
        if let summary = outcome.summary {
            summaries[write.id] = summary
            cardChanged(write.id)
        }
        let logged = ProgressLogged(logID: logID, attentionWindows: windows, notification: problem)
        deliverFollowUp(Message.response(to: requestID, Reply.ok(logged)).line, to: connection)
    }

    /// Marks the taskspace as wanting the user: its windows demand attention. Answers them.
    private func demandAttention(for taskspace: Taskspace, message: String) -> [WindowID] {
        let windows = taskspace.windows.sorted()
        // A second question keeps the first one's time and notification (which it replaces).
        let earlier = attention[taskspace.id]
        attention[taskspace.id] = AttentionRequest(message: message, since: earlier?.since ?? Date(), windows: windows,
                                                   notification: earlier?.notification)
        cardChanged(taskspace.id)
        if !windows.isEmpty {
            let activator = environment.activator
            Task { await activator.demandAttention(windows, true) }
        }
        return windows
    }

    /// Shows (or replaces) the taskspace's notification; the task answers why none shows, if so.
    private func notify(_ taskspace: Taskspace, message: String) -> Task<String?, Never> {
        let notifier = environment.notifier
        let notification = DesktopNotification(
            summary: taskspace.name ?? "Taskspace \(taskspace.id)", body: message,
            replaces: attention[taskspace.id]?.notification ?? 0, actions: [(key: "default", label: "Focus")])
        let id = taskspace.id
        return Task { [self] in
            let result = await notifier.show(notification)
            return notified(id, result)
        }
    }

    private func notified(_ id: TaskspaceID, _ result: Result<UInt32, NotifierUnavailable>) -> String? {
        switch result {
        case .success(let notification):
            // Acknowledged meanwhile: the notification goes at once.
            guard attention[id] != nil else {
                let notifier = environment.notifier
                Task { await notifier.close(notification) }
                return nil
            }
            attention[id]?.notification = notification
            attention[id]?.notificationProblem = nil
            return nil
        case .failure(let why):
            attention[id]?.notificationProblem = why.description
            logger.notice("no desktop notification", metadata: ["taskspace": "\(id)", "why": "\(why)"])
            return why.description
        }
    }

    /// The notification server's answers: the default action focuses the taskspace.
    public func notificationEvent(_ event: NotificationEvent) async {
        switch event {
        case .actionInvoked(let notification, let key) where key == "delete" || key == "keep":
            await deletionAction(notification, key: key)
        case .actionInvoked(let notification, let key):
            guard key == "default", let id = attention.first(where: { $0.value.notification == notification })?.key else { return }
            // As `open` does: its window, or its editor started when it has none; acknowledged once focused.
            if case .failure(let error) = await opened(id) {
                logger.warning("a notification's Focus did not bring the taskspace", metadata: ["taskspace": "\(id)", "why": "\(error.message)"])
            }
        case .closed(let notification):
            if let id = attention.first(where: { $0.value.notification == notification })?.key { attention[id]?.notification = nil }
        }
    }

    /// The manager's active window changed: the user looks at that taskspace now.
    func noteActiveWindow(_ window: WindowID?) {
        guard let window, let taskspace = registry.owner(of: window) else { return }
        acknowledge(taskspace)
    }

    /// The user has seen `id` (its window activated, `focus` or `open`): its questions become
    /// info, its windows stop demanding attention.
    func acknowledge(_ id: TaskspaceID) {
        let request = attention.removeValue(forKey: id)
        if request != nil { cardChanged(id) }
        if let request, !request.windows.isEmpty {
            let activator = environment.activator
            Task { await activator.demandAttention(request.windows, false) }
        }
        if let notification = request?.notification {
            let notifier = environment.notifier
            Task { await notifier.close(notification) }
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
        if let summary = outcome.summary {
            summaries[write.id] = summary
            cardChanged(write.id)
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
