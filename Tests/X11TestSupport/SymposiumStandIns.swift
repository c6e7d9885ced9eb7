import Foundation
import Registrar

/// The test fixtures that play Symposium's own components (`Tests/Fixtures`): its bus and its
/// bridge, written from the facts PROTOCOL.md section 8 gives of the real ones.
public enum SymposiumStandIns {
    public static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)").path
    }
}

/// Symposium's bus (`symposium-mcp daemon`) on `path`: verbatim relay to every connection, the
/// sender included, `#` lines and `log` not relayed, gone `idle` seconds after its last client.
public final class SymposiumBus: Sendable {
    public let path: String
    public let process: BackgroundProcess

    private init(path: String, process: BackgroundProcess) {
        self.path = path
        self.process = process
    }

    /// Starts it and waits until it listens. `runAs` runs it through `setpriv` as that user.
    public static func start(path: String, idle: Double = 30, runAs user: (uid: UInt32, gid: UInt32)? = nil) async throws -> SymposiumBus {
        let script = SymposiumStandIns.fixture("symposium_bus.py")
        let process = if let user {
            // The system's Python: another user cannot use a per-user interpreter setup.
            BackgroundProcess("/usr/bin/setpriv", arguments: ["--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups",
                                                              "/usr/bin/python3", script, path, String(idle)])
        } else {
            BackgroundProcess("python3", arguments: [script, path, String(idle)])
        }
        _ = try await process.waitForLine { $0 == "listening on \(path)" }
        return SymposiumBus(path: path, process: process)
    }

    public func stop() async { await process.stop() }
}

/// Symposium's bridge (`symposium-mcp client --identity-prefix <prefix>`) on the bus at `path`,
/// as the extension drives it: lines in on standard input, lines out on standard output.
public final class SymposiumBridge: Sendable {
    public let process: BackgroundProcess

    public init(bus path: String, prefix: String = "vscode") {
        process = BackgroundProcess("python3", arguments: [SymposiumStandIns.fixture("symposium_bridge.py"), path, prefix])
    }

    public func send(_ envelope: Envelope) { process.send(envelope.encodedLine()) }

    /// The next message from the bus that satisfies `predicate`.
    public func next(timeout: Duration = .seconds(10), where predicate: @escaping @Sendable (JSONValue) -> Bool) async -> JSONValue? {
        let line = try? await process.waitForLine(timeout: timeout) { line in
            (try? JSONLine.decode(line)).map(predicate) ?? false
        }
        return line.flatMap { try? JSONLine.decode($0) }
    }

    public func stop() async { await process.stop() }
}
