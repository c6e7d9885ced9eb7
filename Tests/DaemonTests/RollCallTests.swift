import Foundation
import InProcessSupport
import Registrar
import RegistrarClient
import RegistrarServer
import Testing
import X11TestSupport

/// Roll calls from the running daemon: start-up, periodic, and asked for from the CLI.
@Suite(.timeLimit(.minutes(5))) struct RollCallTests {
    @Test func registerAllReachesEveryConnectedClient() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let taskspaces = (0 ..< 3).map { _ in UUID().uuidString }
                let setup = try await daemon.connect()
                for taskspace in taskspaces {
                    _ = try await setup.request("update_taskspace", payload: ["taskspace_uuid": .string(taskspace)])
                }
                var clients: [RegistrarClient] = []
                for _ in 0 ..< 20 { clients.append(try await daemon.connect()) }
                // Every client is known to the daemon before the roll call goes out.
                #expect(await eventually { (try? await setup.request("registrar_status"))?["data"]?["clients"]?.arrayValue?.count == 21 })

                let result = try await daemon.command(["register", "--all"])
                #expect(result.exitCode == 0)
                #expect(result.standardOutput == "roll call sent for 3 taskspaces to 21 other connected clients\n")
                for client in clients {
                    var heard: Set<String> = []
                    while heard.count < 3, let call = await client.nextMessage(timeout: .seconds(5), where: { $0["type"] == "taskspace_roll_call" }) {
                        heard.insert(call["payload"]?["taskspace_uuid"]?.stringValue ?? "")
                    }
                    #expect(heard == Set(taskspaces))
                }

                // The start-up roll call (a second after the daemon started) may have reached the
                // clients too; take what is left before calling one taskspace.
                while await clients[7].next(timeout: .milliseconds(200)) != nil {}
                let one = try await daemon.command(["register", taskspaces[1]])
                #expect(one.standardOutput == "roll call sent for 1 taskspace to 21 other connected clients\n")
                let call = await clients[7].nextMessage(timeout: .seconds(5)) { $0["type"] == "taskspace_roll_call" }
                #expect(call?["payload"]?["taskspace_uuid"]?.stringValue == taskspaces[1])
            }
        }
    }

    @Test func projectTaskspacesWithoutAWindowAreCalledSoonAfterStartUp() async throws {
        try await withXServer(windowManager: true) { server in
            let project = try SymposiumProject.make(taskspaces: ["5E6F7A8B-1C2D-4E3F-9A0B-C1D2E3F4A5B6"])
            defer { project.remove() }
            // Within an hour only the start-up roll call can go out, so a roll call the status
            // shows is that one, whether or not this client connected in time to hear it.
            let daemon = try await DaemonProcess.start(
                display: server.display, arguments: ["--project", project.path, "--roll-call-interval", "3600"])
            defer { Task { await daemon.process.stop() } }
            #expect(await eventually(timeout: .seconds(15)) {
                let taskspaces = (try? await RegistrationTests.status(daemon))?["taskspaces"]?.arrayValue ?? []
                return taskspaces.first?["last_roll_call"]?.stringValue != nil
            }, "the start-up roll call went out")
            await daemon.process.stop()
        }
    }
}
