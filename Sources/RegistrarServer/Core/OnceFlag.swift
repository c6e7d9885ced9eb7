import Synchronization

/// A flag that is set once and read from anywhere without waiting on an actor.
public final class OnceFlag: Sendable {
    private let value = Atomic<Bool>(false)

    public init() {}

    public var isSet: Bool { value.load(ordering: .relaxed) }

    public func set() { value.store(true, ordering: .relaxed) }
}

/// A count read from anywhere without waiting on an actor (the timer's rounds, for tests that
/// must order a check after a round).
public final class RoundCounter: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    public var count: Int { value.load(ordering: .acquiring) }

    func add() { value.add(1, ordering: .releasing) }
}
