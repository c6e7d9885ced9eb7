import Registrar
import InProcessSupport
import Testing

/// The registry's rules, driven by hand: windows appear and vanish as the X side would report
/// them, time moves only when the test moves it.
@Suite struct RegistryTests {
    let clock = ManualClock()
    let taskspace = TaskspaceID("6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F")!
    let marker = Marker(uuid: "0a0b0c0d-1111-4222-8333-444455556666")!
    let window = WindowID(0x3a00007)
    let other = WindowID(0x3a00009)

    func makeRegistry() -> Registry<ManualClock> {
        var registry = Registry<ManualClock>(configuration: .init(registrationTimeout: .seconds(4)), startedAt: clock.now)
        _ = registry.displayConnected(serverID: "server-1", at: clock.now)
        return registry
    }

    func titled(_ id: WindowID, _ title: String) -> WindowChange { .appeared(WindowRecord(id: id, title: title)) }

    @Test func aMarkedWindowIsFoundAtOnce() {
        var registry = makeRegistry()
        _ = registry.apply(titled(window, "\(marker) editor"), at: clock.now)
        let actions = registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now)
        #expect(actions == [.answer(RegistrationTicket(1), taskspace: taskspace, .registered(window))])
        #expect(registry[taskspace]?.windows == [window])
        #expect(registry.pendingCount == 0)
    }

    @Test func aWaitingRegistrationCompletesWhenTheTitleArrives() {
        var registry = makeRegistry()
        _ = registry.apply(titled(window, "editor"), at: clock.now)
        #expect(registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now).isEmpty)
        #expect(registry.pendingCount == 1)
        #expect(registry.nextDeadline == clock.now.advanced(by: .seconds(1)), "the start-up roll call comes first")
        clock.advance(by: .milliseconds(900))
        let record = WindowRecord(id: window, title: "\(marker) editor")
        let actions = registry.apply(.retitled(record, previousMarker: nil), at: clock.now)
        #expect(actions == [.answer(RegistrationTicket(1), taskspace: taskspace, .registered(window))])
        #expect(registry.pendingCount == 0)
    }

    @Test func aRegistrationThatFindsNothingExpiresAtItsDeadline() {
        var registry = makeRegistry()
        _ = registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now)
        clock.advance(by: .milliseconds(3900))
        #expect(registry.expire(at: clock.now).isEmpty)
        clock.advance(by: .milliseconds(100))
        let actions = registry.expire(at: clock.now)
        #expect(actions == [.answer(RegistrationTicket(1), taskspace: taskspace, .notFound(.marker(marker), waited: .seconds(4)))])
        #expect(RegistrationOutcome.notFound(.marker(marker), waited: .seconds(4)).errorText
            == "window not found: no top-level window title contains \(marker) after 4.0 s")
    }

    @Test func twoWindowsWithTheMarkerAreAmbiguousAndNothingIsAssociated() {
        var registry = makeRegistry()
        _ = registry.apply(titled(window, "\(marker) one"), at: clock.now)
        _ = registry.apply(titled(other, "x [SYMPOSIUM:\(marker.uuid.uppercased())]"), at: clock.now)
        let actions = registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now)
        #expect(actions == [.answer(RegistrationTicket(1), taskspace: taskspace, .ambiguous(.marker(marker), [window, other]))])
        #expect(registry[taskspace]?.windows == [])
    }

    @Test func aSecondWindowShowingAWaitedMarkerMakesItAmbiguous() {
        var registry = makeRegistry()
        _ = registry.apply(titled(window, "\(marker) one"), at: clock.now)
        // The request arrives as the same marker appears in a second window: the first title
        // event that completes it already sees both.
        _ = registry.apply(titled(other, "\(marker) two"), at: clock.now)
        let outcome = registry.register(RegistrationTicket(2), taskspace: taskspace, query: .marker(marker), at: clock.now)
        #expect(outcome.count == 1)
        if case .answer(_, _, .ambiguous) = outcome.first {} else { Issue.record("expected ambiguous, got \(outcome)") }
    }

    @Test func losingTheLastWindowDropsTheAssociationAndCallsTheTaskspaceBack() {
        var registry = makeRegistry()
        _ = registry.apply(titled(window, "\(marker) a"), at: clock.now)
        _ = registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now)
        let second = Marker(uuid: "0a0b0c0d-1111-4222-8333-444455557777")!
        _ = registry.apply(titled(other, "\(second) b"), at: clock.now)
        _ = registry.register(RegistrationTicket(2), taskspace: taskspace, query: .marker(second), at: clock.now)
        #expect(registry[taskspace]?.windows == [window, other])
        clock.advance(by: .seconds(5))  // past the quiet after a registration

        #expect(registry.apply(.gone(window, lastMarker: marker), at: clock.now).isEmpty, "one window is left")
        #expect(registry[taskspace]?.windows == [other])
        let actions = registry.apply(.gone(other, lastMarker: nil), at: clock.now)
        #expect(actions == [.rollCall(RollCall(taskspace: taskspace, reason: .windowLost))])
        #expect(registry[taskspace]?.isRegistered == false)
    }

    @Test func aWindowRegisteredForAnotherTaskspaceMovesThere() {
        var registry = makeRegistry()
        let second = TaskspaceID("11111111-2222-4333-8444-555555555555")!
        _ = registry.apply(titled(window, "\(marker) a"), at: clock.now)
        _ = registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now)
        clock.advance(by: .seconds(5))
        // A new registration comes with a new marker (the same one is claimed: MarkerClaimTests).
        let fresh = Marker(uuid: "99999999-1111-4222-8333-444455556666")!
        _ = registry.apply(.retitled(WindowRecord(id: window, title: "\(fresh) a"), previousMarker: marker), at: clock.now)
        let actions = registry.register(RegistrationTicket(2), taskspace: second, query: .marker(fresh), at: clock.now)
        #expect(actions.contains(.rollCall(RollCall(taskspace: taskspace, reason: .windowLost))))
        #expect(registry[taskspace]?.windows == [])
        #expect(registry[second]?.windows == [window])
    }

    @Test func aSubstringQuerySearchesTitlesWithoutAMarker() {
        var registry = makeRegistry()
        _ = registry.apply(titled(window, "project — Visual Studio Code"), at: clock.now)
        let actions = registry.register(RegistrationTicket(1), taskspace: taskspace,
                                        query: WindowQuery(windowTitle: "Visual Studio"), at: clock.now)
        #expect(actions == [.answer(RegistrationTicket(1), taskspace: taskspace, .registered(window))])
        #expect(WindowQuery(windowTitle: "[SYMPOSIUM:\(marker.uuid)]") == .marker(marker))
    }

    @Test func theFirstSpellingOfATaskspaceWinsEverywhere() {
        var registry = makeRegistry()
        registry.learn(Taskspace(id: taskspace, name: "from disk"))
        let lower = TaskspaceID(taskspace.spelling.lowercased())!
        _ = registry.apply(titled(window, "\(marker) a"), at: clock.now)
        _ = registry.register(RegistrationTicket(1), taskspace: lower, query: .marker(marker), at: clock.now)
        clock.advance(by: .seconds(5))
        let calls = registry.requestRollCall(lower, at: clock.now).actions
        #expect(calls.count == 1)
        if case .rollCall(let call) = calls.first { #expect(call.taskspace.spelling == taskspace.spelling) }
        #expect(registry.allTaskspaces.map(\.id.spelling) == [taskspace.spelling])
        #expect(registry[lower]?.name == "from disk")
    }

    @Test func withdrawnAndAbandonedRegistrations() {
        var registry = makeRegistry()
        _ = registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now)
        _ = registry.register(RegistrationTicket(2), taskspace: taskspace, query: .marker(marker), at: clock.now)
        registry.withdraw([RegistrationTicket(1)], at: clock.now)
        let actions = registry.abandonAll(reason: "registrar shutting down", at: clock.now)
        #expect(actions == [.answer(RegistrationTicket(2), taskspace: taskspace, .abandoned(reason: "registrar shutting down"))])
        #expect(registry.pendingCount == 0)
    }

    @Test func hoursOfTicksCallOnlyTaskspacesWithoutAWindow() {
        var registry = Registry<ManualClock>(
            configuration: .init(rollCalls: .init(startupDelay: .seconds(1), interval: .seconds(30))), startedAt: clock.now)
        _ = registry.displayConnected(serverID: "server-1", at: clock.now)
        registry.learn(Taskspace(id: taskspace))
        let idle = TaskspaceID("99999999-8888-4777-8666-555555555555")!
        registry.learn(Taskspace(id: idle))
        _ = registry.apply(titled(window, "\(marker) a"), at: clock.now)
        _ = registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now)
        var called: [TaskspaceID: Int] = [:]
        let end = clock.now.advanced(by: .seconds(2 * 3600))
        while registry.nextDeadline <= end {
            clock.advance(to: registry.nextDeadline)
            for case .rollCall(let call) in registry.expire(at: clock.now) + registry.tick(at: clock.now) {
                called[call.taskspace, default: 0] += 1
            }
        }
        #expect(called[taskspace] == nil)
        #expect(called[idle] == 1 + 2 * 120 - 1, "one at start-up, then every 30 s")
    }

    // MARK: The X server

    @Test func rememberedAssociationsReturnOnlyOnTheSameServerAndOnlyForLiveWindows() {
        let second = TaskspaceID("11111111-2222-4333-8444-555555555555")!
        for (server, expected) in [("server-1", [window]), ("server-2", [])] as [(String, Set<WindowID>)] {
            var registry = Registry<ManualClock>(startedAt: clock.now)
            registry.remember([taskspace: [window], second: [other]], serverID: "server-1")
            // The window carries the stamp its registration left; `other` is gone.
            _ = registry.apply(.appeared(WindowRecord(id: window, title: "editor", stamp: taskspace.key)), at: clock.now)
            let early = registry.displayConnected(serverID: server, at: clock.now)
            #expect(registry[taskspace]?.windows ?? [] == expected, "\(server)")
            #expect(registry[second]?.isRegistered != true)
            // Confirmations wait for the start-up roll call, when clients have reconnected.
            #expect(!early.contains { if case .rollCall = $0 { true } else { false } })
            clock.advance(by: .seconds(1))
            let actions = registry.tick(at: clock.now)
            let confirmations = actions.filter { if case .rollCall(let call) = $0 { call.reason == .restored } else { false } }
            #expect(confirmations.count == expected.count)
        }
    }

    @Test func withoutADisplayRegistrationsWaitAndFailAsUnavailable() {
        var registry = makeRegistry()
        _ = registry.apply(titled(window, "\(marker) editor"), at: clock.now)
        registry.displayLost()
        #expect(registry.register(RegistrationTicket(1), taskspace: taskspace, query: .marker(marker), at: clock.now).isEmpty,
                "a window seen before the loss may be gone")
        clock.advance(by: .seconds(4))
        let expired = registry.expire(at: clock.now)
        #expect(expired == [.answer(RegistrationTicket(1), taskspace: taskspace, .displayUnavailable(waited: .seconds(4)))])
        #expect(RegistrationOutcome.displayUnavailable(waited: .seconds(4)).errorText == "X display unavailable")

        _ = registry.register(RegistrationTicket(2), taskspace: taskspace, query: .marker(marker), at: clock.now)
        let back = registry.displayConnected(serverID: "server-1", at: clock.now)
        #expect(back.contains(.answer(RegistrationTicket(2), taskspace: taskspace, .registered(window))),
                "a waiting registration is looked up again when the display returns")
    }
}

