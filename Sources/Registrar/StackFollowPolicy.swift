/// When the windows of a stack follow its top window: a move or resize of the top window is
/// followed once per `coalescing` while it goes on (the first event of a burst starts the
/// interval, later ones ride along), so a drag is followed about 20 times a second, not once
/// per ConfigureNotify, and the last position is always followed. Pure over the caller's clock.
public struct StackFollowPolicy<C: Clock>: Sendable where C.Duration == Duration {
    public let coalescing: Duration
    private var due: [String: C.Instant] = [:]

    public init(coalescing: Duration = .milliseconds(50)) { self.coalescing = coalescing }

    /// The top window of `stack` moved or was resized at `now`.
    public mutating func moved(_ stack: String, at now: C.Instant) {
        if due[stack] == nil { due[stack] = now.advanced(by: coalescing) }
    }

    /// When the next stack is due; nil when none waits.
    public var nextDeadline: C.Instant? { due.values.min() }

    /// The stacks to follow now, in name order; they wait no longer.
    public mutating func takeDue(at now: C.Instant) -> [String] {
        let ready = due.filter { $0.value <= now }.keys.sorted()
        for stack in ready { due[stack] = nil }
        return ready
    }

    /// A stack that no longer exists (turned off, emptied) waits no longer.
    public mutating func forget(_ stack: String) { due[stack] = nil }
}
