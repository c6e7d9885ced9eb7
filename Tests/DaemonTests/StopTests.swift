import Foundation
import Glibc
import Registrar
import Testing
import X11TestSupport

/// A stop always ends: with the X server stopped, under a burst of connects, and a duration
/// that cannot be one is refused before anything starts.
@Suite(.timeLimit(.minutes(5))) struct StopTests {
    static let taskspace = "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d"

    /// Xvfb SIGSTOPped, then SIGTERM: the daemon leaves with 0, its state written, although
    /// the X server never answers again before it is gone.
    @Test func sigtermWithTheXServerStoppedEndsWithTheStateWritten() async throws {
        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                let client = try await daemon.connect()
                #expect(try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(Self.taskspace), "name": "kept"])["success"] == true)
                await client.close()
                server.signalXServer(SIGSTOP)
                defer { server.signalXServer(SIGCONT) }
                daemon.process.signal(SIGTERM)
                let exited = await daemon.process.waitForExit(timeout: .seconds(30))
                #expect(exited, "still running 30 s after SIGTERM with X stopped")
                #expect(daemon.exitCode == 0)
                let state = try JSONLine.decode(String(decoding: try Data(contentsOf: URL(fileURLWithPath: daemon.stateFile)), as: UTF8.self))
                #expect(state["taskspaces"]?.arrayValue?.first?["name"] == "kept")
            }
        }
    }

    /// Clients connecting in a loop while SIGTERM arrives: five stops, five clean exits (no
    /// trap for channels accepted while the listener closed).
    @Test func fiveStopsUnderAConnectBurstEachEndCleanly() async throws {
        try await withXServer { server in
            for round in 0 ..< 5 {
                try await withDaemon(on: server) { daemon in
                    let socket = daemon.socket
                    let stop = StopFlag()
                    let connector = Thread {
                        while !stop.isSet {
                            if let raw = try? RawSocket(path: socket) {
                                try? raw.write(Data("{\"type\":\"registrar_status\",\"id\":\"b\",\"payload\":{}}\n".utf8))
                                raw.close()
                            }
                        }
                    }
                    connector.start()
                    try await Task.sleep(for: .milliseconds(300))
                    daemon.process.signal(SIGTERM)
                    let exited = await daemon.process.waitForExit(timeout: .seconds(30))
                    stop.set()
                    #expect(exited, "round \(round): still running 30 s after SIGTERM")
                    #expect(daemon.process.terminationStatus == .exited(0), "round \(round): \(String(describing: daemon.process.terminationStatus))")
                }
            }
        }
    }

    /// `echo <request> | client`: the client writes one line and half-closes at once; the line
    /// is answered every time (it must be read by the connection's handler, never before it).
    @Test func aLineSentWithAnImmediateHalfCloseIsAlwaysAnswered() async throws {
        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                let status = #"{"type":"registrar_status","id":"s","payload":{}}"# + "\n"
                for round in 0 ..< 30 {
                    let result = try await daemon.command(["client"], input: status)
                    #expect(result.exitCode == 0, "round \(round): \(result.standardError)")
                    #expect(result.standardOutput.contains(#""id":"s""#), "round \(round): no answer")
                }
            }
        }
    }

    @Test func durationsThatCannotBeOneAreRefusedByEveryCommand() async throws {
        for (arguments, option) in [(["daemon", "--idle-timeout", "inf"], "idle-timeout"),
                                    (["daemon", "--registration-timeout", "1e300"], "registration-timeout"),
                                    (["daemon", "--stop-timeout", "nan"], "stop-timeout"),
                                    (["open", "x", "--timeout", "inf"], "timeout"),
                                    (["handshake", "--taskspace", Self.taskspace, "--timeout=-1"], "timeout")] {
            let run = try await RegistrarCommand.run(arguments, display: ":0")
            #expect(run.exitCode == 64, "\(arguments): \(run.standardError)")
            #expect(run.standardError.contains("--\(option) must be a number of seconds"), "\(arguments): \(run.standardError)")
        }
    }
}

/// A flag a plain thread polls.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
