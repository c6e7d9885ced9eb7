import Synchronization

/// A flag that is set once and read from anywhere without waiting on an actor.
public final class OnceFlag: Sendable {
    private let value = Atomic<Bool>(false)

    public init() {}

    public var isSet: Bool { value.load(ordering: .relaxed) }

    public func set() { value.store(true, ordering: .relaxed) }
}
