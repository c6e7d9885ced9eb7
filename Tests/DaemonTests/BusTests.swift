import Foundation
import Registrar
import RegistrarServer
import Testing
import X11TestSupport

/// The daemon as a message bus, and what it does with lines it cannot use.
@Suite(.timeLimit(.minutes(5))) struct BusTests {
    @Test func badLinesGetErrorsWhileTheConnectionAndOthersCarryOn() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let sloppy = try await daemon.connect()
                let bystander = try await daemon.connect()
                let cases: [(line: String, id: JSONValue, error: String)] = [
                    ("{not json", nil, "invalid JSON"),
                    ("[1,2]", nil, "a message must be a JSON object, got an array"),
                    (#"{"type":"x","payload":{}}"#, nil, "missing field \"id\""),
                    (#"{"type":"x","id":7,"payload":{}}"#, nil, "field \"id\" must be a string, got a number"),
                    (#"{"id":"e1","payload":{}}"#, "e1", "missing field \"type\""),
                    (#"{"type":"x","id":"e2"}"#, "e2", "missing field \"payload\""),
                    (#"{"type":"x","id":"e3","payload":[]}"#, "e3", "field \"payload\" must be an object, got an array"),
                    (#"{"type":"update_taskspace","id":"e4","payload":{}}"#, "e4", "missing field \"taskspace_uuid\""),
                    (#"{"type":"update_taskspace","id":"e5","payload":{"taskspace_uuid":"../../etc"}}"#, "e5",
                     "field \"taskspace_uuid\" must be a UUID"),
                    (#"{"type":"update_taskspace","id":"e6","payload":{"taskspace_uuid":"0a0b0c0d-1111-4222-8333-444455556666","window_uuid":5}}"#,
                     "e6", "field \"window_uuid\" must be a string, got a number"),
                    (#"{"type":"register_taskspace_window","id":"e7","payload":{"taskspace_uuid":"0a0b0c0d-1111-4222-8333-444455556666"}}"#,
                     "e7", "missing field \"window_title\""),
                    (#"{"type":"registrar_roll_call","id":"e8","payload":{"all":"yes"}}"#, "e8", "field \"all\" must be a boolean, got a string"),
                ]
                for (line, id, error) in cases {
                    sloppy.send(line: line)
                    let reply = await sloppy.nextMessage(timeout: .seconds(5)) { $0["type"] == "response" }
                    #expect(reply?["id"] == id, "\(line)")
                    #expect(reply?["payload"]?["success"] == false, "\(line)")
                    #expect(reply?["payload"]?["error"]?.stringValue?.hasPrefix(error) == true,
                            "\(line) -> \(reply?["payload"]?["error"]?.stringValue ?? "no reply")")
                }
                #expect(try await sloppy.request("registrar_status")["success"] == true, "the connection carries on")
                #expect(try await bystander.request("registrar_status")["success"] == true, "other clients carry on")
            }
        }
    }

    @Test func invalidUTF8AndOverLongLinesAreRefused() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server, arguments: ["--line-limit", "65536"]) { daemon in
                let raw = try RawSocket(path: daemon.socket)
                defer { raw.close() }
                try raw.write(Data([0x7B, 0xFF, 0xFE, 0x7D, 0x0A]))
                let reply = try JSONLine.decode(try #require(await raw.readLine(timeout: 5)))
                #expect(reply["payload"]?["error"] == "line is not valid UTF-8")

                let bystander = try await daemon.connect()
                try raw.write(Data(repeating: UInt8(ascii: "x"), count: 200_000))
                let refusal = try JSONLine.decode(try #require(await raw.readLine(timeout: 5)))
                #expect(refusal["id"] == .null)
                #expect(refusal["payload"]?["error"]?.stringValue?.hasPrefix("line longer than the limit of 65536 bytes") == true)
                #expect(await raw.readLine(timeout: 5) == nil, "the connection is closed after the refusal")
                #expect(try await bystander.request("registrar_status")["success"] == true)
            }
        }
    }

    /// A run of 100 invalid lines closes the connection, with one last error saying why.
    @Test func aHundredInvalidLinesInARowCloseTheConnection() async throws {
        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                let socket = try RawSocket(path: daemon.socket)
                defer { socket.close() }
                try socket.write(Data(String(repeating: "not json\n", count: 150).utf8))
                var replies: [String] = []
                while let line = await socket.readLine(timeout: 10) { replies.append(line) }
                #expect(replies.count == 101, "one error per line, then the closing one: \(replies.count)")
                #expect(replies.last?.contains("100 invalid lines in a row; closing the connection") == true)
                #expect(try await daemon.connect().request("registrar_status")["success"] == true)
            }
        }
    }
}
