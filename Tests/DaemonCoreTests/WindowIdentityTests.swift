import Foundation
import InProcessSupport
import Registrar
import RegistrarServer
import Testing

/// A window id names a window only while it lives: X reuses ids. An association is trusted
/// across a restart or a lost connection only for a window carrying its taskspace's stamp.
@Suite struct WindowIdentityTests {
    static let taskspace = "5E6F7A8B-1C2D-4E3F-9A0B-C1D2E3F4A5B6"
    static let marker = "99998888-7777-4666-8555-444433332222"
    static let window = WindowID(0x400001)

    @Test func aRegisteredWindowIsStampedWithItsTaskspace() async throws {
        try await withInProcessDaemon { daemon in
            daemon.windows.connect(serverID: "server-A")
            daemon.windows.show(Self.window, title: "[SYMPOSIUM:\(Self.marker)] editor")
            await daemon.settle()
            let reply = await daemon.connect().request("update_taskspace", [
                "taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(Self.marker),
            ])
            #expect(reply?["window_registered"] == true)
            #expect(await eventuallyTrue { daemon.windows.window(Self.window)?.stamp == Self.taskspace.lowercased() })
        }
    }

    /// The id comes back on the same server, but on a window that never was registered (no
    /// stamp), or one registered for someone else: dropped and called back, never focused.
    @Test(arguments: [nil, "11111111-2222-4333-8444-555555555555"])
    func aRestoredIdOnAnotherWindowIsDroppedAndRollCalled(stamp: String?) async throws {
        let store = MemoryStateStore()
        try await withInProcessDaemon(store: store) { daemon in
            daemon.windows.connect(serverID: "server-A")
            daemon.windows.show(Self.window, title: "[SYMPOSIUM:\(Self.marker)] editor")
            await daemon.settle()
            _ = await daemon.connect().request("update_taskspace", [
                "taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(Self.marker),
            ])
            await daemon.shutDown()
        }
        #expect(store.saved?.taskspaces.first?.windows == [Self.window.hex])
        try await withInProcessDaemon(store: store) { daemon in
            daemon.windows.show(Self.window, title: "a stranger with the same id", stamp: stamp)
            daemon.windows.connect(serverID: "server-A")
            let client = daemon.connect()
            await daemon.settle()
            let entry = await client.request("registrar_status")?["data"]?["taskspaces"]?.arrayValue?.first
            #expect(entry?["state"] == "unregistered")
            let focus = await client.request("registrar_focus", ["taskspace_uuid": .string(Self.taskspace)])
            #expect(focus?["success"] == false)
            #expect(daemon.activator.activated.isEmpty, "the stranger was never raised")
            daemon.advance(by: .seconds(1))
            #expect(await client.takeRollCallsEventually() == [Self.taskspace], "called to register again")
        }
    }

    /// While the connection to the X server was lost, the window went and its id was reused:
    /// the same server comes back, the association does not.
    @Test func anIdReusedWhileTheConnectionWasLostIsDroppedAndRollCalled() async throws {
        try await withInProcessDaemon { daemon in
            daemon.windows.connect(serverID: "server-A")
            daemon.windows.show(Self.window, title: "[SYMPOSIUM:\(Self.marker)] editor")
            await daemon.settle()
            let client = daemon.connect()
            _ = await client.request("update_taskspace", [
                "taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(Self.marker),
            ])
            #expect(await eventuallyTrue { daemon.windows.window(Self.window)?.stamp != nil })
            daemon.windows.disconnect()
            daemon.windows.reuse(Self.window, title: "a stranger with the same id")
            daemon.windows.connect(serverID: "server-A")
            await daemon.settle()
            let entry = await client.request("registrar_status")?["data"]?["taskspaces"]?.arrayValue?.first
            #expect(entry?["state"] == "unregistered")
            daemon.advance(by: .seconds(6))  // past the quiet after its registration
            #expect(await client.takeRollCallsEventually() == [Self.taskspace])
        }
    }
}
