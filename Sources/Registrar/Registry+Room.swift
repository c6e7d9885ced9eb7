/// The taskspace limit without a lock-out: taskspaces learned only from messages (no project
/// on disk) are kept in the order they were last named; when the limit is reached the one named
/// longest ago makes room, and one nobody names for long enough is forgotten. A taskspace with a
/// window or a waiting registration is alive and counts as named now; taskspaces of projects on
/// disk are never evicted for made-up ones.
extension Registry {
    /// A message named `id` (a registration, an update, a roll call asked for).
    public mutating func noteNamed(_ id: TaskspaceID, at now: C.Instant) {
        if let taskspace = taskspaces[id], taskspace.directory != nil {
            namingOrder.remove(id)
        } else {
            namingOrder.named(id, at: now)
        }
    }

    /// Forgets the message-only taskspace named longest ago to make room for a new one;
    /// answers it, or nil when every taskspace is alive or belongs to a project.
    public mutating func makeRoom(at now: C.Instant) -> TaskspaceID? {
        var alive: [TaskspaceID] = []
        defer { for id in alive { namingOrder.named(id, at: now) } }
        while let (id, _) = namingOrder.oldest() {
            namingOrder.remove(id)
            guard let taskspace = taskspaces[id], taskspace.directory == nil else { continue }
            if taskspace.isRegistered || quiet.hasWaiting(id) {
                alive.append(id)
                continue
            }
            forget(id)
            return taskspace.id
        }
        return nil
    }

    /// Forgets message-only taskspaces nobody named for `age` or longer (and that have no
    /// window and no waiting registration); answers them.
    public mutating func forgetUnnamed(olderThan age: Duration, at now: C.Instant) -> [TaskspaceID] {
        var forgotten: [TaskspaceID] = []
        var alive: [TaskspaceID] = []
        while let (id, namedAt) = namingOrder.oldest(), namedAt.duration(to: now) >= age {
            namingOrder.remove(id)
            guard let taskspace = taskspaces[id], taskspace.directory == nil else { continue }
            if taskspace.isRegistered || quiet.hasWaiting(id) {
                alive.append(id)
            } else {
                forget(id)
                forgotten.append(taskspace.id)
            }
        }
        for id in alive { namingOrder.named(id, at: now) }
        return forgotten
    }

    /// Taskspaces learned only from messages, which may make room for others.
    public var evictableCount: Int { namingOrder.count }

    /// A taskspace deleted on disk: it is not called back or listed any more.
    public mutating func forgetDeleted(_ id: TaskspaceID) {
        namingOrder.remove(id)
        forget(id)
    }

    private mutating func forget(_ id: TaskspaceID) {
        taskspaces[id] = nil
        policy.forget(id)
        quiet.forget(id)
        confirmations.removeAll { $0 == id }
    }
}
