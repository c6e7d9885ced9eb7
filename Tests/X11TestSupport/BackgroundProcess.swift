import Foundation
import Glibc
import Subprocess
import Synchronization

/// A child process that runs beside a test (Xvfb, openbox, a window farm), started through
/// swift-subprocess on a task of its own. Its standard output is kept line by line so a test can
/// wait for a readiness line. It is stopped explicitly (`stop`), never by deinit.
public final class BackgroundProcess: Sendable {
    private struct State {
        var pid: pid_t?
        var lines: [String] = []
        /// Lines before this one were consumed by earlier waits.
        var cursor = 0
        var exit: TerminationStatus?
        var launchFailure: String?
        var finished = false
    }

    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    public let name: String
    private let shared = Shared()
    private let task: Task<Void, Never>

    /// Starts `executable` (looked up in PATH unless it is a path) with `environment` added to ours.
    public init(_ executable: String, arguments: [String], environment: [String: String] = [:]) {
        name = executable
        let shared = self.shared
        let updates = Dictionary(uniqueKeysWithValues: environment.map {
            (Environment.Key(stringLiteral: $0.key), Optional($0.value))
        })
        let target: Executable = executable.contains("/") ? .path(.init(executable)) : .name(executable)
        task = Task {
            do {
                let result = try await run(
                    target, arguments: Arguments(arguments), environment: .inherit.updating(updates),
                    input: .none, output: .sequence, error: .discarded
                ) { execution in
                    shared.state.withLock { $0.pid = execution.processIdentifier.value }
                    for try await line in execution.standardOutput.strings() {
                        shared.state.withLock { $0.lines.append(line) }
                    }
                }
                shared.state.withLock { $0.exit = result.terminationStatus }
            } catch {
                shared.state.withLock { $0.launchFailure = "\(error)" }
            }
            shared.state.withLock { $0.finished = true }
        }
    }

    public var pid: pid_t? { shared.state.withLock { $0.pid } }
    public var isRunning: Bool { shared.state.withLock { !$0.finished } }
    public var terminationStatus: TerminationStatus? { shared.state.withLock { $0.exit } }
    public var outputLines: [String] { shared.state.withLock { $0.lines } }

    /// Waits for the next output line, after the one the previous wait matched, that satisfies
    /// `predicate`, the way `expect` reads a transcript.
    public func waitForLine(
        timeout: Duration = .seconds(20), where predicate: @Sendable (String) -> Bool = { _ in true }
    ) async throws -> String {
        var found: String?
        let ok = await eventually(timeout: timeout) {
            let finished = shared.state.withLock { state -> Bool in
                while state.cursor < state.lines.count {
                    let line = state.lines[state.cursor]
                    state.cursor += 1
                    if predicate(line) { found = line; break }
                }
                return state.finished
            }
            return found != nil || finished
        }
        if let found { return found }
        let failure = shared.state.withLock { $0.launchFailure }
        throw HarnessError("\(name) gave no expected output line" + (ok ? " before it ended" : " within \(timeout)")
            + (failure.map { ": \($0)" } ?? ""))
    }

    public func signal(_ signal: Int32) {
        if let pid, isRunning { kill(pid, signal) }
    }

    /// Waits until the process has ended and been reaped; false on timeout.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(10)) async -> Bool {
        await eventually(timeout: timeout) { !self.isRunning }
    }

    /// SIGTERM, then SIGKILL if it lingers; returns once it is reaped.
    public func stop() async {
        guard isRunning else { return }
        signal(SIGTERM)
        if await waitForExit(timeout: .seconds(5)) { return }
        signal(SIGKILL)
        await task.value
    }
}

/// A harness failure: the environment, not the code under test, did not behave.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
