import Synchronization
import X11Windows
import Registrar

/// A `WindowActivator` double: it answers `ewmh` for every window, after the test lets it
/// (`hold` makes activations wait until `release`), and remembers what it was asked.
public final class RecordingActivator: WindowActivator {
    private struct State {
        var activated: [WindowID] = []
        var holding = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init() {}

    public var activated: [WindowID] { state.withLock { $0.activated } }
    public var waitingCount: Int { state.withLock { $0.waiting.count } }

    public func hold() { state.withLock { $0.holding = true } }

    public func release() {
        let waiting = state.withLock { state in
            state.holding = false
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        waiting.forEach { $0.resume() }
    }

    public func activate(_ window: WindowID) async throws(XActionError) -> WindowActivation {
        await withCheckedContinuation { continuation in
            let wait = state.withLock { state -> Bool in
                guard state.holding else { return false }
                state.waiting.append(continuation)
                return true
            }
            if !wait { continuation.resume() }
        }
        state.withLock { $0.activated.append(window) }
        return .ewmh
    }
}