/// The taskspace limit without a lock-out (`Registry+Room`).
@Suite struct RegistryRoomTests {
    let clock = ManualClock()

    func id(_ n: Int) -> TaskspaceID { TaskspaceID("00000000-0000-4000-8000-\(String(repeating: "0", count: 12 - String(n).count))\(n)")! }

    func named(_ registry: inout Registry<ManualClock>, _ ids: [Int]) {
        for n in ids {
            registry.noteNamed(id(n), at: clock.now)
            registry.learn(Taskspace(id: id(n)))
            clock.advance(by: .seconds(1))
        }
    }

    @Test func roomIsMadeOldestNamedFirstAndProjectTaskspacesNeverGo() {
        var registry = Registry<ManualClock>(startedAt: clock.now)
        registry.learn(Taskspace(id: id(100), projectPath: "/p", directory: "/p/task-x"))
        named(&registry, [1, 2, 3])
        named(&registry, [1])
        #expect(registry.makeRoom(at: clock.now) == id(2))
        #expect(registry.makeRoom(at: clock.now) == id(3))
        #expect(registry.makeRoom(at: clock.now) == id(1))
        #expect(registry.makeRoom(at: clock.now) == nil, "the project's taskspace stays")
        #expect(registry.taskspaceCount == 1)
    }

