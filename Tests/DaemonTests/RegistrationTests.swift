import Foundation
import Registrar
import RegistrarClient
import RegistrarServer
import Testing
import X11TestSupport
import X11Windows

/// The title handshake against the real daemon, openbox and real windows.
@Suite(.timeLimit(.minutes(5))) struct RegistrationTests {
    static let taskspace = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a"

    /// Both reply shapes are tested in process (RegistrationPathTests); here the real window.
    @Test func aWindowShowingTheMarkerIsRegisteredAtOnce() async throws {
        let shape = ExtensionClient.Shape.updateTaskspace
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "main.swift - project")
                let editor = ExtensionClient(client: try await daemon.connect(), maker: maker)
                let reply = try await editor.handshake(shape, window: window, title: "main.swift - project", taskspace: Self.taskspace)
                #expect(reply["success"] == true)
                #expect(reply["window_registered"] == true)
                #expect(reply["data"]?["window_id"]?.stringValue == window.hex)
                #expect(reply["data"]?["taskspace_uuid"]?.stringValue == Self.taskspace)
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

    @Test func aDestroyedWindowLosesItsAssociationAndIsCalledBack() async throws {
        try await withXServer(windowManager: true) { server in
            // Without the quiet after a registration (tested in process), the call is at once.
            try await withDaemon(on: server, arguments: ["--roll-call-quiet", "0"]) { daemon in
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
                // At once rather than at the next periodic call (30 s away); the time it takes is
                // a benchmark figure (scripts/bench-daemon.sh), not asserted here.
                let call = await listener.nextMessage(timeout: .seconds(10)) {
                    $0["type"] == "taskspace_roll_call" && $0["payload"]?["taskspace_uuid"]?.stringValue == Self.taskspace
                }
                #expect(call != nil, "no roll call within 10 s of the window's destruction")
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

    /// A window titled with a fresh marker, registered for `taskspace` (`update_taskspace` with
    /// `window_uuid`) once the daemon's index holds it; answers the window and the connection.
    static func registeredWindow(
        for taskspace: String, maker: WindowMaker, daemon: DaemonProcess
    ) async throws -> (window: WindowID, client: RegistrarClient) {
        let marker = UUID().uuidString.lowercased()
        let window = maker.createWindow(title: "[SYMPOSIUM:\(marker)] editor")
        maker.sync()
        let client = try await daemon.connect()
        #expect(await eventually { (try? await markedWindows(client)) == 1 })
        let registered = try await client.request("update_taskspace", payload: [
            "taskspace_uuid": .string(taskspace), "window_uuid": .string(marker)])
        #expect(registered["window_registered"] == true, "\(registered)")
        return (window, client)
    }

    static func markedWindows(_ client: RegistrarClient) async throws -> Int {
        let reply = try await client.request("registrar_windows")
        return reply["data"]?["windows"]?.arrayValue?.filter { $0["marker"].map { !$0.isNull } ?? false }.count ?? 0
    }
}
