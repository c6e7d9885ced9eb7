import Registrar
import RegistrarProtocol

/// What the services around the core ask of it: when the roll-call timer should wake and what
/// to do when it does, and what the state file should hold.
extension DaemonCore {
    /// The instant the roll-call timer should wake up; it sleeps until then or until
    /// `deadlineMoved` is raised.
    public func armTimer() -> C.Instant {
        let deadline = registry.nextDeadline
        armedDeadline = deadline
        return deadline
    }

    /// The timer woke: answers registrations past their deadline and sends roll calls due.
    public func timerFired() {
        armedDeadline = nil
        guard !stopping else { return }
        let now = environment.clock.now
        perform(registry.expire(at: now) + registry.tick(at: now))
        forgetUnnamed()
        logThrottledCounts()
        timerRounds.add()
    }

    /// What the state file should hold now.
    public func persistentState() -> DaemonState {
        savedAssociationsVersion = registry.associationsVersion
        let (serverID, associations) = registry.persistentAssociations
        var state = DaemonState(display: environment.windows.status.display, serverID: serverID,
                                taskspaces: registry.allTaskspaces, associations: associations)
        let pending = fileFailures.values.sorted { $0.write.path < $1.write.path }.map {
            DaemonState.PendingWrite(directory: $0.write.directory, uuid: $0.write.id.spelling, name: $0.write.name,
                                     description: $0.write.description)
        }
        state.pendingFileWrites = pending.isEmpty ? nil : pending
        state.stacks = stacks.rects.isEmpty ? nil : stacks.rects
        return state
    }
}
