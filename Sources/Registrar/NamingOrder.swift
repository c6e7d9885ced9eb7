/// Taskspaces learned only from messages, oldest named first: the order in which they make
/// room when the taskspace limit is reached, and in which they expire when nothing names them.
/// A queue with lazy removal: naming a taskspace again appends it anew, and the stale entry is
/// skipped when it comes to the front, so each naming costs O(1) amortized at any size.
struct NamingOrder<Instant: Comparable & Sendable>: Sendable {
    private struct Entry: Sendable {
        let id: TaskspaceID
        let namedAt: Instant
        let serial: UInt64
    }

    private var queue: [Entry] = []
    private var head = 0
    /// The serial of each taskspace's newest entry: older entries are stale.
    private var newest: [TaskspaceID: UInt64] = [:]
    private var nextSerial: UInt64 = 0

    var count: Int { newest.count }

    func contains(_ id: TaskspaceID) -> Bool { newest[id] != nil }

    /// `id` was named at `now`: it moves to the back.
    mutating func named(_ id: TaskspaceID, at now: Instant) {
        nextSerial += 1
        newest[id] = nextSerial
        queue.append(Entry(id: id, namedAt: now, serial: nextSerial))
        compactIfMostlyStale()
    }

    /// `id` is no longer ordered (forgotten, or it now belongs to a project on disk).
    mutating func remove(_ id: TaskspaceID) {
        newest[id] = nil
        compactIfMostlyStale()
    }

    /// The taskspace named longest ago, and when.
    mutating func oldest() -> (id: TaskspaceID, namedAt: Instant)? {
        while head < queue.count {
            let entry = queue[head]
            if newest[entry.id] == entry.serial { return (entry.id, entry.namedAt) }
            head += 1
        }
        return nil
    }

    private mutating func compactIfMostlyStale() {
        guard queue.count > 64, queue.count - head > 2 * newest.count || head > queue.count / 2 else { return }
        queue = queue[head...].filter { newest[$0.id] == $0.serial }
        head = 0
    }
}
