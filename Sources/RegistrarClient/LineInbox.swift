import Dispatch
import Synchronization

/// Lines received and the callers waiting for one: a line goes to the oldest waiter it suits,
/// or waits in arrival order. Unlike an AsyncStream, a waiter that gives up (timeout,
/// cancellation) leaves the queue usable, which a reconnecting bridge and reply matching need.
/// Bounded: a line no waiter takes is queued only while the queue holds fewer than `lineLimit`
/// lines and `byteLimit` bytes; past that its deliverer waits for room. Nothing is dropped: a
/// connection whose lines are not taken stops being read, and the daemon's budget for unread
/// replies applies to it (a standard input not taken stops being read likewise).
public final class LineInbox: Sendable {
    fileprivate struct Waiter {
        let predicate: @Sendable (String) -> Bool
        let continuation: CheckedContinuation<String?, Never>
    }

    fileprivate struct State {
        var lines: [String] = []
        var bytes = 0
        /// Deliverers waiting for room: tasks, and threads (standard input's reader).
        var roomWaiters: [CheckedContinuation<Void, Never>] = []
        var roomSignals: [DispatchSemaphore] = []
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiter: UInt64 = 0
        /// Waits that timed out or were cancelled before they were registered.
        var abandoned: Set<UInt64> = []
        var closed = false
    }

    private let state = Mutex(State())
    public let lineLimit: Int
    public let byteLimit: Int

    /// The defaults hold a roll call for each of the daemon's 10,000 taskspaces twice over.
    public init(lineLimit: Int = 20_000, byteLimit: Int = 64 << 20) {
        self.lineLimit = lineLimit
        self.byteLimit = byteLimit
    }

    public var isClosed: Bool { state.withLock { $0.closed } }

    /// True when no line is waiting to be taken.
    public var isEmpty: Bool { state.withLock { $0.lines.isEmpty } }

    /// Whether a line that satisfies `predicate` waits in the queue now (it stays there).
    public func contains(where predicate: (String) -> Bool) -> Bool { state.withLock { $0.lines.contains(where: predicate) } }

    /// Returns a line taken too early to the front of the queue.
    public func putBack(_ line: String) {
        state.withLock { state in
            state.lines.insert(line, at: 0)
            state.bytes += line.utf8.count
        }
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
                    if let index = state.lines.firstIndex(where: predicate) { return .some(state.take(at: index)) }
                    if state.closed || state.abandoned.remove(ticket) != nil { return .some(nil) }
                    state.waiters[ticket] = Waiter(predicate: predicate, continuation: continuation)
                    return .none
                }
                if let immediate {
                    continuation.resume(returning: immediate)
                    if immediate != nil { lineTaken() }
                } else {
                    // A deliverer waiting for room may hold this waiter's line: it offers again.
                    lineTaken()
                }
            }
        } onCancel: {
            self.resume(ticket, with: nil)
        }
    }

    /// Hands `line` to the oldest waiter it suits, or queues it, waiting for room when the
    /// queue is full.
    public func deliver(_ line: String) async {
        while true {
            switch offer(line) {
            case .taken: return
            case .full:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let hasRoom = state.withLock { state in
                        if state.mayOffer(line, lineLimit: lineLimit, byteLimit: byteLimit) { return true }
                        state.roomWaiters.append(continuation)
                        return false
                    }
                    if hasRoom { continuation.resume() }
                }
            }
        }
    }

    /// `deliver` for a thread of its own (reads that block): it blocks while the queue is full.
    public func deliverWaiting(_ line: String) {
        while case .full = offer(line) {
            let signal = DispatchSemaphore(value: 0)
            let hasRoom = state.withLock { state in
                if state.mayOffer(line, lineLimit: lineLimit, byteLimit: byteLimit) { return true }
                state.roomSignals.append(signal)
                return false
            }
            if !hasRoom { signal.wait() }
        }
    }

    private enum Offer { case taken, full }

    private func offer(_ line: String) -> Offer {
        let (outcome, waiter) = state.withLock { state -> (Offer, Waiter?) in
            if let (ticket, waiter) = state.waiters.filter({ $0.value.predicate(line) }).min(by: { $0.key < $1.key }) {
                state.waiters[ticket] = nil
                return (.taken, waiter)
            }
            // A closed queue takes lines as before: its reader has gone, nothing will make room.
            guard state.closed || state.hasRoom(for: line, lineLimit: lineLimit, byteLimit: byteLimit) else { return (.full, nil) }
            state.lines.append(line)
            state.bytes += line.utf8.count
            return (.taken, nil)
        }
        waiter?.continuation.resume(returning: line)
        return outcome
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
        let (waiters, room) = state.withLock { state in
            state.closed = true
            defer { state.waiters.removeAll() }
            return (Array(state.waiters.values), state.releaseRoomWaiters())
        }
        waiters.forEach { $0.continuation.resume(returning: nil) }
        room()
    }

    /// Wakes the deliverers waiting for room once a line was taken or a waiter came.
    private func lineTaken() {
        state.withLock { $0.releaseRoomWaiters() }()
    }
}

extension LineInbox.State {
    /// Whether offering `line` again can get anywhere: room, or a waiter that wants it (one
    /// that came between the full offer and the wait).
    func mayOffer(_ line: String, lineLimit: Int, byteLimit: Int) -> Bool {
        closed || hasRoom(for: line, lineLimit: lineLimit, byteLimit: byteLimit) || waiters.values.contains { $0.predicate(line) }
    }

    func hasRoom(for line: String, lineLimit: Int, byteLimit: Int) -> Bool {
        lines.isEmpty || (lines.count < lineLimit && bytes + line.utf8.count <= byteLimit)
    }

    mutating func take(at index: Int) -> String {
        let line = lines.remove(at: index)
        bytes -= line.utf8.count
        return line
    }

    /// Empties the room waiters, answering what wakes them (run outside the lock).
    mutating func releaseRoomWaiters() -> @Sendable () -> Void {
        let continuations = roomWaiters, signals = roomSignals
        roomWaiters = []
        roomSignals = []
        return {
            continuations.forEach { $0.resume() }
            signals.forEach { $0.signal() }
        }
    }
}
