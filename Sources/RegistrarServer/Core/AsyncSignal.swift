import Synchronization

/// A wake-up for waiting tasks: `raise` wakes every task waiting, or the next one to wait when
/// none waits yet (raises before then collapse into one). A cancelled wait returns at once, so a
/// waiter can race it against a sleep inside a task group. Any number may wait at once.
public final class AsyncSignal: Sendable {
    private struct State {
        var raised = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
        /// Waits cancelled before they could park: they return at once when they do.
        var cancelledWaits: Set<UInt64> = []
    }

    private let state = Mutex(State())

    public init() {}

    public func raise() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.waiters.isEmpty else {
                state.raised = true
                return []
            }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }

    /// Returns when raised (at once if it was raised since the last wait) or when cancelled.
    public func wait() async {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.cancelledWaits.remove(id) != nil { return true }
                    if state.raised {
                        state.raised = false
                        return true
                    }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let waiter = state.waiters.removeValue(forKey: id) else {
                    state.cancelledWaits.insert(id)
                    return nil
                }
                return waiter
            }
            waiter?.resume()
        }
    }
}
