import InProcessSupport
import Registrar
import Testing

/// A window retitled faster than the index needs is muted and polled until its title holds still.
@Suite struct TitleStormGuardTests {
    let clock = ManualClock()

    @Test func aWindowPastTheLimitWithinItsSpanIsMutedOthersAreNot() {
        var guardian = TitleStormGuard<ManualClock.Instant>(configuration: .init(limit: 20, span: .milliseconds(100)))
        for _ in 0 ..< 20 {
            let step1 = guardian.retitled(7, at: clock.now)
            #expect(!step1)
        }
        let step2 = guardian.retitled(7, at: clock.now)
        #expect(step2, "the 21st within 100 ms")
        #expect(guardian.isMuted(7))
        let step3 = guardian.retitled(7, at: clock.now)
        #expect(!step3, "muted once")
        // Another window retitled 20 times a second is no storm.
        for _ in 0 ..< 100 {
            let step4 = guardian.retitled(8, at: clock.now)
            #expect(!step4)
            clock.advance(by: .milliseconds(50))
        }
        #expect(guardian.mutedCount == 1)
    }

    @Test func aMutedWindowIsPolledUntilTwoReadsAgree() {
        var guardian = TitleStormGuard<ManualClock.Instant>(configuration: .init(limit: 1, pollInterval: .milliseconds(50)))
        _ = guardian.retitled(7, at: clock.now)
        let step5 = guardian.retitled(7, at: clock.now)
        #expect(step5)
        #expect(guardian.due(at: clock.now).isEmpty)
        #expect(guardian.nextPoll == clock.now.advanced(by: .milliseconds(50)))
        clock.advance(by: .milliseconds(50))
        #expect(guardian.due(at: clock.now) == [7])
        let step6 = guardian.polled(7, title: Array("a".utf8), at: clock.now)
        #expect(!step6)
        clock.advance(by: .milliseconds(50))
        let step7 = guardian.polled(7, title: Array("b".utf8), at: clock.now)
        #expect(!step7, "still changing")
        clock.advance(by: .milliseconds(50))
        let step8 = guardian.polled(7, title: Array("b".utf8), at: clock.now)
        #expect(step8, "held still: watched by events again")
        #expect(!guardian.isMuted(7))
        #expect(guardian.nextPoll == nil)
    }

    @Test func aWindowThatGoesIsForgotten() {
        var guardian = TitleStormGuard<ManualClock.Instant>(configuration: .init(limit: 1))
        _ = guardian.retitled(7, at: clock.now)
        _ = guardian.retitled(7, at: clock.now)
        let step9 = guardian.polled(7, title: nil, at: clock.now)
        #expect(!step9, "unreadable: gone")
        #expect(guardian.mutedCount == 0)
        _ = guardian.retitled(9, at: clock.now)
        _ = guardian.retitled(9, at: clock.now)
        guardian.forget(9)
        #expect(guardian.mutedCount == 0)
    }
}
