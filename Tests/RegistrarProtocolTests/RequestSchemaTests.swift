import Registrar
import RegistrarProtocol
import Testing

/// One schema per request: what the CLI sends with a request's type is what the daemon reads
/// with the same type, and a wrong member is refused naming the field, what it must be and
/// what it was.
@Suite struct RequestSchemaTests {
    private func message(_ type: String, _ payload: String, sender: String = "") -> IncomingMessage {
        let line = #"{"type":"\#(type)","id":"r",\#(sender)"payload":\#(payload)}"#
        guard case .message(let message) = IncomingLine(text: line) else {
            Issue.record("not a message: \(line)")
            return IncomingMessage(type: type, id: "r", text: line)
        }
        return message
    }

    private func request(_ type: String, _ payload: String, sender: String = "") throws(InvalidRequest) -> ClientRequest {
        try ClientRequest(message(type, payload, sender: sender))
    }

    @Test func whatTheCLISendsIsWhatTheDaemonReads() throws {
        let sent = UpdateTaskspaceRequest(taskspaceUUID: "6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F",
                                          windowUUID: "0a0b0c0d-1111-4222-8333-444455556666", name: "n", description: "d",
                                          projectPath: "/p")
        let read = try message("update_taskspace", WireJSON.encode(sent)).payload(as: UpdateTaskspaceRequest.self)
        #expect(read.taskspaceUUID == sent.taskspaceUUID)
        #expect(read.windowUUID == sent.windowUUID)
        #expect(read.name == "n" && read.description == "d" && read.projectPath == "/p")
        let status = try message("registrar_status", WireJSON.encode(StatusRequest(taskspace: "x", offset: 3, limit: 7)))
            .payload(as: StatusRequest.self)
        #expect(status == StatusRequest(taskspace: "x", offset: 3, limit: 7))
        let windows = try message("registrar_windows", WireJSON.encode(WindowsRequest(markedOnly: true)))
            .payload(as: WindowsRequest.self)
        #expect(windows.markedOnly)
    }

    @Test func wrongMembersNameTheFieldWhatItMustBeAndWhatItWas() {
        #expect(throws: InvalidRequest("field \"name\" must be a string, got a number")) {
            try request("update_taskspace", #"{"taskspace_uuid":"6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F","name":5}"#)
        }
        #expect(throws: InvalidRequest("field \"limit\" must be an integer, got a string")) {
            try request("registrar_status", #"{"limit":"ten"}"#)
        }
        #expect(throws: InvalidRequest("field \"limit\" must be between 1 and 1000")) {
            try request("registrar_status", #"{"limit":0}"#)
        }
        #expect(throws: InvalidRequest("field \"marked_only\" must be a boolean, got an object")) {
            try request("registrar_windows", #"{"marked_only":{}}"#)
        }
        #expect(throws: InvalidRequest("field \"window_title\" must be a string, got an array")) {
            try request("register_taskspace_window", #"{"window_title":[]}"#)
        }
        #expect(throws: InvalidRequest("missing field \"window_title\"")) {
            try request("register_taskspace_window", #"{}"#)
        }
        #expect(throws: InvalidRequest("field \"description\" is longer than 4096 bytes")) {
            try request("taskspace_state", #"{"description":"\#(String(repeating: "x", count: 4097))"}"#)
        }
        #expect(throws: InvalidRequest("field \"taskspace_uuid\" must be a UUID, got \"nope\"")) {
            try request("registrar_focus", #"{"taskspace_uuid":"nope"}"#)
        }
        #expect(throws: InvalidRequest("missing field \"taskspace_uuid\" (and no sender.taskspaceUuid)")) {
            try request("registrar_focus", #"{}"#)
        }
    }

    @Test func theSendersTaskspaceStandsInForAMissingOne() throws {
        let sender = #""sender":{"workingDirectory":"/w","taskspaceUuid":"6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F"},"#
        let focus = try request("registrar_focus", "{}", sender: sender)
        #expect(focus == .focus(TaskspaceID("6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F")!))
        let state = try request("taskspace_state", #"{"name":"n"}"#, sender: sender)
        guard case .taskspaceState(let change) = state else {
            Issue.record("\(state)")
            return
        }
        #expect(change.taskspace.spelling == "6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F")
        #expect(change.name == "n" && !change.isRead)
    }

    @Test func logIsReadLenientlyAndAMessageOfAnotherTypeIsRelayed() throws {
        #expect(try request("log", #"{"level":7,"message":"m"}"#) == .log(level: "info", message: "m"))
        #expect(try request("present_review", #"{"message":5}"#) == .relay)
        #expect(try request("registrar_status", "{}") == .status(ClientRequest.StatusQuery()))
    }
}
