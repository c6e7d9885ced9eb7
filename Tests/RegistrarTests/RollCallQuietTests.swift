import InProcessSupport
import Registrar
import Testing

/// No roll call into a registration (PROTOCOL.md section 5), on the registry with a manual clock.
@Suite struct RollCallQuietTests {
    let clock = ManualClock()
    let taskspace = TaskspaceID("6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F")!
    let marker = Marker(uuid: "0a0b0c0d-1111-4222-8333-444455556666")!

    func makeRegistry() -> Registry<ManualClock> {
        var registry = Registry<ManualClock>(
            configuration: .init(registrationTimeout: .seconds(4), rollCalls: .init(startupDelay: .seconds(1), interval: .seconds(30)),
                                 rollCallQuiet: .seconds(5)),
            startedAt: clock.now)
        _ = registry.displayConnected(serverID: "server-1", at: clock.now)
        return registry
    }

    private func calls(_ actions: [RegistryAction]) -> [RollCall] {
        actions.compactMap { if case .rollCall(let call) = $0 { call } else { nil } }
    }

    /// A registration that fails at its deadline found no window: nobody is busy restoring a
    /// title, so no quiet follows and a call held for it goes out at that deadline.
    @Test func aRequestedCallDuringARegistrationThatFailsGoesOutAtItsDeadline() {
        var registry = makeRegistry()
        _ = registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now)
        let request = registry.requestRollCall(nil, at: clock.now)
        #expect(request.actions.isEmpty)
        #expect(request.heldBack == 1)
        // The start-up call at 1 s: still waiting, nothing goes out.
        clock.advance(by: .seconds(1))
        #expect(calls(registry.tick(at: clock.now)).isEmpty)
        clock.advance(by: .seconds(3))
        _ = registry.expire(at: clock.now)
        #expect(registry.nextDeadline == clock.now, "due at once: no quiet after a failure")
        #expect(calls(registry.tick(at: clock.now)) == [RollCall(taskspace: taskspace, reason: .requested)])
        #expect(registry.heldRollCalls == 0)
    }

    /// An ambiguous answer is an answer: the extension acted on it, the quiet follows.
    @Test func aCallHeldForAnAnsweredRegistrationWaitsOutTheQuiet() {
        var registry = makeRegistry()
        _ = registry.apply(.appeared(WindowRecord(id: WindowID(0x9), title: "\(marker) one")), at: clock.now)
        _ = registry.apply(.appeared(WindowRecord(id: WindowID(0xa), title: "\(marker) two")), at: clock.now)
        _ = registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now)
        #expect(registry.requestRollCall(taskspace, at: clock.now).heldBack == 1)
        clock.advance(by: .seconds(4.9))
        #expect(calls(registry.tick(at: clock.now)).isEmpty)
        clock.advance(by: .seconds(0.1))
        #expect(calls(registry.tick(at: clock.now)) == [RollCall(taskspace: taskspace, reason: .requested)])
    }

    @Test func aHeldCallIsDroppedWhenTheTaskspaceGotItsWindow() {
        var registry = makeRegistry()
        _ = registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now)
        #expect(registry.requestRollCall(taskspace, at: clock.now).heldBack == 1)
        _ = registry.apply(.appeared(WindowRecord(id: WindowID(0x9), title: "\(marker) editor")), at: clock.now)
        #expect(registry[taskspace]?.isRegistered == true)
        clock.advance(by: .seconds(6))
        #expect(calls(registry.tick(at: clock.now)).isEmpty)
        #expect(registry.heldRollCalls == 0)
    }

    @Test func aWindowLostJustAfterItsRegistrationIsCalledWhenTheQuietEnds() {
        var registry = makeRegistry()
        let window = WindowID(0x9)
        _ = registry.apply(.appeared(WindowRecord(id: window, title: "\(marker) editor")), at: clock.now)
        _ = registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now)
        clock.advance(by: .seconds(2))
        #expect(calls(registry.apply(.gone(window, lastMarker: marker), at: clock.now)).isEmpty, "held: answered 2 s ago")
        clock.advance(by: .seconds(3))
        // The start-up call, due since 1 s, and the held one go out as one.
        #expect(calls(registry.tick(at: clock.now)).map(\.taskspace) == [taskspace])
    }

    @Test func otherTaskspacesAreCalledAsUsual() {
        var registry = makeRegistry()
        let other = TaskspaceID("11111111-2222-4333-8444-555555555555")!
        registry.learn(Taskspace(id: other))
        _ = registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now)
        let request = registry.requestRollCall(nil, at: clock.now)
        #expect(calls(request.actions) == [RollCall(taskspace: other, reason: .requested)])
        #expect(request.heldBack == 1)
    }
}
