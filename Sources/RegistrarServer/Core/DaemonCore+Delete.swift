import FoundationEssentials
import Registrar
import RegistrarProtocol
import X11Windows

/// A deletion an agent asked for (`delete_taskspace`) and waits on until the user decides.
struct PendingDeletion: Sendable {
    var waiters: [(requestID: String, connection: ConnectionHub.ConnectionID)] = []
    var notification: UInt32?
    /// Which wait a timeout belongs to (a decided deletion asked for again starts a new one).
    var generation: UInt64
}

/// `delete_taskspace` (PROTOCOL.md 8.8): the agent's request is answered only once the user has
/// decided, through the notification's Delete/Keep actions or `symposium-registrar delete`
/// (`registrar_delete`), or as cancelled when no decision comes within
/// `--delete-decision-timeout`. Deleting closes the taskspace's windows as their close buttons
/// would, waits for them to go (an editor with unsaved files keeps everything), then removes the
/// worktree, the directory and the `project.json` entry.
extension DaemonCore {
    func deleteRequested(_ id: TaskspaceID, projectPath: String?, requestID: String, from connection: ConnectionID) -> FollowUp? {
        guard mayAct("delete_taskspace", requestID: requestID, from: connection) else { return nil }
        guard let taskspace = registry[id], let directory = taskspace.directory, let project = taskspace.projectPath,
              Self.sameProject(projectPath, project) else {
            if hub.role(of: connection) != .bus {
                reply(Message.failure(to: requestID, "taskspace \(id) is not in a loaded project").line, to: connection)
            }
            return nil
        }
        owe(connection)
        let isNew = pendingDeletions[id] == nil
        deletionGeneration += 1
        pendingDeletions[id, default: PendingDeletion(generation: deletionGeneration)].waiters.append((requestID, connection))
        guard isNew else { return nil }
        let generation = pendingDeletions[id]?.generation ?? 0
        let removal = TaskspaceRemoval(project: project, id: id, directory: directory, name: taskspace.name)
        let windows = taskspace.windows.sorted()
        let clock = environment.clock
        let timeout = configuration.deleteDecisionTimeout
        Task { [self] in
            let facts = await removal.facts(windows: windows, waiting: 1)
            await askUser(id, facts)
        }
        Task { [self] in
            guard (try? await clock.sleep(for: timeout)) != nil else { return }
            decisionTimedOut(id, generation: generation)
        }
        logger.notice("deletion asked; waiting for the user", metadata: ["taskspace": "\(id)"])
        return nil
    }

    /// The user's side (`registrar_delete`): the facts, or the decision.
    func deleteDecision(_ id: TaskspaceID, _ request: DeleteDecisionRequest, requestID: String, from connection: ConnectionID) -> FollowUp? {
        guard let taskspace = registry[id], let directory = taskspace.directory, let project = taskspace.projectPath else {
            reply(Message.failure(to: requestID, "taskspace \(id) is not in a loaded project").line, to: connection)
            return nil
        }
        let removal = TaskspaceRemoval(project: project, id: id, directory: directory, name: taskspace.name)
        owe(connection)
        switch request.decision {
        case .facts:
            let windows = taskspace.windows.sorted()
            let waiting = pendingDeletions[id]?.waiters.count ?? 0
            return FollowUp { [self] in
                let facts = await removal.facts(windows: windows, waiting: waiting)
                await deliverFollowUp(Message.response(to: requestID, Reply.ok(facts)).line, to: connection)
            }
        case .keep:
            answerWaiters(id, failing: TaskspaceDeleted.cancelled)
            deliverFollowUp(Message.response(to: requestID, Reply.ok(TaskspaceRequest(taskspaceUUID: id.spelling))).line, to: connection)
            return nil
        case .delete:
            return FollowUp { [self] in
                let result = await delete(removal, deleteBranch: request.deleteBranch, force: request.force)
                let line = switch result {
                case .success(let deleted): Message.response(to: requestID, Reply.ok(deleted)).line
                case .failure(let error): Message.failure(to: requestID, error.message).line
                }
                await deliverFollowUp(line, to: connection)
            }
        }
    }

