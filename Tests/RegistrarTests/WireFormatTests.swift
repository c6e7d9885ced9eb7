import Foundation
import Registrar
import RegistrarProtocol
import Testing

/// Lines as clients send them, decoded into what the daemon does with them.
@Suite struct WireFormatTests {
    @Test func controlAndEmptyLines() {
        #expect(" \t\u{2028}abc  def\r\n\u{85}".trimmingWhitespace() == "abc  def")
        #expect("\r\n \u{3000}".trimmingWhitespace() == "")
        #expect("x".trimmingWhitespace() == "x")
        let long = String(repeating: "a", count: 1 << 20)
        #expect((" " + long + "\n").trimmingWhitespace() == long)
        #expect(IncomingLine(text: "   ") == .empty)
        #expect(IncomingLine(text: "#identify:vscode-extension\r") == .control(identify: "vscode-extension"))
        #expect(IncomingLine(text: "#hello") == .control(identify: nil))
    }

    @Test func anEnvelopeKeepsItsTextForRelaying() throws {
        let text = #"{"type":"present_review","id":"1","sender":{"workingDirectory":"/w","taskspaceUuid":null,"shellPid":3},"payload":{"n":12345678901234}}"#
        guard case .message(let message) = IncomingLine(text: "  " + text + "\n") else {
            Issue.record("not decoded")
            return
        }
        #expect(message.text == text)
        #expect(message.type == "present_review")
        #expect(message.sender == IncomingSender(workingDirectory: "/w", taskspaceUuid: nil))
        #expect(try ClientRequest(message) == .relay)
    }

    @Test func invalidLinesSayWhatWasWrong() {
        #expect(IncomingLine(bytes: [0x7B, 0xC3, 0x28, 0x7D]) == .invalid(id: nil, error: "line is not valid UTF-8"))
        #expect(IncomingLine(text: "42") == .invalid(id: nil, error: "a message must be a JSON object, got a number"))
        #expect(IncomingLine(text: #"{"id":"a","type":"","payload":{}}"#)
            == .invalid(id: "a", error: "field \"type\" must be a non-empty string, got a string"))
        #expect(IncomingLine(text: #"{"id":"a","type":"x","payload":{},"sender":5}"#)
            == .invalid(id: "a", error: "field \"sender\" must be an object, got a number"))
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        if case .invalid(nil, let error) = IncomingLine(text: deep) { #expect(error.hasPrefix("invalid JSON")) } else {
            Issue.record("deep nesting was accepted")
        }
    }

    @Test func requestsTheDaemonAnswers() throws {
        struct NotAMessage: Error {}
        func request(_ text: String) throws -> ClientRequest {
            guard case .message(let message) = IncomingLine(text: text) else { throw NotAMessage() }
            return try ClientRequest(message)
        }
        let upper = "6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F"
        let update = try request(#"{"type":"update_taskspace","id":"1","payload":{"name":"n","window_uuid":"0A0B0C0D-1111-4222-8333-444455556666"},"sender":{"workingDirectory":"/","taskspaceUuid":"\#(upper)","shellPid":null}}"#)
        guard case .updateTaskspace(let fields, let window) = update else { Issue.record("\(update)"); return }
        #expect(fields.taskspace.spelling == upper, "from sender.taskspaceUuid")
        #expect(fields.name == "n")
        #expect(window == .marker(Marker(uuid: "0a0b0c0d-1111-4222-8333-444455556666")!))
        #expect(try request(#"{"type":"registrar_roll_call","id":"2","payload":{"all":true}}"#) == .rollCall(nil))
        #expect(try request(#"{"type":"log","id":"3","payload":{"level":"warning","message":"m"}}"#) == .log(level: "warning", message: "m"))
        #expect(throws: ClientRequest.Invalid.self) {
            try request(#"{"type":"registrar_roll_call","id":"4","payload":{}}"#)
        }
    }

    @Test func socketPaths() {
        #expect(SocketLocation.fileName(display: ":0") == "_0")
        #expect(SocketLocation.fileName(display: "localhost:10.0") == "localhost_10.0")
        #expect(SocketLocation.fileName(display: "../x") == ".._x")
        #expect(SocketLocation.defaultPath(display: ":1", environment: ["XDG_RUNTIME_DIR": "/run/user/1000"], uid: 1000)
            == "/run/user/1000/symposium-registrar/_1.sock")
        #expect(SocketLocation.defaultPath(display: ":1", environment: [:], uid: 1000) == "/tmp/symposium-registrar-1000/_1.sock")
        #expect(SocketLocation.resolve(explicit: nil, display: ":1", environment: ["SYMPOSIUM_REGISTRAR_SOCKET": "/tmp/s.sock"], uid: 1)
            == "/tmp/s.sock")
        #expect(SocketLocation.resolve(explicit: "/x.sock", display: ":1", environment: ["SYMPOSIUM_REGISTRAR_SOCKET": "/tmp/s.sock"], uid: 1)
            == "/x.sock")
    }

    @Test func nestingDeeperThanTheLimitIsRefusedBeforeDecoding() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(IncomingLine(text: #"{"type":"x","id":"1","payload":{"a":"# + deep + "}}") ==
            .invalid(id: nil, error: "invalid JSON: nested 67 levels deep (at most 64)"))
        let fine = String(repeating: "[", count: 62) + String(repeating: "]", count: 62)
        guard case .message = IncomingLine(text: #"{"type":"x","id":"1","payload":{"a":"# + fine + "}}") else {
            Issue.record("64 levels are allowed")
            return
        }
        let quoted = #"{"type":"x","id":"1","payload":{"a":""# + String(repeating: "[", count: 100) + #""}}"#
        guard case .message = IncomingLine(text: quoted) else {
            Issue.record("brackets inside strings do not count")
            return
        }
    }

    @Test func aRequestWithMoreValuesThanAnyRequestNeedsIsRefusedUnread() {
        let numbers = (0 ..< 200_000).map(String.init).joined(separator: ",")
        let line = #"{"type":"update_taskspace","id":"7","payload":{"taskspace_uuid":"x","n":["# + numbers + "]}}"
        #expect(IncomingLine(text: line) == .invalid(
            id: "7", error: "update_taskspace with 200006 JSON values is refused unread: no request the registrar answers has more than 4096"))
    }

    @Test func aLargeMessageForOthersIsRelayedAsSentWithoutItsPayloadDecoded() {
        let numbers = (0 ..< 10_000).map(String.init).joined(separator: ",")
        let line = #"{"type":"present_review","id":"8","sender":{"workingDirectory":"/"},"payload":{"n":["# + numbers + "]}}"
        guard case .message(let message) = IncomingLine(text: line) else {
            Issue.record("a large relayed message is still a message")
            return
        }
        #expect(message.type == "present_review")
        #expect(message.id == "8")
        #expect(message.text == line)
        let notAnObject = #"{"type":"present_review","id":"9","payload":["# + numbers + "]}"
        #expect(IncomingLine(text: notAnObject) == .invalid(id: "9", error: "field \"payload\" must be an object, got an array"))
        let noID = #"{"type":"present_review","payload":["# + numbers + "]}"
        #expect(IncomingLine(text: noID) == .invalid(id: nil, error: "missing field \"id\""))
    }
}
