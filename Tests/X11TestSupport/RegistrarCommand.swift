import Foundation
import Glibc
import Subprocess
import SystemPackage

/// Runs the built `symposium-registrar` binary, as a person or script would.
public enum RegistrarCommand {
    public struct Result: Sendable {
        public let exitCode: Int32?
        public let standardOutput: String
        public let standardError: String
    }

    /// `$SYMPOSIUM_REGISTRAR_BIN`, else the binary SwiftPM built beside the test bundle.
    public static var binaryPath: String {
        if let explicit = ProcessInfo.processInfo.environment["SYMPOSIUM_REGISTRAR_BIN"] { return explicit }
        let testBundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBundle.deletingLastPathComponent().appendingPathComponent("symposium-registrar").path
    }

    /// Runs it with `arguments`; `display` nil removes DISPLAY from its environment, as a nil
    /// value in `environment` removes that variable.
    public static func run(
        _ arguments: [String], display: String?, environment: [String: String?] = [:], input: String = "",
        binary: String? = nil
    ) async throws -> Result {
        var updates: [Environment.Key: String?] = ["DISPLAY": display]
        for (key, value) in environment { updates[Environment.Key(stringLiteral: key)] = value }
        let result = try await Subprocess.run(
            .path(.init(binary ?? binaryPath)), arguments: Arguments(arguments),
            environment: .inherit.updating(updates), input: .string(input),
            output: .string(limit: 256 << 20), error: .string(limit: 1 << 20))
        let code: Int32? = if case .exited(let code) = result.terminationStatus { code } else { nil }
        return Result(exitCode: code, standardOutput: result.standardOutput, standardError: result.standardError)
    }

    /// Runs it with standard output a pipe nobody reads any more (its read end closed), as
    /// `| head -1` leaves it once head has its line; answers how it ended and its stderr.
    public static func runIntoClosedPipe(
        _ arguments: [String], display: String?, input: String = ""
    ) async throws -> (status: TerminationStatus, standardError: String) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw HarnessError("pipe failed") }
        close(ends[0])
        let result = try await Subprocess.run(
            .path(.init(binaryPath)), arguments: Arguments(arguments),
            environment: .inherit.updating(["DISPLAY": display]), input: .string(input),
            output: .fileDescriptor(FileDescriptor(rawValue: ends[1]), closeAfterSpawningProcess: true),
            error: .string(limit: 1 << 20))
        return (result.terminationStatus, result.standardError)
    }

    /// The release binary `scripts/test.sh` built (`$SYMPOSIUM_REGISTRAR_RELEASE_BIN`), else
    /// the one beside the test bundle: for a test that pushes a daemon to its limits, which a
    /// debug build takes many times longer to serve, loading the machine under the other tests.
    public static var fastestBinaryPath: String {
        ProcessInfo.processInfo.environment["SYMPOSIUM_REGISTRAR_RELEASE_BIN"] ?? binaryPath
    }

    /// Starts it (or `binary`) in the background, for commands that keep running.
    public static func start(_ arguments: [String], display: String, binary: String? = nil,
                             environment: [String: String] = [:]) -> BackgroundProcess {
        BackgroundProcess(binary ?? binaryPath, arguments: arguments,
                          environment: environment.merging(["DISPLAY": display]) { _, display in display })
    }
}
