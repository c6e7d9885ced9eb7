import CoreMetrics
import Synchronization

/// swift-metrics' API over counters the daemon reads itself: each counter is one atomic, so
/// the threads that count (the X thread, NIO's event loops, the core's actor) never wait on a
/// lock, and `status` reads them at any time. Not bootstrapped into the process-wide
/// `MetricsSystem`: each daemon (tests run several in one process) owns its own factory.
/// Gauges, recorders and timers are not used by the daemon; they keep their last value so
/// that the factory is a whole `MetricsFactory`.
final class AtomicMetricsFactory: MetricsFactory, Sendable {
    private let counters = Mutex<[String: AtomicCounter]>([:])

    /// The value of the counter made with `label`, 0 when none was made.
    func value(of label: String) -> Int64 {
        counters.withLock { $0[label] }?.value ?? 0
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        counters.withLock { counters in
            if let counter = counters[label] { return counter }
            let counter = AtomicCounter()
            counters[label] = counter
            return counter
        }
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        LastValue()
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        LastValue()
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    final class AtomicCounter: CounterHandler, Sendable {
        private let count = Atomic<Int64>(0)
        var value: Int64 { count.load(ordering: .relaxed) }
        func increment(by amount: Int64) { count.add(amount, ordering: .relaxed) }
        func reset() { count.store(0, ordering: .relaxed) }
    }

    final class LastValue: RecorderHandler, TimerHandler, Sendable {
        private let bits = Atomic<UInt64>(0)
        func record(_ value: Int64) { bits.store(UInt64(bitPattern: value), ordering: .relaxed) }
        func record(_ value: Double) { bits.store(value.bitPattern, ordering: .relaxed) }
        func recordNanoseconds(_ duration: Int64) { record(duration) }
    }
}
