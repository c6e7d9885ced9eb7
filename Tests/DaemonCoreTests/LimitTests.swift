import InProcessSupport
import Registrar
import Testing

/// What one client can make the daemon keep: texts of a few KiB, a bounded number of taskspaces.
@Suite struct LimitTests {
    @Test func namesAndDescriptionsOverFourKiBAreRefused() async throws {
        try await withInProcessDaemon { daemon in
            let client = daemon.connect()
            let reply = await client.request("update_taskspace", [
                "taskspace_uuid": "0f0e0d0c-0b0a-4909-8807-060504030201", "name": .string(String(repeating: "n", count: 5000)),
            ])
            #expect(reply?["error"] == "field \"name\" is longer than 4096 bytes")
            let fine = await client.request("update_taskspace", [
                "taskspace_uuid": "0f0e0d0c-0b0a-4909-8807-060504030201", "name": .string(String(repeating: "n", count: 4096)),
            ])
            #expect(fine?["success"] == true)
        }
    }

    @Test func madeUpTaskspacesMakeRoomOldestNamedFirstAndCannotLockOutANewOne() async throws {
        try await withInProcessDaemon(configure: { $0.taskspaceLimit = 3 }) { daemon in
            let client = daemon.connect()
            let uuids = (1 ... 5).map { "00000000-0000-4000-8000-00000000000\($0)" }
            for uuid in uuids.prefix(3) {
                #expect(await client.request("update_taskspace", ["taskspace_uuid": .string(uuid)])?["success"] == true)
            }
            // The first is named again, so the second is now the one named longest ago.
            #expect(await client.request("update_taskspace", ["taskspace_uuid": .string(uuids[0]), "name": "again"])?["success"] == true)
            #expect(await client.request("update_taskspace", ["taskspace_uuid": .string(uuids[3])])?["success"] == true,
                    "a new taskspace is learned when the limit is reached")
            let status = try #require(await client.request("registrar_status", [:]))
            let known = Set((status["data"]?["taskspaces"]?.arrayValue ?? []).compactMap { $0["uuid"]?.stringValue })
            #expect(known == [uuids[0], uuids[2], uuids[3]])
        }
    }

    @Test func aTaskspaceWithAWindowOrAWaitingRegistrationIsNotEvicted() async throws {
        try await withInProcessDaemon(configure: { $0.taskspaceLimit = 2 }) { daemon in
            daemon.windows.connect()
            let marker = "0a0b0c0d-1111-4222-8333-444455556666"
            daemon.windows.show(WindowID(0x100), title: "[SYMPOSIUM:\(marker)] editor")
            await daemon.settle()
            let client = daemon.connect()
            let first = "00000000-0000-4000-8000-000000000001"
            #expect(await client.request("update_taskspace", ["taskspace_uuid": .string(first), "window_uuid": .string(marker)])?[
                "window_registered"] == true)
            // The second waits for a title that never comes (the manual clock holds its deadline).
            let waiting = daemon.connect()
            _ = waiting.sendRegistration(taskspace: "00000000-0000-4000-8000-000000000002",
                                         marker: "0b0b0c0d-1111-4222-8333-444455556666")
            var pending = 0
            for _ in 0 ..< 1000 where pending == 0 {
                pending = (await client.request("registrar_status"))?["data"]?["pending_registrations"]?.intValue.map(Int.init) ?? 0
            }
            #expect(pending == 1)
            let third = await client.request("update_taskspace", ["taskspace_uuid": "00000000-0000-4000-8000-000000000003"])
            #expect(third?["error"] == .string("too many taskspaces (limit 2), each with a window, a waiting registration or "
                + "a project on disk; 00000000-0000-4000-8000-000000000003 is not learned"))
        }
    }

    @Test func taskspacesNobodyNamesAreForgottenAfterTheirTime() async throws {
        let first = "00000000-0000-4000-8000-000000000001"
        let second = "00000000-0000-4000-8000-000000000002"
        try await withInProcessDaemon(configure: { $0.forgetUnnamedAfter = .seconds(3600) }) { daemon in
            let client = daemon.connect()
            #expect(await client.request("update_taskspace", ["taskspace_uuid": .string(first)])?["success"] == true)
            daemon.advance(by: .seconds(1800))
            // The timer's round at 1800 s is over once its roll call for the first arrived.
            #expect(await client.nextMessage { $0["payload"]?["taskspace_uuid"]?.stringValue == first } != nil)
            #expect(await client.request("update_taskspace", ["taskspace_uuid": .string(second)])?["success"] == true)
            daemon.advance(by: .seconds(1801))
            #expect(await client.nextMessage { $0["payload"]?["taskspace_uuid"]?.stringValue == second } != nil)
            let status = try #require(await client.request("registrar_status", [:]))
            let known = (status["data"]?["taskspaces"]?.arrayValue ?? []).compactMap { $0["uuid"]?.stringValue }
            #expect(known == [second], "the first went an hour after it was last named, the second stays")
        }
    }
}

/// `registrar_status` answers a page, or what a UUID or name selects, never every taskspace.
@Suite struct StatusPageTests {
    func uuid(_ n: Int) -> String { "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - String(n).count) + String(n) }

    @Test func statusListsAPageAndSaysHowManyThereAre() async throws {
        try await withInProcessDaemon { daemon in
            let client = daemon.connect()
            for n in 0 ..< 250 {
                #expect(await client.request("update_taskspace", ["taskspace_uuid": .string(uuid(n)), "name": .string("task \(n)")])?[
                    "success"] == true)
            }
            let first = try #require(await client.request("registrar_status")?["data"])
            #expect(first["taskspace_count"] == 250)
            #expect(first["taskspaces"]?.arrayValue?.count == 100)
            #expect(first["taskspaces"]?.arrayValue?.first?["uuid"]?.stringValue == uuid(0))
            let last = try #require(await client.request("registrar_status", ["offset": 200, "limit": 1000])?["data"])
            #expect(last["taskspaces"]?.arrayValue?.count == 50)
            #expect(last["taskspaces_offset"] == 200)
            let byName = try #require(await client.request("registrar_status", ["taskspace": "task 42"])?["data"])
            #expect(byName["taskspaces"]?.arrayValue?.map { $0["uuid"] } == [.string(uuid(42))])
            #expect(byName["taskspace_count"] == 1)
            let byUUID = try #require(await client.request("registrar_status", ["taskspace": .string(uuid(7).lowercased())])?["data"])
            #expect(byUUID["taskspaces"]?.arrayValue?.first?["name"] == "task 7")
            #expect(await client.request("registrar_status", ["limit": 5000])?["error"] == "field \"limit\" must be between 1 and 1000")
        }
    }
}
