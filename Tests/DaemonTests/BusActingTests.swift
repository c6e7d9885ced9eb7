import Foundation
import Glibc
import Registrar
import Testing
import X11TestSupport

/// Only the user acts: side effects asked over Symposium's bus (which says nothing of who sent a
/// line) are carried out only while the bus's socket lets nobody else in.
@Suite(.timeLimit(.minutes(5))) struct BusActingTests {
    private func spawn(over bridge: SymposiumBridge) async -> JSONValue? {
        let id = UUID().uuidString
        bridge.send(Envelope(type: "spawn_taskspace", id: id, payload: [
            "project_path": "/nowhere/demo.symposium", "taskspace_uuid": .string(SymposiumBusTests.taskspace), "name": "n",
            "task_description": "d", "initial_prompt": "p",
        ]))
        return await bridge.next(timeout: .seconds(15)) { $0["type"] == "response" && $0["id"]?.stringValue == id }?["payload"]
    }

    @Test(arguments: [(mode: 0o777 as mode_t, allowed: false), (mode: 0o755 as mode_t, allowed: true)])
    func aBusSocketOthersCanWriteToMayNotMakeTheRegistrarAct(mode: mode_t, allowed: Bool) async throws {
        try await withXServer { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let bus = try await SymposiumBus.start(path: directory + "/symposium-daemon.sock")
            defer { Task { await bus.stop() } }
            #expect(chmod(bus.path, mode) == 0)
            try await SymposiumBusTests.withBusDaemon(on: server, bus: bus.path) { _, daemon in
                #expect(await SymposiumBusTests.joined(daemon))
                let status = try await SymposiumBusTests.busStatus(daemon)
                let bridge = SymposiumBridge(bus: bus.path)
                defer { Task { await bridge.stop() } }
                _ = try await bus.process.waitForLine { $0.hasPrefix("identified vscode(pid:") }
                let reply = await spawn(over: bridge)
                #expect(reply?["success"] == false)
                let check = await HealthCheckTests.check(daemon)
                #expect(check?.exitCode == (allowed ? 0 : 8), "\(check?.standardOutput ?? "")")
                #expect(check?.standardOutput.contains("Symposium's bus may not spawn or delete: refused: ") == !allowed)
                let error = reply?["error"]?.stringValue ?? ""
                if allowed {
                    #expect(status?["acting"] == "allowed")
                    #expect(error.hasPrefix("no Symposium project at /nowhere/demo.symposium"), "acted on: \(error)")
                } else {
                    #expect(status?["acting"]?.stringValue?.hasSuffix("has mode 777: other users can send on it") == true,
                            "\(String(describing: status))")
                    #expect(error.hasPrefix("spawn_taskspace from Symposium's bus is refused: "), "\(error)")
                }
            }
        }
    }

    /// The agent's `log_progress` as Symposium's MCP server sends it: on the bus, not waiting.
    @Test func logProgressOnTheBusLandsInTheTaskspaceFile() async throws {
        try await withXServer { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let bus = try await SymposiumBus.start(path: directory + "/symposium-daemon.sock")
            defer { Task { await bus.stop() } }
            try await SymposiumBusTests.withBusDaemon(on: server, bus: bus.path) { project, daemon in
                #expect(await SymposiumBusTests.joined(daemon))
                let agent = SymposiumBridge(bus: bus.path)
                defer { Task { await agent.stop() } }
                _ = try await bus.process.waitForLine { $0.hasPrefix("identified vscode(pid:") }
                agent.send(Envelope(type: "log_progress", id: UUID().uuidString, payload: [
                    "project_path": .string(project.path), "taskspace_uuid": .string(SymposiumBusTests.taskspace.lowercased()),
                    "message": "Tests pass", "category": "milestone",
                ]))
                #expect(await eventually {
                    let last = (try? project.taskspaceFile(SymposiumBusTests.taskspace))?["logs"]?.arrayValue?.last
                    return last?["message"] == "Tests pass" && last?["category"] == "milestone"
                })
            }
        }
    }
}
