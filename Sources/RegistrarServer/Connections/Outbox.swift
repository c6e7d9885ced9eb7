import DequeModule
import Synchronization

/// One client's lines waiting to be written, bounded by bytes rather than by count: a reply of
/// 650 KB and a roll call of 200 bytes weigh what they weigh. Roll calls are coalesced: a roll
/// call for a taskspace already waiting is not queued again, so a burst of thousands of them
/// cannot cut off a client that reads at a normal pace, nor fill the memory of one that does not.
/// An `AsyncSequence` for the connection's writer. What it holds counts in an `OutboundTotal`
/// shared by every client until the writer has handed it on and asks for the next line.
public final class Outbox: AsyncSequence, Sendable {
    public typealias Element = String

    public enum Offer: Sendable, Equatable {
        case queued
        /// A roll call for that taskspace was waiting already.
        case coalesced
        /// Over the budget: the client is to be cut off.
        case overBudget
        case closed
    }

    private struct Entry {
        let line: String
        let rollCall: String?
    }

    private struct State {
        var entries = Deque<Entry>()
        var bytes = 0
        var rollCalls: Set<String> = []
        var waiter: CheckedContinuation<String?, Never>?
        var finished = false
        /// The line the writer took last and may still be writing; released when it asks again.
        var inFlight = 0
        /// A reader of the connection waiting for the client to read (`waitForRoom`).
        var roomWaiter: (limit: Int, continuation: CheckedContinuation<Void, Never>)?
    }

    public let budget: Int
    private let total: OutboundTotal?
    private let state = Mutex(State())

    /// `budget`: the bytes that may wait; one line larger than all of it is still taken when
    /// nothing else waits, so a big reply never blocks its client forever. `total`: the count
    /// shared with every other client.
    public init(budget: Int, total: OutboundTotal? = nil) {
        self.budget = budget
        self.total = total
    }

    deinit {
        let held = state.withLock { $0.bytes + $0.inFlight }
        total?.remove(held)
    }

    /// Queues `line`; `rollCall` names the taskspace when it is a roll call.
    public func offer(_ line: String, rollCall: String? = nil) -> Offer {
        let (outcome, waiter) = state.withLock { state -> (Offer, CheckedContinuation<String?, Never>?) in
            guard !state.finished else { return (.closed, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                let size = line.utf8.count + 1
                state.inFlight = size
                total?.add(size)
                return (.queued, waiter)
            }
            if let rollCall, state.rollCalls.contains(rollCall) { return (.coalesced, nil) }
            let size = line.utf8.count + 1
            guard state.bytes + size <= budget || state.entries.isEmpty else { return (.overBudget, nil) }
            state.entries.append(Entry(line: line, rollCall: rollCall))
            state.bytes += size
            total?.add(size)
            if let rollCall { state.rollCalls.insert(rollCall) }
            return (.queued, nil)
        }
        waiter?.resume(returning: line)
        return outcome
    }

    /// Bytes waiting now, with the line being written.
    public var waitingBytes: Int { state.withLock { $0.bytes + $0.inFlight } }

    /// Returns once fewer than `limit` bytes wait (at once if they do already), or the outbox is
    /// finished. The connection's reader waits here before it takes the next request: a client
    /// that does not read its replies gets no more made for it, and its requests stay in its
    /// own socket's buffer, costing the daemon nothing.
    public func waitForRoom(below limit: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                guard !state.finished, state.bytes + state.inFlight >= limit else { return true }
                state.roomWaiter = (limit, continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// True while a reader waits for the client to read.
    public var readerIsWaiting: Bool { state.withLock { $0.roomWaiter != nil } }

    /// The reader waiting for room, when there is room now (or never will be).
    private static func roomMade(in state: inout State) -> CheckedContinuation<Void, Never>? {
        guard let waiter = state.roomWaiter, state.finished || state.bytes + state.inFlight < waiter.limit else { return nil }
        state.roomWaiter = nil
        return waiter.continuation
    }

    /// Drops every waiting line (the client was cut off): nobody will write them.
    public func discard() {
        let waiter = state.withLock { state -> CheckedContinuation<String?, Never>? in
            // The line being written goes too: its connection is being closed under it.
            total?.remove(state.bytes + state.inFlight)
            state.inFlight = 0
            state.entries.removeAll()
            state.rollCalls.removeAll()
            state.bytes = 0
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
        resumeRoomWaiter()
    }

    private func resumeRoomWaiter() {
        state.withLock { Self.roomMade(in: &$0) }?.resume()
    }

    /// No more lines: the writer takes what waits, then ends.
    public func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<String?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
        resumeRoomWaiter()
    }

    private func next() async -> String? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> String?? in
                    // Asking again means the last line was handed on.
                    total?.remove(state.inFlight)
                    state.inFlight = 0
                    if let entry = state.entries.popFirst() {
                        let size = entry.line.utf8.count + 1
                        state.bytes -= size
                        state.inFlight = size
                        if let rollCall = entry.rollCall { state.rollCalls.remove(rollCall) }
                        return .some(entry.line)
                    }
                    if state.finished { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if let now { continuation.resume(returning: now) }
                resumeRoomWaiter()
            }
        } onCancel: {
            finish()
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let outbox: Outbox
        public mutating func next() async -> String? { await outbox.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(outbox: self) }
}
