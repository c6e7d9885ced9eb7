import NIOCore
import Registrar
import RegistrarProtocol
import RegistrarServer
import Testing

/// Lines end at `\n` only (PROTOCOL.md section 2): CR, VT and FF inside a line stay in it.
@Suite struct FramingTests {
    private func lines(_ chunks: [String]) throws -> [String] {
        var framer = NewlineFramer()
        var buffer = ByteBuffer()
        var out: [String] = []
        for chunk in chunks {
            buffer.writeString(chunk)
            while let line = try framer.decode(buffer: &buffer) { out.append(String(buffer: line)) }
        }
        while let line = try framer.decodeLast(buffer: &buffer, seenEOF: true) { out.append(String(buffer: line)) }
        return out
    }

    @Test func onlyALineFeedEndsALine() throws {
        let message = "{\"id\":\"1\",\r\"type\":\"x\",\u{0B}\u{0C}\"payload\":{}}"
        #expect(try lines([message + "\n", "second\r\n", "last"]) == [message, "second\r", "last"])
    }

    @Test func aLineArrivingInPiecesIsWholeOnce() throws {
        #expect(try lines(["{\"a\":", "1", "}\n{\"b\"", ":2}\n"]) == ["{\"a\":1}", "{\"b\":2}"])
    }

    /// A JSON line with a CR between its tokens is one message (JSON allows CR as white space);
    /// split at the CR it would have been two errors.
    @Test func aCarriageReturnBetweenTokensKeepsTheMessageWhole() throws {
        let line = try #require(try lines(["{\"type\":\"note\",\r\"id\":\"n1\",\"payload\":{}}\n"]).first)
        guard case .message(let message) = IncomingLine(text: line) else {
            Issue.record("not read as a message: \(line.debugDescription)")
            return
        }
        #expect(message.id == "n1")
    }
}
