import Foundation
import Glibc
import RegistrarServer

/// A daemon run to its end with its exit status and output kept, for tests of how a daemon
/// leaves (displaced, refused). Unlike `DaemonProcess`, whose stderr is not kept, it is awaited
/// like a command.
public struct DaemonRun: Sendable {
    public let socket: String
    private let run: Task<RegistrarCommand.Result, any Error>

    /// Starts `daemon` with its socket and state file named `name` in `directory`, and waits
    /// until its socket exists.
    public static func start(name: String, in directory: String, display: String) async throws -> DaemonRun {
        let socket = directory + "/\(name).sock"
        let arguments = ["daemon", "--socket", socket, "--state-file", directory + "/\(name).json", "--symposium-bus", "off"]
        let run = Task { try await RegistrarCommand.run(arguments, display: display) }
        guard await eventually(timeout: .seconds(20), { FileManager.default.fileExists(atPath: socket) }) else {
            throw HarnessError("daemon \(name) never made its socket")
        }
        return DaemonRun(socket: socket, run: run)
    }

    /// How it ended. Should it still serve after `timeout` (the socket still there), it is sent
    /// SIGTERM, so that a test expecting it to leave fails instead of hanging.
    public func result(within timeout: Duration = .seconds(30)) async throws -> RegistrarCommand.Result {
        if !(await eventually(timeout: timeout) { !FileManager.default.fileExists(atPath: socket) }) {
            if let pid = InstanceLock.readRecord(socketPath: socket)?.pid { kill(pid, SIGTERM) }
        }
        return try await run.value
    }
}