    /// The notification with Delete and Keep, showing the facts the app's dialog shows.
    private func askUser(_ id: TaskspaceID, _ facts: DeletionFacts) async {
        guard pendingDeletions[id] != nil else { return }
        var lines = ["Its agent asks to delete it."]
        if let commits = facts.unmergedCommits { lines.append("\(commits) commit(s) on \(facts.branch ?? "its branch") not in \(facts.baseBranch ?? "its base").") }
        if facts.uncommittedChanges == true { lines.append("The worktree has uncommitted changes.") }
        lines.append("Or: symposium-registrar delete \(id.spelling)")
        // A server without actions shows the question only; its text names the command.
        let actions = environment.notifier.state.actions ? [(key: "delete", label: "Delete"), (key: "keep", label: "Keep")] : []
        let notification = DesktopNotification(
            summary: "Delete taskspace \(facts.name ?? id.spelling)?", body: lines.joined(separator: "\n"), actions: actions)
        if case .success(let shown) = await environment.notifier.show(notification) {
            if pendingDeletions[id] != nil { pendingDeletions[id]?.notification = shown } else {
                await environment.notifier.close(shown)
            }
        }
    }

    /// A notification's Delete or Keep.
    func deletionAction(_ notification: UInt32, key: String) async {
        guard let id = pendingDeletions.first(where: { $0.value.notification == notification })?.key,
              let taskspace = registry[id], let directory = taskspace.directory, let project = taskspace.projectPath else { return }
        if key == "delete" {
            let removal = TaskspaceRemoval(project: project, id: id, directory: directory, name: taskspace.name)
            _ = await delete(removal, deleteBranch: true, force: false)
        } else if key == "keep" {
            answerWaiters(id, failing: TaskspaceDeleted.cancelled)
        }
    }

    private func decisionTimedOut(_ id: TaskspaceID, generation: UInt64) {
        guard pendingDeletions[id]?.generation == generation else { return }
        logger.notice("no decision on a deletion in time: kept", metadata: ["taskspace": "\(id)"])
        answerWaiters(id, failing: TaskspaceDeleted.cancelled)
    }

    /// Closes the windows, waits for them to go, removes the taskspace; answers every waiting
    /// agent. The branch goes only when asked and safe, or forced.
    private func delete(_ removal: TaskspaceRemoval, deleteBranch: Bool, force: Bool) async -> Result<TaskspaceDeleted, RegistrarError> {
        let id = removal.id
        let windows = registry[id]?.windows.sorted() ?? []
        for window in windows { _ = await environment.activator.requestClose(window) }
        _ = await waitForCards(within: configuration.windowCloseTimeout) { $0.registry[id]?.windows.isEmpty ?? true }
        if let left = registry[id]?.windows, !left.isEmpty {
            let error = RegistrarError(.refused, "the editor did not close \(left.sorted().map(\.hex).joined(separator: ", ")) "
                + "(unsaved files?); nothing was deleted")
            answerWaiters(id, failing: error.message)
            return .failure(error)
        }
        let facts = await removal.facts(windows: [], waiting: 0)
        let result = await removal.remove(branch: facts.branch, deleteBranch: force || (deleteBranch && facts.branchIsSafeToDelete))
        switch result {
        case .success(let branchDeleted):
            registry.forgetDeleted(id)
            attention[id] = nil
            summaries[id] = nil
            cardChanged(id)
            stateChanged.raise()
            logger.notice("taskspace deleted", metadata: ["taskspace": "\(id)", "branch_deleted": "\(branchDeleted)"])
            let deleted = TaskspaceDeleted(taskspaceUUID: id.spelling, windowsClosed: windows.count, branchDeleted: branchDeleted)
            answerWaiters(id) { Message.response(to: $0, Reply.ok(deleted)).line }
            return .success(deleted)
        case .failure(let error):
            answerWaiters(id, failing: error.message)
            return .failure(error)
        }
    }

    /// Answers every agent waiting on `id`'s deletion with `line`, and ends the wait.
    private func answerWaiters(_ id: TaskspaceID, _ line: (String) -> String) {
        guard let pending = pendingDeletions.removeValue(forKey: id) else { return }
        if let notification = pending.notification {
            let notifier = environment.notifier
            Task { await notifier.close(notification) }
        }
        for waiter in pending.waiters { deliverFollowUp(line(waiter.requestID), to: waiter.connection) }
    }

    private func answerWaiters(_ id: TaskspaceID, failing error: String) {
        answerWaiters(id) { Message.failure(to: $0, error).line }
    }
}
