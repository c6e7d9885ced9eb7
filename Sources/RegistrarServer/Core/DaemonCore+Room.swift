import FoundationEssentials
import Registrar
import RegistrarProtocol

/// The taskspace limit as the daemon applies it: taskspaces of projects on disk come first,
/// taskspaces learned only from messages make room oldest named first and are forgotten when
/// nothing names them for `--forget-after`; what is evicted is counted and logged per round,
/// not per taskspace.
extension DaemonCore {
    /// Evicts one message-only taskspace for a new one; false when none can go.
    func makeRoom(for taskspace: TaskspaceID) -> Bool {
        guard let evicted = registry.makeRoom(at: environment.clock.now) else {
            logThrottled(.taskspaceRefused, "\(taskspace)")
            return false
        }
        logThrottled(.taskspaceEvicted, "\(evicted) for \(taskspace)", level: .info)
        stateChanged.raise()
        return true
    }

    /// The saved state, within the limit: taskspaces of projects first (they are what the user
    /// has on disk), then those learned from messages, newest file order last.
    func learnSaved(_ state: DaemonState) {
        let saved = state.learnedTaskspaces
        let room = max(0, configuration.taskspaceLimit - registry.taskspaceCount)
        let fromProjects = saved.filter { $0.directory != nil && registry[$0.id] == nil }
        let fromMessages = saved.filter { $0.directory == nil && registry[$0.id] == nil }
        let kept = Array((fromProjects + fromMessages).prefix(room))
        let now = environment.clock.now
        for taskspace in kept {
            registry.learn(taskspace)
            if taskspace.directory == nil { registry.noteNamed(taskspace.id, at: now) }
        }
        if kept.count < fromProjects.count + fromMessages.count {
            logger.warning("the state file lists more taskspaces than --max-taskspaces; the rest are not learned", metadata: [
                "listed": "\(saved.count)", "learned": "\(kept.count)", "limit": "\(configuration.taskspaceLimit)",
            ])
        }
        for (project, rect) in state.stacks ?? [:] { stacks.entries[project, default: .init()].rect = rect }
        for pending in state.pendingFileWrites ?? [] {
            guard let id = TaskspaceID(pending.uuid) else { continue }
            fileWriteSequence += 1
            let write = TaskspaceFileWrite(directory: pending.directory, id: id, name: pending.name, description: pending.description,
                                           sequence: fileWriteSequence)
            fileFailures[write.path] = FileFailure(write: write, error: "not yet written before the daemon restarted",
                                                   since: Date(), attempts: 0)
            fileFailed.raise()
        }
        let keptIDs = Set(kept.map(\.id))
        registry.remember(state.associations.filter { keptIDs.contains($0.key) || registry[$0.key] != nil },
                          serverID: state.serverID)
    }

    /// Message-only taskspaces nobody named for `--forget-after` are forgotten (on the timer).
    func forgetUnnamed() {
        let forgotten = registry.forgetUnnamed(olderThan: configuration.forgetUnnamedAfter, at: environment.clock.now)
        guard !forgotten.isEmpty else { return }
        logger.info("forgot taskspaces nobody named for \(configuration.forgetUnnamedAfter.secondsText) s", metadata: [
            "count": "\(forgotten.count)", "first": "\(forgotten[0])",
        ])
        stateChanged.raise()
    }
}
