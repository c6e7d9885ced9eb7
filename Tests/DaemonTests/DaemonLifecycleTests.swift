import Foundation
import Glibc
import Registrar
import RegistrarServer
import Testing
import X11TestSupport

/// Starting, reporting, stopping, and the CLI around the daemon.
@Suite(.timeLimit(.minutes(5))) struct DaemonLifecycleTests {
    @Test func statusJSONDescribesTheDaemon() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server, arguments: ["--roll-call-interval", "45"]) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "status editor")
                let editorClient = try await daemon.connect()
                editorClient.send(line: "#identify:status-test")
                let editor = ExtensionClient(client: editorClient, maker: maker)
                let registered = "0f0e0d0c-0b0a-4909-8807-060504030201"
                let waiting = "1F0E0D0C-0B0A-4909-8807-060504030201"
                _ = try await editor.handshake(.updateTaskspace, window: window, title: "status editor", taskspace: registered)
                _ = try await editorClient.request("update_taskspace", payload: ["taskspace_uuid": .string(waiting), "name": "later"])

                let result = try await daemon.command(["status", "--json"])
                #expect(result.exitCode == 0)
                let status = try JSONLine.decode(result.standardOutput)
                #expect(status["pid"]?.intValue == Int64(daemon.process.pid ?? -1))
                #expect(status["socket"]?.stringValue == daemon.socket)
                #expect(status["display"]?.stringValue == server.display)
                #expect(status["x11"]?["state"] == "connected")
                #expect(status["x11"]?["mode"] == "ewmh")
                #expect(status["x11"]?["manager"] == "Openbox")
                #expect(status["roll_call_interval_seconds"]?.intValue == 45)
                #expect(status["windows"]?.intValue ?? 0 >= 1)
                #expect(status["clients"]?.arrayValue?.contains { $0["name"] == "status-test" } == true)
                let taskspaces = try #require(status["taskspaces"]?.arrayValue)
                #expect(taskspaces.count == 2)
                let first = taskspaces.first { $0["uuid"]?.stringValue == registered }
                #expect(first?["state"] == "registered")
                #expect(first?["windows"] == [.string(window.hex)])
                let second = taskspaces.first { $0["uuid"]?.stringValue == waiting }
                #expect(second?["state"] == "unregistered")
                #expect(second?["name"] == "later")
                #expect(second?["windows"] == [])

                let text = try await daemon.command(["status"])
                #expect(text.standardOutput.contains("EWMH client list of Openbox"))
                #expect(text.standardOutput.contains("\(registered)  registered    \(window.hex)"))
                #expect(text.standardOutput.contains("\(waiting)  unregistered  -  \"later\""))
            }
        }
    }

    @Test func sigtermAnswersPendingRequestsWritesStateAndRemovesTheSocket() async throws {
        try await withXServer(windowManager: true) { server in
            // A long deadline: on a loaded machine the registration must still be waiting at SIGTERM.
            let daemon = try await DaemonProcess.start(display: server.display, arguments: ["--registration-timeout", "60"])
            defer { try? FileManager.default.removeItem(atPath: daemon.directory) }
            let client = try await daemon.connect()
            let taskspace = "abcdefab-cdef-4abc-8def-abcdefabcdef"
            client.send(Envelope(type: "update_taskspace", id: "pending-1", payload: [
                "taskspace_uuid": .string(taskspace), "name": "kept", "window_uuid": "01234567-89ab-4cde-8f01-23456789abcd",
            ]))
            #expect(await eventually { (try? await RegistrationTests.status(daemon))?["pending_registrations"] == 1 })

            #expect(await daemon.terminate())
            #expect(daemon.exitCode == 0)
            let reply = await client.nextMessage(timeout: .seconds(5)) { $0["id"] == "pending-1" }
            #expect(reply?["payload"]?["success"] == false)
            #expect(reply?["payload"]?["error"] == "registrar shutting down")
            #expect(!FileManager.default.fileExists(atPath: daemon.socket), "socket file removed")
            let state = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: daemon.stateFile)))
            #expect(state["taskspaces"]?.arrayValue?.first?["uuid"]?.stringValue == taskspace)
            #expect(state["taskspaces"]?.arrayValue?.first?["name"] == "kept")

            // The next daemon starts with what the last one learned.
            let next = try await DaemonProcess.start(display: server.display, directory: daemon.directory)
            let status = try await RegistrationTests.status(next)
            #expect(status["taskspaces"]?.arrayValue?.first?["name"] == "kept")
            await next.process.stop()
        }
    }

    /// With `--no-start` (otherwise they start one: `AutoStartTests`).
    @Test func clientCommandsWithoutADaemonSaySoInOneLine() async throws {
        let socket = DaemonProcess.makeTemporaryDirectory() + "/none.sock"
        for arguments in [["status"], ["register", "--all"], ["client"]] {
            let result = try await RegistrarCommand.run(arguments + ["--socket", socket, "--no-start"], display: ":0")
            #expect(result.exitCode == 4, "\(arguments)")
            #expect(result.standardError == "symposium-registrar: no registrar daemon is listening on \(socket) (No such file or directory); start one with `symposium-registrar daemon`\n")
        }
    }

    @Test func aSecondDaemonOnTheSameSocketLeavesTheFirstAlone() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let second = try await daemon.command(["daemon"])
                #expect(second.exitCode == 0)
                #expect(second.standardOutput == "already running (pid \(daemon.process.pid ?? -1), socket \(daemon.socket))\n")
                #expect(try await RegistrationTests.status(daemon)["pid"]?.intValue == Int64(daemon.process.pid ?? -1))
            }
        }
    }

    @Test func windowsComesFromTheDaemonWhenOneRuns() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "listed by the daemon")
                maker.sync()
                #expect(await eventually {
                    let result = try? await daemon.command(["windows", "--json"])
                    return result?.standardOutput.contains(window.hex) == true
                })
                let result = try await daemon.command(["windows", "--json"])
                let document = try JSONLine.decode(result.standardOutput)
                #expect(document["source"] == "daemon")
                #expect(document["manager"] == "Openbox")
                let scanned = try JSONLine.decode(try await daemon.command(["windows", "--json", "--scan"]).standardOutput)
                #expect(scanned["source"] == "scan")
                #expect(scanned["windows"] == document["windows"])
            }
        }
    }

    @Test func theClientBridgeReconnectsWhenTheDaemonRestarts() async throws {
        try await withXServer(windowManager: true) { server in
            let daemon = try await DaemonProcess.start(display: server.display)
            defer { try? FileManager.default.removeItem(atPath: daemon.directory) }
            let bridge = BackgroundProcess(RegistrarCommand.binaryPath,
                                            arguments: ["client", "--socket", daemon.socket, "--identify", "bridge"],
                                            environment: ["DISPLAY": server.display])
            defer { Task { await bridge.stop() } }
            bridge.send(#"{"type":"ping","id":"b-1","payload":{}}"#)
            _ = try await bridge.waitForLine { $0.contains("\"b-1\"") }

            #expect(await daemon.terminate())
            let restarted = try await DaemonProcess.start(display: server.display, directory: daemon.directory)
            // Once reconnected, a line sent through the bridge is relayed back to it.
            let relayed = await eventually(timeout: .seconds(20)) {
                bridge.send(#"{"type":"ping","id":"b-2","payload":{}}"#)
                return (try? await bridge.waitForLine(timeout: .seconds(1)) { $0.contains("\"b-2\"") }) != nil
            }
            #expect(relayed)
            let status = try await RegistrationTests.status(restarted)
            #expect(status["clients"]?.arrayValue?.contains { $0["name"] == "bridge" } == true, "identified again")
            bridge.closeInput()
            #expect(await bridge.waitForExit(timeout: .seconds(10)))
            await restarted.process.stop()
        }
    }
}
