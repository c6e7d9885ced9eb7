import Synchronization
import X11Windows
import Registrar

/// A `WindowActivator` double: it answers `ewmh` for every window, after the test lets it
/// (`hold` makes activations wait until `release`), and remembers what it was asked.
public final class RecordingActivator: WindowActivator {
    private struct State {
        var activated: [WindowID] = []
        var holding = false
        var waiting: [(UInt64, CheckedContinuation<Bool, Never>)] = []
        var attention: [(WindowID, Bool)] = []
        var closeRequests: [WindowID] = []
    }

    private let state = Mutex(State())
    private let stamped: @Sendable (WindowID, String) -> Void

    /// `stamped` is told of every stamp, as the display would show it.
    public init(stamped: @escaping @Sendable (WindowID, String) -> Void = { _, _ in }) {
        self.stamped = stamped
    }

    public func stamp(_ window: WindowID, taskspace: String) async { stamped(window, taskspace) }

    /// Windows the core asked to demand attention, true, or to stop, false, in order.
    public var attention: [(WindowID, Bool)] { state.withLock { $0.attention } }

    /// Windows asked to close, in order.
    public var closeRequests: [WindowID] { state.withLock { $0.closeRequests } }

    public func requestClose(_ window: WindowID) async -> WindowControl.CloseRequest? {
        state.withLock { $0.closeRequests.append(window) }
        return .manager
    }

    public func demandAttention(_ windows: [WindowID], _ demands: Bool) async {
        state.withLock { $0.attention += windows.map { ($0, demands) } }
    }

    public var activated: [WindowID] { state.withLock { $0.activated } }
    public var waitingCount: Int { state.withLock { $0.waiting.count } }

    public func hold() { state.withLock { $0.holding = true } }

    public func release() {
        let waiting = state.withLock { state in
            state.holding = false
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        waiting.forEach { $0.1.resume(returning: true) }
    }

    public func activate(_ window: WindowID) async throws(XActionError) -> ActivationOutcome {
        let id = UInt64.random(in: 0 ... .max)
        let answered = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let wait = state.withLock { state -> Bool in
                    guard state.holding else { return false }
                    state.waiting.append((id, continuation))
                    return true
                }
                if !wait { continuation.resume(returning: true) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                guard let index = state.waiting.firstIndex(where: { $0.0 == id }) else { return nil }
                return state.waiting.remove(at: index).1
            }
            waiter?.resume(returning: false)
        }
        guard answered else { throw .displayUnavailable("the activation was given up") }
        state.withLock { $0.activated.append(window) }
        return ActivationOutcome(method: .ewmh, focused: true, ignoredBy: nil)
    }
}
