import Foundation
import Registrar
import RegistrarServer
import Testing
import X11TestSupport
import X11Windows

/// The title handshake against the real daemon, openbox and real windows.
@Suite(.timeLimit(.minutes(5))) struct RegistrationTests {
    static let taskspace = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a"

    @Test(arguments: [ExtensionClient.Shape.updateTaskspace, .registerTaskspaceWindow])
    func aWindowShowingTheMarkerIsRegisteredAtOnce(shape: ExtensionClient.Shape) async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "main.swift - project")
                let editor = ExtensionClient(client: try await daemon.connect(), maker: maker)
                let reply = try await editor.handshake(shape, window: window, title: "main.swift - project", taskspace: Self.taskspace)
                #expect(reply["success"] == true)
                switch shape {
                case .updateTaskspace:
                    #expect(reply["window_registered"] == true)
                    #expect(reply["data"]?["window_registered"] == true)
                    #expect(reply["data"]?["window_id"]?.stringValue == window.hex)
                    #expect(reply["data"]?["taskspace_uuid"]?.stringValue == Self.taskspace)
                case .registerTaskspaceWindow:
                    #expect(reply["data"]?["success"] == true)
                    #expect(reply["data"]?["window_id"]?.stringValue == window.hex)
                }
                let status = try await Self.status(daemon)
                let entry = status["taskspaces"]?.arrayValue?.first
                #expect(entry?["uuid"]?.stringValue == Self.taskspace)
                #expect(entry?["state"] == "registered")
                #expect(entry?["windows"] == [.string(window.hex)])

                // The same window again is harmless.
                let again = try await editor.handshake(shape, window: window, title: "main.swift - project", taskspace: Self.taskspace)
                #expect(again["success"] == true)
                #expect(try await Self.status(daemon)["taskspaces"]?.arrayValue?.first?["windows"] == [.string(window.hex)])
            }
        }
    }

    @Test func aMarkerAlreadyInTheIndexIsFoundByLookup() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let marker = "12345678-aaaa-4bbb-8ccc-ddddeeeeffff"
                let window = maker.createWindow(title: "[SYMPOSIUM:\(marker)] already marked", encoding: .wmNameCompoundText)
                maker.sync()
                let client = try await daemon.connect()
                #expect(await eventually { (try? await Self.markedWindows(client)) == 1 })
                let reply = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(marker.uppercased()),
                ])
                #expect(reply["data"]?["window_id"]?.stringValue == window.hex)
            }
        }
    }

    @Test func aTitleThatAppearsLateStillRegisters() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "slow editor")
                let editor = ExtensionClient(client: try await daemon.connect(), maker: maker)
                let reply = try await editor.handshake(.registerTaskspaceWindow, window: window, title: "slow editor",
                                                       taskspace: Self.taskspace, titleDelay: .seconds(1))
                #expect(reply["success"] == true)
                #expect(reply["data"]?["window_id"]?.stringValue == window.hex)
            }
        }
    }

    @Test func aTitleThatNeverComesFailsAtTheDeadline() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server, arguments: ["--registration-timeout", "1.5"]) { daemon in
                let client = try await daemon.connect()
                let marker = "0a0b0c0d-1111-4222-8333-444455556666"
                let started = ContinuousClock.now
                let reply = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(marker),
                ])
                let waited = ContinuousClock.now - started
                #expect(reply["success"] == false)
                #expect(reply["window_registered"] == false)
                #expect(reply["error"]?.stringValue
                    == "window not found: no top-level window title contains [SYMPOSIUM:\(marker)] after 1.5 s")
                #expect(waited >= .seconds(1.4))
                // The connection is still good for more.
                #expect(try await client.request("registrar_status")["success"] == true)
            }
        }
    }

    @Test func twoWindowsWithOneMarkerAreRefusedAndNothingIsAssociated() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let marker = "99998888-7777-4666-8555-444433332222"
                let first = maker.createWindow(title: "[SYMPOSIUM:\(marker)] one")
                let second = maker.createWindow(title: "[SYMPOSIUM:\(marker.uppercased())] two", encoding: .netWMNameOnly)
                maker.sync()
                let client = try await daemon.connect()
                #expect(await eventually { (try? await Self.markedWindows(client)) == 2 })
                let reply = try await client.request("register_taskspace_window", payload: [
                    "window_title": .string("[SYMPOSIUM:\(marker)]"), "taskspace_uuid": .string(Self.taskspace),
                ])
                #expect(reply["success"] == false)
                let error = try #require(reply["error"]?.stringValue)
                #expect(error.hasPrefix("ambiguous marker: 2 windows show [SYMPOSIUM:\(marker)]"))
                #expect(error.contains(first.hex) && error.contains(second.hex))
                let entry = try await Self.status(daemon)["taskspaces"]?.arrayValue?.first
                #expect(entry?["state"] == "unregistered")
                #expect(entry?["windows"] == [])
            }
        }
    }

    @Test func aDestroyedWindowLosesItsAssociationAndIsCalledBack() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "doomed editor")
                let editor = ExtensionClient(client: try await daemon.connect(), maker: maker)
                let listener = try await daemon.connect()
                let reply = try await editor.handshake(.updateTaskspace, window: window, title: "doomed editor", taskspace: Self.taskspace)
                #expect(reply["window_registered"] == true)

                // Whatever reached the listener before (a start-up roll call) is not what is tested.
                while await listener.next(timeout: .milliseconds(200)) != nil {}
                maker.destroy(window)
                maker.sync()
                let destroyedAt = ContinuousClock.now
                let call = await listener.nextMessage(timeout: .seconds(1)) {
                    $0["type"] == "taskspace_roll_call" && $0["payload"]?["taskspace_uuid"]?.stringValue == Self.taskspace
                }
                #expect(call != nil, "no roll call within 1 s of the window's destruction")
                #expect(ContinuousClock.now - destroyedAt < .seconds(1))
                #expect(call?["sender"]?["workingDirectory"] == "/")
                let entry = try await Self.status(daemon)["taskspaces"]?.arrayValue?.first
                #expect(entry?["state"] == "unregistered")
                #expect(entry?["windows"] == [])
            }
        }
    }

    // MARK: Helpers

    static func status(_ daemon: DaemonProcess) async throws -> JSONValue {
        let client = try await daemon.connect()
        defer { Task { await client.close() } }
        let reply = try await client.request("registrar_status")
        return try #require(reply["data"])
    }

    static func markedWindows(_ client: RegistrarClient) async throws -> Int {
        let reply = try await client.request("registrar_windows")
        return reply["data"]?["windows"]?.arrayValue?.filter { $0["marker"].map { !$0.isNull } ?? false }.count ?? 0
    }
}
