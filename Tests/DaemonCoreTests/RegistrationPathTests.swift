import InProcessSupport
import Registrar
import Testing

/// Registration through the core, in process: a scripted display, a manual clock, clients that
/// speak lines. Each behaviour the wire promises, without an X server.
@Suite struct RegistrationPathTests {
    static let taskspace = "3D2C1B0A-9F8E-4D7C-8B6A-5F4E3D2C1B0A"
    static let marker = "0a0b0c0d-1111-4222-8333-444455556666"
    static let window = WindowID(0x3a00007)

    @Test func bothShapesAreAnsweredAtOnceWhenTheTitleShowsTheMarker() async throws {
        try await withInProcessDaemon { daemon in
            daemon.windows.connect()
            daemon.windows.show(Self.window, title: "[SYMPOSIUM:\(Self.marker)] main.swift")
            await daemon.settle()
            let editor = daemon.connect()

            let update = await editor.request("update_taskspace", [
                "taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(Self.marker.uppercased()),
            ])
            #expect(update == [
                "success": true, "window_registered": true,
                "data": ["window_registered": true, "window_id": "0x03a00007", "taskspace_uuid": .string(Self.taskspace)],
            ])
            let symposium = await editor.request("register_taskspace_window", [
                "window_title": .string("[SYMPOSIUM:\(Self.marker)]"), "taskspace_uuid": .string(Self.taskspace.lowercased()),
            ])
            #expect(symposium == ["success": true, "data": ["success": true, "window_id": "0x03a00007"]])

            let status = await editor.request("registrar_status")
            let entry = status?["data"]?["taskspaces"]?.arrayValue?.first
            #expect(entry?["uuid"]?.stringValue == Self.taskspace, "spelled as first learned")
            #expect(entry?["state"] == "registered")
            #expect(entry?["windows"] == ["0x03a00007"])
        }
    }

    @Test func aTitleThatComesLaterCompletesTheWaitingRegistration() async throws {
        try await withInProcessDaemon { daemon in
            daemon.windows.connect()
            daemon.windows.show(Self.window, title: "editor")
            let editor = daemon.connect()
            let id = editor.sendRegistration(taskspace: Self.taskspace, marker: Self.marker)
            _ = await editor.request("registrar_status")  // the registration is waiting now
            daemon.advance(by: .seconds(3))
            daemon.windows.show(Self.window, title: "[SYMPOSIUM:\(Self.marker)] editor")
            let reply = await editor.reply(to: id)
            #expect(reply?["window_registered"] == true)
            #expect(reply?["data"]?["window_id"] == "0x03a00007")
        }
    }

    @Test func aTitleThatNeverComesFailsAtTheDeadline() async throws {
        try await withInProcessDaemon(configure: { $0.registrationTimeout = .seconds(1.5) }) { daemon in
            daemon.windows.connect()
            let editor = daemon.connect()
            let id = editor.sendRegistration(taskspace: Self.taskspace, marker: Self.marker)
            _ = await editor.request("registrar_status")
            daemon.advance(by: .milliseconds(1400))
            #expect(await editor.reply(to: id, timeout: .milliseconds(200)) == nil, "not before the deadline")
            daemon.advance(by: .milliseconds(100))
            let reply = await editor.reply(to: id)
            #expect(reply == [
                "success": false, "window_registered": false,
                "error": .string("window not found: no top-level window title contains [SYMPOSIUM:\(Self.marker)] after 1.5 s"),
            ])
            #expect(await editor.request("registrar_status")?["success"] == true, "the connection goes on")
        }
    }

    @Test func twoWindowsShowingOneMarkerAreRefusedAndNothingIsAssociated() async throws {
        try await withInProcessDaemon { daemon in
            daemon.windows.connect()
            daemon.windows.show(WindowID(0x1), title: "[SYMPOSIUM:\(Self.marker)] one")
            daemon.windows.show(WindowID(0x2), title: "[SYMPOSIUM:\(Self.marker.uppercased())] two")
            await daemon.settle()
            let editor = daemon.connect()
            let reply = await editor.request("register_taskspace_window", [
                "window_title": .string("[SYMPOSIUM:\(Self.marker)]"), "taskspace_uuid": .string(Self.taskspace),
            ])
            #expect(reply?["success"] == false)
            #expect(reply?["error"]?.stringValue == "ambiguous marker: 2 windows show [SYMPOSIUM:\(Self.marker)] "
                + "(0x00000001, 0x00000002); nothing associated")
            let entry = await editor.request("registrar_status")?["data"]?["taskspaces"]?.arrayValue?.first
            #expect(entry?["state"] == "unregistered")
        }
    }

    @Test func aWindowThatGoesLosesItsAssociationAndItsTaskspaceIsCalledBack() async throws {
        try await withInProcessDaemon { daemon in
            daemon.windows.connect()
            daemon.windows.show(Self.window, title: "[SYMPOSIUM:\(Self.marker)] editor")
            await daemon.settle()
            let editor = daemon.connect()
            let listener = daemon.connect()
            _ = await editor.request("update_taskspace", [
                "taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(Self.marker),
            ])
            #expect(await listener.takeRollCalls() == [])
            daemon.advance(by: .seconds(5))  // past the quiet after the registration
            _ = await listener.takeRollCalls()  // the start-up call came meanwhile
            daemon.windows.destroy(Self.window)
            let call = await listener.nextMessage { $0["type"] == "taskspace_roll_call" }
            #expect(call?["payload"] == ["taskspace_uuid": .string(Self.taskspace)])
            #expect(call?["sender"]?["workingDirectory"] == "/")
            let entry = await editor.request("registrar_status")?["data"]?["taskspaces"]?.arrayValue?.first
            #expect(entry?["state"] == "unregistered")
            #expect(entry?["windows"] == [])
        }
    }

    @Test func registrationsWaitWhileTheDisplayIsAwayAndFailAsUnavailable() async throws {
        try await withInProcessDaemon { daemon in
            let editor = daemon.connect()
            let id = editor.sendRegistration(taskspace: Self.taskspace, marker: Self.marker)
            _ = await editor.request("registrar_status")
            daemon.advance(by: .seconds(4))
            #expect(await editor.reply(to: id)?["error"] == "X display unavailable")
        }
    }
}
