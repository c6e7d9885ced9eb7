import Foundation
import InProcessSupport
import Registrar
import RegistrarServer
import Testing

/// What the core keeps across a restart, through a state store shared by two daemons.
@Suite struct PersistencePathTests {
    static let taskspace = "5E6F7A8B-1C2D-4E3F-9A0B-C1D2E3F4A5B6"
    static let marker = "99998888-7777-4666-8555-444433332222"
    static let window = WindowID(0x400001)

    /// Registers `window` for the taskspace on a daemon using `store`, and shuts it down.
    private func registerAndStop(store: MemoryStateStore) async throws {
        try await withInProcessDaemon(store: store) { daemon in
            daemon.windows.connect(serverID: "server-A")
            daemon.windows.show(Self.window, title: "[SYMPOSIUM:\(Self.marker)] editor")
            await daemon.settle()
            let editor = daemon.connect()
            let reply = await editor.request("update_taskspace", [
                "taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(Self.marker), "name": "alpha",
            ])
            #expect(reply?["window_registered"] == true)
            await daemon.shutDown()
        }
        #expect(store.saved?.serverID == "server-A")
        #expect(store.saved?.taskspaces.first?.windows == [Self.window.hex])
    }

    @Test func associationsComeBackOnTheSameServerAndAreConfirmedByARollCall() async throws {
        let store = MemoryStateStore()
        try await registerAndStop(store: store)
        try await withInProcessDaemon(store: store) { daemon in
            daemon.windows.show(Self.window, title: "editor", stamp: Self.taskspace.lowercased())
            daemon.windows.connect(serverID: "server-A")
            let client = daemon.connect()
            await daemon.settle()
            let entry = await client.request("registrar_status")?["data"]?["taskspaces"]?.arrayValue?.first
            #expect(entry?["name"] == "alpha")
            #expect(entry?["windows"] == [.string(Self.window.hex)])
            daemon.advance(by: .seconds(1))
            #expect(await client.takeRollCallsEventually() == [Self.taskspace], "confirmed with the start-up roll call")
        }
    }

    @Test func associationsAreDroppedOnAnotherServer() async throws {
        let store = MemoryStateStore()
        try await registerAndStop(store: store)
        try await withInProcessDaemon(store: store) { daemon in
            daemon.windows.show(Self.window, title: "a stranger with the same id")
            daemon.windows.connect(serverID: "server-B")
            await daemon.settle()
            let entry = await daemon.connect().request("registrar_status")?["data"]?["taskspaces"]?.arrayValue?.first
            #expect(entry?["state"] == "unregistered")
        }
    }

    /// A state write that comes before the display (any change does it) must not erase what
    /// the display has not yet confirmed or refuted.
    @Test func aWriteBeforeTheDisplayConnectsKeepsTheRememberedAssociations() async throws {
        let store = MemoryStateStore()
        try await registerAndStop(store: store)
        let savesBefore = store.saves
        try await withInProcessDaemon(store: store) { daemon in
            let client = daemon.connect()
            _ = await client.request("update_taskspace", ["taskspace_uuid": .string(UUID().uuidString), "name": "new"])
            #expect(await eventuallyTrue { store.saves > savesBefore })
            #expect(store.saved?.serverID == "server-A")
            #expect(store.saved?.taskspaces.first { $0.uuid == Self.taskspace }?.windows == [Self.window.hex])
        }
    }

    @Test func shutdownAnswersAWaitingRegistrationAndWritesTheStateLast() async throws {
        let store = MemoryStateStore()
        try await withInProcessDaemon(store: store) { daemon in
            daemon.windows.connect()
            let editor = daemon.connect()
            let id = editor.newID()
            editor.send(Envelope(type: "register_taskspace_window", id: id, payload: [
                "window_title": .string("[SYMPOSIUM:\(Self.marker)]"), "taskspace_uuid": .string(Self.taskspace),
            ]))
            _ = await editor.request("registrar_status")
            await daemon.shutDown()
            #expect(await editor.reply(to: id) == ["success": false, "error": "registrar shutting down"])
            #expect(store.saved?.taskspaces.map(\.uuid) == [Self.taskspace])
            // The last write came after every answer: what it wrote is what the daemon holds
            // now that it has stopped (the writer has returned; `shutDown` waits for it).
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let final = try encoder.encode(await daemon.core.persistentState())
            #expect(try store.saved.map { try encoder.encode($0) } == final)
        }
    }
}

/// Polls a condition on the wall clock (a safety net, never the behaviour under test).
func eventuallyTrue(_ condition: @Sendable () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(5)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        await Task.yield()
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

extension InProcessClient {
    /// The roll calls that arrive within a short while, once at least one has.
    func takeRollCallsEventually() async -> [String] {
        guard let first = await nextMessage(where: { $0["type"] == "taskspace_roll_call" }) else { return [] }
        return [first["payload"]?["taskspace_uuid"]?.stringValue ?? "?"] + (await takeRollCalls())
    }
}
