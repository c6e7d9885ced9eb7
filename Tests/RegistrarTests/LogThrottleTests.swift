import InProcessSupport
import Registrar
import Testing

/// Log lines per cause and interval, with counts.
@Suite struct LogThrottleTests {
    let clock = ManualClock()

    @Test func theFirstIsReportedAtOnceTheRestCountedPerInterval() {
        var throttle = LogThrottle<String, ManualClock.Instant>(interval: .seconds(10))
        #expect(throttle.note("refused", "a", at: clock.now)?.count == 1)
        for n in 0 ..< 999 { #expect(throttle.note("refused", "b\(n)", at: clock.now) == nil) }
        #expect(throttle.note("other", "x", at: clock.now)?.count == 1, "causes are counted apart")
        clock.advance(by: .seconds(9))
        #expect(throttle.due(at: clock.now).isEmpty)
        clock.advance(by: .seconds(1))
        let reports = throttle.due(at: clock.now)
        #expect(reports == [.init(cause: "refused", count: 999, example: "b998")])
        clock.advance(by: .seconds(10))
        #expect(throttle.due(at: clock.now).isEmpty, "a quiet cause is forgotten")
        #expect(throttle.note("refused", "c", at: clock.now)?.count == 1, "and reported at once when it comes back")
    }

    @Test func aNoteAfterTheIntervalCarriesTheCount() {
        var throttle = LogThrottle<String, ManualClock.Instant>(interval: .seconds(10))
        _ = throttle.note("x", "1", at: clock.now)
        _ = throttle.note("x", "2", at: clock.now)
        clock.advance(by: .seconds(11))
        #expect(throttle.note("x", "3", at: clock.now) == .init(cause: "x", count: 2, example: "3"))
    }
}
