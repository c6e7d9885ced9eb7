import Synchronization

/// Lines received and the callers waiting for one: a line goes to the oldest waiter it suits,
/// or waits in arrival order. Unlike an AsyncStream, a waiter that gives up (timeout,
/// cancellation) leaves the queue usable, which a reconnecting bridge and reply matching need.
public final class LineInbox: Sendable {
    private struct Waiter {
        let predicate: @Sendable (String) -> Bool
        let continuation: CheckedContinuation<String?, Never>
    }

    private struct State {
        var lines: [String] = []
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiter: UInt64 = 0
        /// Waits that timed out or were cancelled before they were registered.
        var abandoned: Set<UInt64> = []
        var closed = false
    }

    private let state = Mutex(State())

    public init() {}

    public var isClosed: Bool { state.withLock { $0.closed } }

    /// True when no line is waiting to be taken.
    public var isEmpty: Bool { state.withLock { $0.lines.isEmpty } }

    /// Returns a line taken too early to the front of the queue.
    public func putBack(_ line: String) {
        state.withLock { $0.lines.insert(line, at: 0) }
    }

    /// The first line, in arrival order, that satisfies `predicate`, taken out of the queue;
    /// nil when the queue is closed and holds no such line, or `timeout` passes first.
    public func next(timeout: Duration? = nil, where predicate: @escaping @Sendable (String) -> Bool = { _ in true }) async -> String? {
        let ticket = state.withLock { state -> UInt64 in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        let timer = timeout.map { timeout in
            Task {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                self.resume(ticket, with: nil)
            }
        }
        defer {
            timer?.cancel()
            _ = state.withLock { $0.abandoned.remove(ticket) }
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate: String?? = state.withLock { state in
                    if let index = state.lines.firstIndex(where: predicate) { return .some(state.lines.remove(at: index)) }
                    if state.closed || state.abandoned.remove(ticket) != nil { return .some(nil) }
                    state.waiters[ticket] = Waiter(predicate: predicate, continuation: continuation)
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            self.resume(ticket, with: nil)
        }
    }

    public func deliver(_ line: String) {
        let waiter = state.withLock { state -> Waiter? in
            guard let (ticket, waiter) = state.waiters.filter({ $0.value.predicate(line) }).min(by: { $0.key < $1.key })
            else {
                state.lines.append(line)
                return nil
            }
            state.waiters[ticket] = nil
            return waiter
        }
        waiter?.continuation.resume(returning: line)
    }

    private func resume(_ ticket: UInt64, with line: String?) {
        let waiter = state.withLock { state -> Waiter? in
            guard let waiter = state.waiters.removeValue(forKey: ticket) else {
                state.abandoned.insert(ticket)
                return nil
            }
            return waiter
        }
        waiter?.continuation.resume(returning: line)
    }

    /// No more lines will come; waiters get nil once the queued lines are taken.
    public func close() {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.continuation.resume(returning: nil) }
    }
}
