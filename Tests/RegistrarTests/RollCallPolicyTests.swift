import Registrar
import InProcessSupport
import Testing

@Suite struct RollCallPolicyTests {
    typealias Policy = RollCallPolicy<ManualClock>
    let clock = ManualClock()
    let registered = TaskspaceID("AAAAAAAA-0000-4000-8000-000000000001")!
    let waiting = TaskspaceID("BBBBBBBB-0000-4000-8000-000000000002")!

    func makePolicy() -> Policy {
        var policy = Policy(configuration: .init(startupDelay: .seconds(1), interval: .seconds(30)), startedAt: clock.now)
        policy.learn(registered, hasWindow: true)
        policy.learn(waiting)
        return policy
    }

    @Test func startupRollCallAfterOneSecondForTaskspacesWithoutAWindow() {
        var policy = makePolicy()
        #expect(policy.tick(at: clock.now).isEmpty)
        #expect(policy.nextDeadline == clock.now.advanced(by: .seconds(1)))
        clock.advance(by: .seconds(1))
        #expect(policy.tick(at: clock.now) == [.init(taskspace: waiting, reason: .startup)])
        #expect(policy.tick(at: clock.now).isEmpty, "the start-up roll call goes out once")
    }

    @Test func periodicRollCallsOverThreeHoursWithoutSleeping() {
        var policy = makePolicy()
        var calls: [Policy.RollCall] = []
        let end = clock.now.advanced(by: .seconds(3 * 3600))
        while policy.nextDeadline <= end {
            clock.advance(to: policy.nextDeadline)
            calls += policy.tick(at: clock.now)
        }
        #expect(calls.filter { $0.reason == .startup }.count == 1)
        #expect(calls.filter { $0.reason == .periodic }.count == 3 * 3600 / 30 - 1)
        #expect(calls.allSatisfy { $0.taskspace == waiting })
        #expect(policy.lastRollCall(for: waiting) != nil)
        #expect(policy.lastRollCall(for: registered) == nil)
    }

    @Test func losingTheLastWindowCallsAtOnce() {
        var policy = makePolicy()
        #expect(policy.windowsChanged(registered, count: 2, at: clock.now).isEmpty)
        #expect(policy.windowsChanged(registered, count: 1, at: clock.now).isEmpty)
        let calls = policy.windowsChanged(registered, count: 0, at: clock.now)
        #expect(calls == [.init(taskspace: registered, reason: .windowLost)])
        #expect(policy.windowsChanged(registered, count: 0, at: clock.now).isEmpty, "no window to lose twice")
        clock.advance(by: .seconds(31))
        #expect(Set(policy.tick(at: clock.now).map(\.taskspace)) == [registered, waiting])
    }

    @Test func requestsCoverOneOrEveryTaskspace() {
        var policy = makePolicy()
        #expect(policy.request(nil, at: clock.now).map(\.taskspace) == [registered, waiting])
        let other = TaskspaceID("cccccccc-0000-4000-8000-000000000003")!
        #expect(policy.request(other, at: clock.now) == [.init(taskspace: other, reason: .requested)])
        #expect(policy.request(nil, at: clock.now).count == 3, "a requested taskspace is learned")
    }

    @Test func aSuspendedMachineGetsOneRollCallNotABurst() {
        var policy = makePolicy()
        clock.advance(by: .seconds(1))
        _ = policy.tick(at: clock.now)
        clock.advance(by: .seconds(3600))
        #expect(policy.tick(at: clock.now) == [.init(taskspace: waiting, reason: .periodic)])
        #expect(policy.nextDeadline > clock.now)
    }

    @Test func theFirstSpellingIsKept() {
        var policy = makePolicy()
        let lower = TaskspaceID("bbbbbbbb-0000-4000-8000-000000000002")!
        #expect(lower == waiting)
        policy.learn(lower)
        #expect(policy.request(lower, at: clock.now).first?.taskspace.spelling == waiting.spelling)
    }
}

@Suite struct TaskspaceIDTests {
    @Test func comparesWithoutCaseAndKeepsItsSpelling() {
        let upper = TaskspaceID("ABCDEF01-2345-4678-9ABC-DEF012345678")!
        let lower = TaskspaceID("abcdef01-2345-4678-9abc-def012345678")!
        #expect(upper == lower)
        #expect(Set([upper, lower]).count == 1)
        #expect(upper.spelling == "ABCDEF01-2345-4678-9ABC-DEF012345678")
        #expect(upper.key == lower.spelling)
    }

    @Test(arguments: ["", "../../etc", "abcdef01-2345-4678-9abc-def01234567", "task-abcdef01-2345-4678-9abc-def012345678"])
    func refusesAnythingButAUUID(text: String) {
        #expect(TaskspaceID(text) == nil)
    }
}
