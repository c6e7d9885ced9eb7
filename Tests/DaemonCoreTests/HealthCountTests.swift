@testable import RegistrarServer
import Testing

/// The last minute's round trips and the counters behind `status`'s health section.
@Suite struct HealthCountTests {
    @Test func theLastMinutesRoundTripsGiveP50AndP99AndOlderOnesDrop() {
        var window = LatencyWindow()
        let start = ContinuousClock.now
        #expect(window.summary(at: start).count == 0)
        #expect(window.summary(at: start).p50 == nil)
        // 98 quick ones (1 ms) and 2 slow ones (50 ms), over 30 seconds.
        for index in 0 ..< 100 {
            window.record(.milliseconds(index % 50 == 49 ? 50 : 1), at: start + .milliseconds(300 * index))
        }
        let now = start + .seconds(30)
        let summary = window.summary(at: now)
        #expect(summary.count == 100)
        #expect(abs((summary.p50 ?? 0) - 1) < 0.02, "p50 \(String(describing: summary.p50))")
        #expect(abs((summary.p99 ?? 0) - 50) < 1, "p99 \(String(describing: summary.p99))")

        // 61 s after the first slice began, it is out; later ones stay.
        let later = window.summary(at: start + .seconds(61))
        #expect(later.count < 100 && later.count > 0, "\(later.count)")
        // Two minutes on, nothing is left, whether or not anything was recorded since.
        #expect(window.summary(at: start + .seconds(120)).count == 0)
        window.record(.microseconds(250), at: start + .seconds(125))
        let fresh = window.summary(at: start + .seconds(125))
        #expect(fresh.count == 1)
        #expect(abs((fresh.p50 ?? 0) - 0.25) < 0.01)
    }

    @Test func countersCountFromEveryThreadAndReadByName() async {
        let metrics = DaemonMetrics()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0 ..< 8 {
                group.addTask { for _ in 0 ..< 1000 { metrics.count(.bytesIn, by: 3) } }
            }
        }
        metrics.count(.registrationsAnswered)
        #expect(metrics[.bytesIn] == 24000)
        #expect(metrics.values["bytes_in"] == 24000)
        #expect(metrics.values["registrations_answered"] == 1)
        #expect(metrics.values["registrations_failed"] == 0)
        #expect(metrics.values.count == DaemonMetrics.Count.allCases.count)

        #expect(metrics.stateWriteError == nil)
        metrics.stateWritten(error: "No space left on device")
        #expect(metrics.stateWriteError == "No space left on device")
        metrics.stateWritten(error: nil)
        #expect(metrics.stateWriteError == nil)
        #expect(metrics[.stateWritesOK] == 1 && metrics[.stateWritesFailed] == 1)
    }

    /// Two daemons in one process keep their counts apart (no process-wide bootstrap).
    @Test func eachDaemonHasItsOwnCounters() {
        let first = DaemonMetrics(), second = DaemonMetrics()
        first.count(.windowsSeen, by: 5)
        #expect(first[.windowsSeen] == 5)
        #expect(second[.windowsSeen] == 0)
    }
}
