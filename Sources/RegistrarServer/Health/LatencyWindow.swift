import Histogram

/// Round trips of the last minute, for `status`'s p50 and p99: six HdrHistograms of ten
/// seconds each, the oldest dropped as time moves on. Pure over the instants it is given (the
/// core's actor owns it, so recording takes no lock); 2 significant digits (1 %) up to 10
/// minutes, about 10 KB per slice.
struct LatencyWindow: Sendable {
    static let sliceLength: Duration = .seconds(10)
    static let sliceCount = 6

    private struct Slice: Sendable {
        var start: ContinuousClock.Instant
        var histogram: Histogram<UInt32>
    }

    private var slices: [Slice] = []

    /// Records one round trip in microseconds (at least 1).
    mutating func record(_ duration: Duration, at now: ContinuousClock.Instant) {
        let micros = UInt64(max(1, min(duration.inMicroseconds, Self.highest)))
        if let last = slices.last, now - last.start < Self.sliceLength {
            _ = slices[slices.count - 1].histogram.record(micros)
        } else {
            var histogram = Histogram<UInt32>(highestTrackableValue: UInt64(Self.highest), numberOfSignificantValueDigits: .two)
            _ = histogram.record(micros)
            slices.append(Slice(start: now, histogram: histogram))
        }
        drop(before: now)
    }

    /// What the last minute holds: how many, and p50 and p99 in milliseconds (nil when none).
    func summary(at now: ContinuousClock.Instant) -> (count: Int, p50: Double?, p99: Double?) {
        let recent = slices.filter { now - $0.start < Self.window }
        guard var merged = recent.first?.histogram else { return (0, nil, nil) }
        for slice in recent.dropFirst() { merged.add(slice.histogram) }
        guard merged.totalCount > 0 else { return (0, nil, nil) }
        return (Int(merged.totalCount), Double(merged.valueAtPercentile(50)) / 1000, Double(merged.valueAtPercentile(99)) / 1000)
    }

    /// A minute: a slice that started longer ago than this is out of the window.
    private static var window: Duration { sliceLength * sliceCount }
    private static let highest: Int64 = 600_000_000

    private mutating func drop(before now: ContinuousClock.Instant) {
        slices.removeAll { now - $0.start >= Self.window }
    }
}

extension Duration {
    var inMicroseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
