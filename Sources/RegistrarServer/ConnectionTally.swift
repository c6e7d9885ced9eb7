import Synchronization

/// How many connections are being served: counted when one is accepted (so a burst of
/// connects cannot slip past the limit) and when its task ends, with a wait for none left.
final class ConnectionTally: Sendable {
    private struct State {
        var count = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Counts one more, unless `limit` are already served.
    func admit(limit: Int) -> Bool {
        state.withLock { state in
            guard state.count < limit else { return false }
            state.count += 1
            return true
        }
    }

    /// Counts one more whatever the limit: one made room by closing another, which is not
    /// counted out until its task ends.
    func admitOverLimit() {
        state.withLock { $0.count += 1 }
    }

    func release() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.count -= 1
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
