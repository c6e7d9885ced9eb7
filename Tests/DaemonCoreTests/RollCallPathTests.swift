import Foundation
import InProcessSupport
import Registrar
import Testing

/// When roll calls go out from the core, with time moved by hand.
@Suite struct RollCallPathTests {
    static let idle = "AAAABBBB-CCCC-4DDD-8EEE-FFFF00001111"

    @Test func aTaskspaceWithoutAWindowIsCalledAtStartUpAndThenEveryInterval() async throws {
        try await withInProcessDaemon(configure: { $0.rollCallInterval = .seconds(30) }) { daemon in
            daemon.windows.connect()
            let client = daemon.connect()
            #expect(await client.request("update_taskspace", ["taskspace_uuid": .string(Self.idle), "name": "idle"])?["success"] == true)
            daemon.advance(by: .seconds(0.9))
            #expect(await client.next(timeout: .milliseconds(100)) == nil, "nothing before the start-up call")
            daemon.advance(by: .seconds(0.1))
            #expect(await client.nextMessage { $0["type"] == "taskspace_roll_call" }?["payload"]?["taskspace_uuid"]?.stringValue == Self.idle)
            for _ in 0 ..< 3 {
                await daemon.advanceThroughTimer(by: .seconds(30))
                let call = await client.nextMessage { $0["type"] == "taskspace_roll_call" }
                #expect(call?["payload"]?["taskspace_uuid"]?.stringValue == Self.idle)
            }
            // The reply comes after anything the rounds before it sent: then none may be left.
            _ = await client.request("registrar_status")
            #expect(await client.takeRollCalls() == [], "one call per period")
        }
    }

    @Test func aRegisteredTaskspaceIsNotCalledPeriodically() async throws {
        try await withInProcessDaemon { daemon in
            daemon.windows.connect()
            let marker = "12345678-aaaa-4bbb-8ccc-ddddeeeeffff"
            daemon.windows.show(WindowID(0x5), title: "[SYMPOSIUM:\(marker)]")
            await daemon.settle()
            let client = daemon.connect()
            _ = await client.request("update_taskspace", ["taskspace_uuid": .string(Self.idle), "window_uuid": .string(marker)])
            await daemon.advanceThroughTimer(by: .seconds(61))
            // Ordered after the timer's round: its reply comes after whatever that round sent.
            _ = await client.request("registrar_status")
            #expect(await client.takeRollCalls() == [])
        }
    }

    @Test func aRequestedRollCallReachesEveryClientAndSaysHowMany() async throws {
        try await withInProcessDaemon { daemon in
            let asker = daemon.connect()
            let others = (0 ..< 5).map { _ in daemon.connect() }
            for _ in 0 ..< 3 { _ = await asker.request("update_taskspace", ["taskspace_uuid": .string(UUID().uuidString)]) }
            let reply = await asker.request("registrar_roll_call", ["all": true])
            #expect(reply?["data"] == ["sent": 3, "clients": 6, "held_back": 0])
            for other in others { #expect(await other.takeRollCalls().count == 3) }
        }
    }

    /// PROTOCOL.md section 5: a roll call asked for while the taskspace's registration waits is
    /// held back, and sent when the quiet after the registration's answer is over.
    @Test func aRollCallRequestedDuringARegistrationIsHeldBackAndSentWhenItFails() async throws {
        try await withInProcessDaemon { daemon in
            daemon.windows.connect()
            let editor = daemon.connect()
            let marker = "0a0b0c0d-1111-4222-8333-444455556666"
            let registration = editor.sendRegistration(taskspace: Self.idle, marker: marker)
            let asker = daemon.connect()
            // The two connections are read by tasks of their own: the roll call is asked for only
            // once the core holds the registration (the manual clock keeps it waiting).
            var pending = 0
            for _ in 0 ..< 1000 where pending == 0 {
                pending = (await asker.request("registrar_status"))?["data"]?["pending_registrations"]?.intValue.map(Int.init) ?? 0
            }
            #expect(pending == 1)
            let reply = await asker.request("registrar_roll_call", ["all": true])
            #expect(reply?["data"]?["sent"] == 0)
            #expect(reply?["data"]?["held_back"] == 1)
            daemon.advance(by: .seconds(4))
            // In the order the editor gets them: first its registration's answer (no window), then
            // the held call, at that same deadline: a failed registration starts no quiet.
            let first = await editor.nextMessage { $0["type"] == "response" || $0["type"] == "taskspace_roll_call" }
            #expect(first?["type"] == "response")
            #expect(first?["id"]?.stringValue == registration)
            #expect(first?["payload"]?["window_registered"] == false)
            let call = await editor.nextMessage { $0["type"] == "taskspace_roll_call" }
            #expect(call?["payload"]?["taskspace_uuid"]?.stringValue == Self.idle)
        }
    }
}

/// Logs bounded: a round of roll calls is one line however many taskspaces it calls, and
/// refusals by the thousand are one line per cause and interval with their count.
@Suite struct BoundedLogTests {
    static func uuid(_ n: Int) -> String { "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - String(n).count) + String(n) }

    @Test func aRoundOfFiveHundredRollCallsIsOneLine() async throws {
        let log = LogRecord()
        try await withInProcessDaemon(log: log) { daemon in
            let client = daemon.connect()
            for n in 0 ..< 500 { _ = await client.request("update_taskspace", ["taskspace_uuid": .string(Self.uuid(n))]) }
            daemon.advance(by: .seconds(1))  // the start-up roll call
            for n in 0 ..< 500 {
                _ = await client.nextMessage { $0["payload"]?["taskspace_uuid"]?.stringValue == Self.uuid(n) }
            }
            _ = await client.request("registrar_status")
            let rounds = log.entries("roll call")
            #expect(rounds.count == 1, "\(rounds.count) lines")
            #expect(rounds.first?["taskspaces"] == "500")
            #expect(rounds.first?["reasons"] == "startup 500")
        }
    }

    @Test func aThousandRefusalsOfOneCauseAreOneLineThenOneWithTheCount() async throws {
        let log = LogRecord()
        // The one taskspace the limit allows is a project's: made-up ones cannot push it out.
        let project = try SymposiumProject.make(taskspaces: [Self.uuid(0)])
        defer { project.remove() }
        try await withInProcessDaemon(log: log, configure: { $0.taskspaceLimit = 1; $0.projects = [project.path] }) { daemon in
            let client = daemon.connect()
            for n in 1 ... 1000 { _ = await client.request("update_taskspace", ["taskspace_uuid": .string(Self.uuid(n))]) }
            let refusals = "taskspace refused: the limit is reached and none can make room"
            #expect(log.entries(refusals).count == 1, "the first at once, the rest counted")
            // The periodic round (its roll call for the project's taskspace shows it ran) reports
            // what was counted.
            daemon.advance(by: .seconds(31))
            _ = await client.nextMessage { $0["type"] == "taskspace_roll_call" && $0["payload"]?["taskspace_uuid"]?.stringValue == Self.uuid(0) }
            _ = await client.request("registrar_status")
            let lines = log.entries(refusals)
            #expect(lines.count == 2)
            #expect(lines.last?["count"] == "999")
        }
    }
}
