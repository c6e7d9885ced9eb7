/// Log lines bounded per cause: the first event of a cause is reported at once, the ones after
/// it within `interval` are only counted and reported together when the interval is over (on
/// the next event or `due`). A flood of ten thousand refusals writes a line every interval, not
/// ten thousand. Pure, over the caller's instants.
public struct LogThrottle<Cause: Hashable & Sendable, Instant: InstantProtocol & Sendable>: Sendable
    where Instant.Duration == Duration
{
    /// What to log: `count` events of `cause` since the last report, the newest described by `example`.
    public struct Report: Hashable, Sendable {
        public let cause: Cause
        public let count: Int
        public let example: String

        public init(cause: Cause, count: Int, example: String) {
            self.cause = cause
            self.count = count
            self.example = example
        }
    }

    private struct Tally: Sendable {
        var reportedAt: Instant
        var count = 0
        var example = ""
    }

    public let interval: Duration
    private var tallies: [Cause: Tally] = [:]

    public init(interval: Duration) { self.interval = interval }

    /// An event of `cause`; answers the report to log now, if one is due.
    public mutating func note(_ cause: Cause, _ example: String, at now: Instant) -> Report? {
        guard var tally = tallies[cause] else {
            tallies[cause] = Tally(reportedAt: now)
            return Report(cause: cause, count: 1, example: example)
        }
        tally.count += 1
        tally.example = example
        if tally.reportedAt.duration(to: now) >= interval {
            tallies[cause] = Tally(reportedAt: now)
            return Report(cause: cause, count: tally.count, example: example)
        }
        tallies[cause] = tally
        return nil
    }

    /// Counts whose interval is over, reported and cleared; causes quiet for a whole interval
    /// are forgotten, so their next event is reported at once again.
    public mutating func due(at now: Instant) -> [Report] {
        var reports: [Report] = []
        for (cause, tally) in tallies where tally.reportedAt.duration(to: now) >= interval {
            if tally.count > 0 {
                reports.append(Report(cause: cause, count: tally.count, example: tally.example))
                tallies[cause] = Tally(reportedAt: now)
            } else {
                tallies[cause] = nil
            }
        }
        return reports
    }
}
