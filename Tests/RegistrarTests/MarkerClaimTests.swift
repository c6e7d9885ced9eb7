import InProcessSupport
import Registrar
import Testing

/// A marker names one window for one taskspace: a second taskspace naming it is told who has it.
@Suite struct MarkerClaimTests {
    let clock = ManualClock()
    let first = TaskspaceID("6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F")!
    let second = TaskspaceID("11111111-2222-4333-8444-555555555555")!
    let marker = Marker(uuid: "0a0b0c0d-1111-4222-8333-444455556666")!
    let window = WindowID(0x3a00007)

    func makeRegistry() -> Registry<ManualClock> {
        var registry = Registry<ManualClock>(configuration: .init(registrationTimeout: .seconds(4)), startedAt: clock.now)
        _ = registry.displayConnected(serverID: "server-1", at: clock.now)
        return registry
    }

    @Test func aMarkerWaitedForByOneTaskspaceIsRefusedToAnother() {
        var registry = makeRegistry()
        #expect(registry.register(RegistrationTicket(1), taskspace: first, query: .marker(marker), at: clock.now).isEmpty)
        let actions = registry.register(RegistrationTicket(2), taskspace: second, query: .marker(marker), at: clock.now)
        #expect(actions == [.answer(RegistrationTicket(2), taskspace: second, .claimedElsewhere(marker, by: first))])
        #expect(RegistrationOutcome.claimedElsewhere(marker, by: first).errorText
            == "marker \(marker) is already claimed by taskspace 6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F; a marker names one window for one taskspace")
        // The first one is untouched and completes when the title shows the marker.
        let done = registry.apply(.appeared(WindowRecord(id: window, title: "\(marker) editor")), at: clock.now)
        #expect(done == [.answer(RegistrationTicket(1), taskspace: first, .registered(window))])
        #expect(registry[second]?.windows ?? [] == [])
    }

    /// A marker left in a title after its registration (an editor killed before restoring it)
    /// does not hand the window to whoever names that marker next.
    @Test func aMarkerThatOutlivedItsRegistrationDoesNotGiveTheWindowToAnotherTaskspace() {
        var registry = makeRegistry()
        _ = registry.apply(.appeared(WindowRecord(id: window, title: "\(marker) editor")), at: clock.now)
        #expect(registry.register(RegistrationTicket(1), taskspace: first, query: .marker(marker), at: clock.now)
            == [.answer(RegistrationTicket(1), taskspace: first, .registered(window))])
        clock.advance(by: .seconds(60))
        let actions = registry.register(RegistrationTicket(2), taskspace: second, query: .marker(marker), at: clock.now)
        #expect(actions == [.answer(RegistrationTicket(2), taskspace: second, .claimedElsewhere(marker, by: first))])
        #expect(registry[first]?.windows == [window])
        // The same taskspace naming it again is answered as before.
        #expect(registry.register(RegistrationTicket(3), taskspace: first, query: .marker(marker), at: clock.now)
            == [.answer(RegistrationTicket(3), taskspace: first, .registered(window))])
    }
}
