import Registrar
import Synchronization

/// A subscription to a window source's events: an `AsyncSequence` for one consumer whose
/// buffer is an `EventMailbox`, so a consumer that falls behind a storm of changes holds a few
/// entries per window rather than every change. Ends when the source finishes it, or when the
/// consumer's task is cancelled or lets go of the sequence.
public struct WatcherEvents: AsyncSequence, Sendable {
    public typealias Element = WatcherEvent

    /// The producer's side.
    public final class Channel: Sendable {
        private struct State {
            var mailbox = EventMailbox()
            var waiter: CheckedContinuation<WatcherEvent?, Never>?
            var finished = false
            var cancelledWait = false
            var delivered = 0
        }

        private let state = Mutex(State())
        private let onTermination: @Sendable () -> Void

        init(onTermination: @escaping @Sendable () -> Void) { self.onTermination = onTermination }

        /// Hands `event` to the consumer, or queues it (coalesced).
        public func yield(_ event: WatcherEvent) {
            let waiter = state.withLock { state -> CheckedContinuation<WatcherEvent?, Never>? in
                guard !state.finished else { return nil }
                if let waiter = state.waiter {
                    state.waiter = nil
                    state.delivered += 1
                    return waiter
                }
                state.mailbox.append(event)
                return nil
            }
            waiter?.resume(returning: event)
        }

        /// No more events; the consumer gets what is queued, then the end.
        public func finish() {
            let waiter = state.withLock { state -> CheckedContinuation<WatcherEvent?, Never>? in
                state.finished = true
                defer { state.waiter = nil }
                return state.mailbox.isEmpty ? state.waiter : nil
            }
            waiter?.resume(returning: nil)
        }

        /// Events waiting for the consumer, and events handed to it so far (for tests and status).
        public var progress: (queued: Int, delivered: Int) { state.withLock { ($0.mailbox.count, $0.delivered) } }

        fileprivate func next() async -> WatcherEvent? {
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let now = state.withLock { state -> WatcherEvent?? in
                        if let event = state.mailbox.popFirst() {
                            state.delivered += 1
                            return .some(event)
                        }
                        if state.finished || state.cancelledWait { return .some(nil) }
                        state.waiter = continuation
                        return .none
                    }
                    if let now { continuation.resume(returning: now) }
                }
            } onCancel: {
                terminate()
            }
        }

        /// The consumer is gone (cancelled, or it dropped the sequence): nothing more is kept.
        fileprivate func terminate() {
            let (waiter, first) = state.withLock { state -> (CheckedContinuation<WatcherEvent?, Never>?, Bool) in
                let first = !state.cancelledWait
                state.cancelledWait = true
                state.finished = true
                state.mailbox = EventMailbox()
                defer { state.waiter = nil }
                return (state.waiter, first)
            }
            waiter?.resume(returning: nil)
            if first { onTermination() }
        }
    }

    /// Lets go of the channel when the last copy of the sequence and its iterators is gone.
    fileprivate final class Consumer: Sendable {
        let channel: Channel
        init(_ channel: Channel) { self.channel = channel }
        deinit { channel.terminate() }
    }

    private let consumer: Consumer

    /// A new subscription: the producer keeps the channel, the consumer iterates the sequence.
    /// `onTermination` runs once when the consumer is gone.
    public static func make(onTermination: @escaping @Sendable () -> Void = {}) -> (WatcherEvents, Channel) {
        let channel = Channel(onTermination: onTermination)
        return (WatcherEvents(consumer: Consumer(channel)), channel)
    }

    private init(consumer: Consumer) { self.consumer = consumer }

    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let consumer: Consumer
        public mutating func next() async -> WatcherEvent? { await consumer.channel.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(consumer: consumer) }
}
