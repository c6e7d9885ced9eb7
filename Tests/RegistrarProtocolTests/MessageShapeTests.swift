import Registrar
import RegistrarProtocol
import Testing

/// The typed messages put exactly the keys PROTOCOL.md (and Symposium's extension) expect on
/// the wire, and the CLI reads back what the daemon writes.
@Suite struct MessageShapeTests {
    private func wire(_ line: String) throws -> JSONValue { try JSONLine.decode(line) }

    @Test func repliesCarryTheRequestIDAndTheRegistrarsSender() throws {
        let reply = try wire(Message.response(to: "r-1", Reply.ok(RegisteredWindow(windowID: "0x3a00007"))).line)
        #expect(reply["id"] == "r-1")
        #expect(reply["type"] == "response")
        #expect(reply["sender"] == ["workingDirectory": "/", "taskspaceUuid": nil, "shellPid": nil])
        #expect(reply["payload"] == ["success": true, "data": ["success": true, "window_id": "0x3a00007"]])
    }

    @Test func aReplyToAnUnreadableLineHasANullID() throws {
        let reply = try wire(Message.failure(to: nil, "invalid JSON").line)
        #expect(reply["id"] == .null)
        #expect(reply["payload"] == ["success": false, "error": "invalid JSON"])
    }

    @Test func updateTaskspaceSaysWindowRegisteredBesideSuccessAndInData() throws {
        let registered = try wire(Message.response(to: "u", UpdateTaskspaceReply.registered(window: "0x1", taskspace: "T")).line)
        #expect(registered["payload"] == [
            "success": true, "window_registered": true,
            "data": ["window_registered": true, "window_id": "0x1", "taskspace_uuid": "T"],
        ])
        let failed = try wire(Message.response(to: "u", UpdateTaskspaceReply.notRegistered("window not found")).line)
        #expect(failed["payload"] == ["success": false, "window_registered": false, "error": "window not found"])
        let metadata = try wire(Message.response(to: "u", UpdateTaskspaceReply.updated(taskspace: "T")).line)
        #expect(metadata["payload"] == ["success": true, "data": ["taskspace_uuid": "T"]])
    }

    @Test func rollCallsNameTheTaskspaceAsSpelled() throws {
        let call = try wire(Message.rollCall("6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F", id: "c-1").line)
        #expect(call["type"] == "taskspace_roll_call")
        #expect(call["id"] == "c-1")
        #expect(call["payload"] == ["taskspace_uuid": "6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F"])
        #expect(call["sender"]?["workingDirectory"] == "/")
    }

    @Test func statusReadsBackAsWritten() throws {
        let status = StatusData(
            pid: 7, version: "v", socket: "/s", display: ":1", startedAt: "t0", stateFile: "/f", lockFile: "/s.lock",
            heartbeat: nil, registrationTimeoutSeconds: 4, rollCallIntervalSeconds: 30,
            x11: .init(state: "connected", since: "t1", reconnects: 0, mode: "ewmh", manager: "Openbox"),
            windows: 3, markedWindows: 1, pendingRegistrations: 0,
            clients: [.init(id: 1, name: "vscode", connectedAt: "t2", messages: 5)],
            taskspaces: [.init(uuid: "U", name: "n", description: nil, state: "registered", windows: ["0x1"],
                               lastRollCall: nil, projectPath: nil, directory: "/d")])
        let line = Message.response(to: "s", Reply.ok(status)).line
        let keys = try wire(line)["payload"]?["data"]?.objectValue?.keys.sorted()
        #expect(keys == ["clients", "display", "lock_file", "marked_windows", "pending_registrations", "pid",
                         "registration_timeout_seconds", "roll_call_interval_seconds", "socket", "started_at",
                         "state_file", "taskspaces", "version", "windows", "x11"])
        struct Line: Decodable { let payload: Reply<StatusData> }
        let read = try WireJSON.decode(Line.self, from: line).payload.unwrap("registrar_status")
        #expect(read.taskspaces.first?.isRegistered == true)
        #expect(read.x11.manager == "Openbox")
        #expect(read.clients.first?.name == "vscode")
    }

    @Test func aRefusalBecomesTheDaemonsOwnWords() {
        let refused = Reply<FocusResult>.failed("taskspace T has no window")
        #expect(throws: RegistrarError(.refused, "taskspace T has no window")) { try refused.unwrap("registrar_focus") }
    }
}
