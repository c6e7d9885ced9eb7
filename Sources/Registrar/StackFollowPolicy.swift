/// When the windows of a stack follow its top window: at once for a move after a quiet
/// `coalescing` (a keyboard move, a tiling shortcut, the end of a drag), and at most once per
/// `coalescing` while moves go on (a drag is followed about 20 times a second, not once per
/// ConfigureNotify); the last position is always followed. Pure over the caller's clock.
public struct StackFollowPolicy<C: Clock>: Sendable where C.Duration == Duration {
    public let coalescing: Duration
    private var due: [String: C.Instant] = [:]
    private var lastFollowed: [String: C.Instant] = [:]

    public init(coalescing: Duration = .milliseconds(50)) { self.coalescing = coalescing }

    /// The top window of `stack` moved or was resized at `now`.
    public mutating func moved(_ stack: String, at now: C.Instant) {
        guard due[stack] == nil else { return }  // rides along with the follow already due
        let earliest = lastFollowed[stack].map { $0.advanced(by: coalescing) }
        due[stack] = earliest.map { max($0, now) } ?? now
    }

    /// When the next stack is due; nil when none waits.
    public var nextDeadline: C.Instant? { due.values.min() }

    /// The stacks to follow now, in name order; they wait no longer.
    public mutating func takeDue(at now: C.Instant) -> [String] {
        let ready = due.filter { $0.value <= now }.keys.sorted()
        for stack in ready {
            due[stack] = nil
            lastFollowed[stack] = now
        }
        return ready
    }

    /// A stack that no longer exists (turned off, emptied) waits no longer.
    public mutating func forget(_ stack: String) {
        due[stack] = nil
        lastFollowed[stack] = nil
    }
}
