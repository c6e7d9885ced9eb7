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

    @Test func learnedTaskspacesAreCapped() async throws {
        try await withInProcessDaemon(configure: { $0.taskspaceLimit = 3 }) { daemon in
            let client = daemon.connect()
            let uuids = (1 ... 4).map { "00000000-0000-4000-8000-00000000000\($0)" }
            for uuid in uuids.prefix(3) {
                #expect(await client.request("update_taskspace", ["taskspace_uuid": .string(uuid)])?["success"] == true)
            }
            let fourth = await client.request("register_taskspace_window", [
                "taskspace_uuid": .string(uuids[3]), "window_title": "[SYMPOSIUM:0a0b0c0d-1111-4222-8333-444455556666]",
            ])
            #expect(fourth?["error"] == .string("too many taskspaces (limit 3); \(uuids[3]) is not learned"))
            #expect(await client.request("update_taskspace", ["taskspace_uuid": .string(uuids[0]), "name": "known"])?["success"] == true,
                    "known taskspaces go on")
        }
    }
}
