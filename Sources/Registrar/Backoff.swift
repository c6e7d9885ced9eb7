/// Delays between reconnection attempts: doubling from `initial` up to `maximum`, back to
/// `initial` after a success. A pure value, so the schedule is tested without waiting.
public struct Backoff: Sendable, Equatable {
    public let initial: Duration
    public let maximum: Duration
    private var next: Duration

    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
        precondition(initial > .zero && maximum >= initial, "backoff needs 0 < initial <= maximum")
        self.initial = initial
        self.maximum = maximum
        self.next = initial
    }

    /// The delay before the coming attempt; each call doubles the one after it.
    public mutating func nextDelay() -> Duration {
        let delay = next
        next = min(next * 2, maximum)
        return delay
    }

    public mutating func reset() { next = initial }
}
