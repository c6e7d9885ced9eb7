import Synchronization

/// How many connections are being served, in all and per peer process: counted when one is
/// accepted (so a burst of connects cannot slip past a limit) and when its task ends, with a
/// wait for none left.
final class ConnectionTally: Sendable {
    enum Admission: Equatable {
        case admitted
        /// Every connection is taken.
        case tableFull
        /// The peer's process holds its share of the table already.
        case processFull
    }

    private struct State {
        var count = 0
        var byProcess: [Int32: Int] = [:]
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Counts one more for `pid`, unless `limit` are served or `pid` holds `perProcess` already.
    func admit(pid: Int32, limit: Int, perProcess: Int) -> Admission {
        state.withLock { state in
            guard state.byProcess[pid, default: 0] < perProcess else { return .processFull }
            guard state.count < limit else { return .tableFull }
            state.count += 1
            state.byProcess[pid, default: 0] += 1
            return .admitted
        }
    }

    /// Counts one more whatever the limit: one made room by closing another, which is not
    /// counted out until its task ends.
    func admitOverLimit(pid: Int32) {
        state.withLock { state in
            state.count += 1
            state.byProcess[pid, default: 0] += 1
        }
    }

    func release(pid: Int32) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.count -= 1
            if let held = state.byProcess[pid] { state.byProcess[pid] = held > 1 ? held - 1 : nil }
            guard state.count == 0 else { return [] }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Returns once no connection is left (at once if none is). Not cancellable: race it.
    func waitUntilNone() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                if state.count == 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
