import Synchronization

/// A wake-up for one waiting task: `raise` wakes the waiter, or the next one to wait when none
/// waits yet (raises before then collapse into one). A cancelled wait returns at once, so a
/// waiter can race it against a sleep inside a task group.
public final class AsyncSignal: Sendable {
    private struct State {
        var raised = false
        var waiter: CheckedContinuation<Void, Never>?
        /// A wait was cancelled before it could park: the next park returns at once.
        var cancelledWait = false
    }

    private let state = Mutex(State())

    public init() {}

    public func raise() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.raised = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when raised (at once if it was raised since the last wait) or when cancelled.
    public func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.cancelledWait {
                        state.cancelledWait = false
                        return true
                    }
                    if state.raised {
                        state.raised = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let waiter = state.waiter else {
                    state.cancelledWait = true
                    return nil
                }
                state.waiter = nil
                return waiter
            }
            waiter?.resume()
        }
    }
}
