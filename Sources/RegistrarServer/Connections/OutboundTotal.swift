import Synchronization

/// The bytes waiting to be written to all clients together, the bus link included: each
/// `Outbox` adds what it queues and takes back what its writer is done with. Per-connection
/// budgets bound one client; this bounds two hundred of them that all stop reading.
public final class OutboundTotal: Sendable {
    private let waiting = Atomic<Int>(0)
    /// Bytes all clients may hold together before the hub cuts off the one holding most.
    public let budget: Int

    public init(budget: Int) {
        precondition(budget > 0)
        self.budget = budget
    }

    public var bytes: Int { waiting.load(ordering: .relaxed) }

    public var isOverBudget: Bool { bytes > budget }

    func add(_ count: Int) { waiting.add(count, ordering: .relaxed) }

    func remove(_ count: Int) { waiting.subtract(count, ordering: .relaxed) }
}
