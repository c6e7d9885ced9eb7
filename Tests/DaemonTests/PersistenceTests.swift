import Foundation
import Glibc
import Registrar
import RegistrarServer
import Testing
import X11TestSupport

/// What survives a crash of the daemon and a restart of the X server.
@Suite(.timeLimit(.minutes(5))) struct PersistenceTests {
    static let kept = "AAAA0000-1111-4222-8333-444455556666"
    static let lost = "BBBB0000-1111-4222-8333-444455556666"

    static func stateFile(_ daemon: DaemonProcess) -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: daemon.stateFile) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    static func savedWindows(_ daemon: DaemonProcess) -> Int {
        (stateFile(daemon)?["taskspaces"]?.arrayValue ?? []).reduce(0) { $0 + ($1["windows"]?.arrayValue?.count ?? 0) }
    }

    @Test func afterSIGKILLTheNextDaemonRestoresAssociationsWhoseWindowsStillExist() async throws {
        try await withXServer(windowManager: true) { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            let first = try await DaemonProcess.start(display: server.display)
            defer { try? FileManager.default.removeItem(atPath: first.directory) }
            let keptWindow = maker.createWindow(title: "kept editor")
            let lostWindow = maker.createWindow(title: "lost editor")
            let editor = ExtensionClient(client: try await first.connect(), maker: maker)
            for (window, taskspace, title) in [(keptWindow, Self.kept, "kept editor"), (lostWindow, Self.lost, "lost editor")] {
                let reply = try await editor.handshake(.updateTaskspace, window: window, title: title, taskspace: taskspace)
                #expect(reply["window_registered"] == true)
            }
            #expect(await eventually { Self.savedWindows(first) == 2 }, "associations reach the state file")

            first.process.signal(SIGKILL)
            #expect(await first.process.waitForExit())
            maker.destroy(lostWindow)  // dies while no daemon watches
            maker.sync()

            let next = try await DaemonProcess.start(display: server.display, directory: first.directory)
            let listener = try await next.connect()
            let confirmation = await listener.nextMessage(timeout: .seconds(5)) {
                $0["type"] == "taskspace_roll_call" && $0["payload"]?["taskspace_uuid"]?.stringValue == Self.kept
            }
            #expect(confirmation != nil, "the restored association is confirmed by a roll call")
            #expect(await eventually {
                let taskspaces = (try? await RegistrationTests.status(next))?["taskspaces"]?.arrayValue ?? []
                let kept = taskspaces.first { $0["uuid"]?.stringValue == Self.kept }
                let lost = taskspaces.first { $0["uuid"]?.stringValue == Self.lost }
                return kept?["windows"] == [.string(keptWindow.hex)] && lost?["state"] == "unregistered"
            })
            await next.process.stop()
        }
    }

    @Test func theStateFileIsAlwaysValidWhenTheDaemonIsKilledMidWrite() async throws {
        try await withXServer { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var checked = 0
            for round in 0 ..< 8 {
                let daemon = try await DaemonProcess.start(display: server.display, directory: directory)
                let client = try await daemon.connect()
                // Keep the daemon writing: every message renames a taskspace.
                let writer = Task {
                    var index = 0
                    while !Task.isCancelled {
                        client.send(Envelope(type: "update_taskspace", id: "u\(index)", payload: [
                            "taskspace_uuid": .string(String(format: "%08x-0000-4000-8000-%012x", round, index % 500)),
                            "name": .string("name \(index)"),
                        ]))
                        index += 1
                        if index % 50 == 0 { try? await Task.sleep(for: .milliseconds(1)) }
                    }
                }
                try await Task.sleep(for: .milliseconds(150 + 37 * round))
                daemon.process.signal(SIGKILL)
                writer.cancel()
                let exited = await daemon.process.waitForExit()
                #expect(exited, "the killed daemon: \(daemon.process.kernelState)")
                let data = try Data(contentsOf: URL(fileURLWithPath: daemon.stateFile))
                let state = try JSONDecoder().decode(JSONValue.self, from: data)
                #expect(state["taskspaces"]?.arrayValue != nil)
                checked += 1
                let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tmp") }
                // The kill may interrupt one write; the next daemon clears what it left.
                #expect(leftovers.count <= 1, "at most the one temporary file the kill interrupted: \(leftovers)")
            }
            #expect(checked == 8)
        }
    }

    @Test func theDaemonOutlivesTheXServerAndRebuildsWhenItReturns() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server, arguments: ["--registration-timeout", "2"]) { daemon in
                let maker = try server.windowMaker()
                let window = maker.createWindow(title: "editor")
                let editor = ExtensionClient(client: try await daemon.connect(), maker: maker)
                let listener = try await daemon.connect()
                let reply = try await editor.handshake(.updateTaskspace, window: window, title: "editor", taskspace: Self.kept)
                #expect(reply["window_registered"] == true)
                maker.close()

                await server.killXServer()
                #expect(await eventually { (try? await RegistrationTests.status(daemon))?["x11"]?["state"] == "disconnected" })
                let status = try await RegistrationTests.status(daemon)
                #expect(status["x11"]?["since"]?.stringValue != nil)
                let client = try await daemon.connect()
                let waiting = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(Self.lost), "window_uuid": "0a0b0c0d-1111-4222-8333-444455556666",
                ])
                #expect(waiting["success"] == false)
                #expect(waiting["error"] == "X display unavailable")

                try await server.restartXServer()
                let call = await listener.nextMessage(timeout: .seconds(30)) {
                    $0["type"] == "taskspace_roll_call" && $0["payload"]?["taskspace_uuid"]?.stringValue == Self.kept
                }
                #expect(call != nil, "the taskspace whose window went with the server is called back")
                #expect(await eventually(timeout: .seconds(30)) {
                    (try? await RegistrationTests.status(daemon))?["x11"]?["state"] == "connected"
                })
                let after = try await RegistrationTests.status(daemon)
                let entry = after["taskspaces"]?.arrayValue?.first { $0["uuid"]?.stringValue == Self.kept }
                #expect(entry?["state"] == "unregistered")
                #expect(after["x11"]?["reconnects"] == 1)

                // And registration works on the new server.
                let newMaker = try server.windowMaker()
                defer { newMaker.close() }
                let newWindow = newMaker.createWindow(title: "editor again")
                let again = try await ExtensionClient(client: client, maker: newMaker)
                    .handshake(.updateTaskspace, window: newWindow, title: "editor again", taskspace: Self.kept)
                #expect(again["data"]?["window_id"]?.stringValue == newWindow.hex)
            }
        }
    }

    @Test func aCorruptStateFileIsMovedAsideAndTheDaemonStarts() async throws {
        try await withXServer { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let garbage = Data("{\"version\":1,\"taskspaces\":[{\"uuid\":".utf8)
            try garbage.write(to: URL(fileURLWithPath: directory + "/state.json"))
            let daemon = try await DaemonProcess.start(display: server.display, directory: directory)
            let status = try await RegistrationTests.status(daemon)
            #expect(status["taskspaces"] == [])
            let aside = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("state.json.corrupt-") }
            #expect(aside.count == 1)
            #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + aside[0])) == garbage, "kept for a person to look at")
            await daemon.process.stop()
            let state = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: daemon.stateFile)))
            #expect(state["taskspaces"] == [], "a fresh, valid state file replaced it")
        }
    }
}