    @Test func aTaskspaceFoundInAProjectLaterIsNoLongerEvictable() {
        var registry = Registry<ManualClock>(startedAt: clock.now)
        named(&registry, [1, 2])
        registry.learn(Taskspace(id: id(1), projectPath: "/p", directory: "/p/task-1"))
        #expect(registry.evictableCount == 1)
        #expect(registry.makeRoom(at: clock.now) == id(2))
        #expect(registry.makeRoom(at: clock.now) == nil)
    }

    @Test func thousandsOfNamingsKeepTheOrderSmall() {
        var registry = Registry<ManualClock>(startedAt: clock.now)
        for round in 0 ..< 50 { named(&registry, Array(1 ... 200).map { ($0 + round) % 200 + 1 }) }
        #expect(registry.evictableCount == 200)
        var evicted = 0
        while registry.makeRoom(at: clock.now) != nil { evicted += 1 }
        #expect(evicted == 200)
    }

    @Test func unnamedTaskspacesAreForgottenAfterTheirAgeUnlessAlive() {
        var registry = Registry<ManualClock>(startedAt: clock.now)
        _ = registry.displayConnected(serverID: "s", at: clock.now)
        named(&registry, [1, 2])
        // 2 gets a window: alive.
        let marker = Marker(uuid: "0a0b0c0d-1111-4222-8333-444455556666")!
        _ = registry.apply(.appeared(WindowRecord(id: WindowID(7), title: "\(marker)")), at: clock.now)
        _ = registry.register(RegistrationTicket(1), taskspace: id(2), query: .marker(marker), at: clock.now)
        clock.advance(by: .seconds(100))
        #expect(registry.forgetUnnamed(olderThan: .seconds(150), at: clock.now) == [])
        clock.advance(by: .seconds(50))
        #expect(registry.forgetUnnamed(olderThan: .seconds(150), at: clock.now) == [id(1)])
        #expect(registry[id(2)] != nil)
        #expect(registry.taskspaceCount == 1)
    }
}
