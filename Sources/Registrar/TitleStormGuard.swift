/// Keeps one window's title storm from flooding the X thread. A window retitled more than
/// `limit` times within `span` is muted: the watcher stops selecting its property changes, so
/// the X server stops queueing events for it at all (however little CPU the daemon gets), and
/// its title is read every `pollInterval` instead, so the index, and a registration waiting for
/// a marker it shows, lag by one interval at most. Once two reads in a row find the same title,
/// the storm is over and the window is watched by events again. Pure, over the caller's instants.
public struct TitleStormGuard<Instant: InstantProtocol & Sendable>: Sendable where Instant.Duration == Duration {
    public struct Configuration: Sendable {
        public var limit: Int
        public var span: Duration
        public var pollInterval: Duration

        public init(limit: Int = 20, span: Duration = .milliseconds(100), pollInterval: Duration = .milliseconds(50)) {
            self.limit = limit
            self.span = span
            self.pollInterval = pollInterval
        }
    }

    private struct Rate: Sendable {
        var since: Instant
        var count: Int
    }

    private struct Muted: Sendable {
        var nextPoll: Instant
        /// The title the last poll read (nil before the first).
        var lastTitle: [UInt8]?
    }

    public let configuration: Configuration
    private var rates: [UInt: Rate] = [:]
    private var muted: [UInt: Muted] = [:]
    private var prunedAt: Instant?

    public init(configuration: Configuration = .init()) { self.configuration = configuration }

    /// Windows muted now.
    public var mutedCount: Int { muted.count }

    public func isMuted(_ window: UInt) -> Bool { muted[window] != nil }

    /// A title event for `window`; true when it has just become a storm and is to be muted.
    public mutating func retitled(_ window: UInt, at now: Instant) -> Bool {
        guard muted[window] == nil else { return false }
        pruneRates(at: now)
        var rate = rates[window] ?? Rate(since: now, count: 0)
        if rate.since.duration(to: now) > configuration.span { rate = Rate(since: now, count: 0) }
        rate.count += 1
        guard rate.count > configuration.limit else {
            rates[window] = rate
            return false
        }
        rates[window] = nil
        muted[window] = Muted(nextPoll: now.advanced(by: configuration.pollInterval))
        return true
    }

    /// When the next muted window is to be read; nil when none is muted.
    public var nextPoll: Instant? { muted.values.map(\.nextPoll).min() }

    /// The muted windows whose read is due.
    public func due(at now: Instant) -> [UInt] { muted.filter { $0.value.nextPoll <= now }.map(\.key).sorted() }

    /// A poll of `window` read `title` (nil: it could not be read, it is gone). Answers true when
    /// the storm is over (the same title as the poll before) and the window is to be watched
    /// by events again.
    public mutating func polled(_ window: UInt, title: [UInt8]?, at now: Instant) -> Bool {
        guard var entry = muted[window] else { return false }
        guard let title else {
            muted[window] = nil
            return false
        }
        if entry.lastTitle == title {
            muted[window] = nil
            return true
        }
        entry.lastTitle = title
        entry.nextPoll = now.advanced(by: configuration.pollInterval)
        muted[window] = entry
        return false
    }

    /// The window is gone.
    public mutating func forget(_ window: UInt) {
        rates[window] = nil
        muted[window] = nil
    }

    /// Drops rates older than their span, at most once a second, so the table holds only
    /// windows retitled lately.
    private mutating func pruneRates(at now: Instant) {
        if let prunedAt, prunedAt.duration(to: now) < .seconds(1) { return }
        prunedAt = now
        rates = rates.filter { $0.value.since.duration(to: now) <= configuration.span }
    }
}
