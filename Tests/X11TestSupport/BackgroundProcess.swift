import Foundation
import Glibc
import Subprocess
import Synchronization
import SystemPackage

/// A child process that runs beside a test (Xvfb, openbox, a window farm), started through
/// swift-subprocess on a task of its own. Its standard output is kept line by line so a test can
/// wait for a readiness line, and its standard input is a pipe the test may write lines into.
/// It is stopped explicitly (`stop`), never by deinit.
public final class BackgroundProcess: Sendable {
    private struct State {
        var pid: pid_t?
        var lines: [String] = []
        /// Lines before this one were consumed by earlier waits.
        var cursor = 0
        var exit: TerminationStatus?
        var launchFailure: String?
        var finished = false
        /// Signals asked for before the pid was known: the task that spawns the child learns
        /// it only when it next runs, which on a busy machine can be after the child has done
        /// what the test waited for. They are sent the moment it is known.
        var pendingSignals: [Int32] = []
    }

    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    public let name: String
    private let shared = Shared()
    private let task: Task<Void, Never>
    /// The write end of the child's standard input; -1 once closed.
    private let input: Mutex<Int32>

    /// Starts `executable` (looked up in PATH unless it is a path) with `environment` added to ours.
    public init(_ executable: String, arguments: [String], environment: [String: String] = [:]) {
        name = executable
        let shared = self.shared
        let updates = Dictionary(uniqueKeysWithValues: environment.map {
            (Environment.Key(stringLiteral: $0.key), Optional($0.value))
        })
        let target: Executable = executable.contains("/") ? .path(.init(executable)) : .name(executable)
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { ends = [open("/dev/null", O_RDONLY), -1] }
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        input = Mutex(ends[1])
        let readEnd = FileDescriptor(rawValue: ends[0])
        task = Task {
            do {
                let result = try await run(
                    target, arguments: Arguments(arguments), environment: .inherit.updating(updates),
                    input: .fileDescriptor(readEnd, closeAfterSpawningProcess: true), output: .sequence, error: .discarded
                ) { execution in
                    let pid = execution.processIdentifier.value
                    let pending = shared.state.withLock { state -> [Int32] in
                        state.pid = pid
                        defer { state.pendingSignals = [] }
                        return state.pendingSignals
                    }
                    for signal in pending { kill(pid, signal) }
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
        let (failure, exit) = shared.state.withLock { ($0.launchFailure, $0.exit) }
        throw HarnessError("\(name) gave no expected output line" + (ok ? " before it ended" : " within \(timeout)")
            + (exit.map { " (\($0))" } ?? "") + (failure.map { ": \($0)" } ?? ""))
    }

    /// Writes `line` and a line break to the child's standard input.
    public func send(_ line: String) {
        input.withLock { fd in
            guard fd >= 0 else { return }
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        }
    }

    /// Ends the child's standard input.
    public func closeInput() {
        input.withLock { fd in
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
    }

    /// Sends `signal`, at once or, when the spawning task has not yet learnt the pid, as soon
    /// as it does.
    public func signal(_ signal: Int32) {
        let pid = shared.state.withLock { state -> pid_t? in
            guard !state.finished else { return nil }
            if state.pid == nil { state.pendingSignals.append(signal) }
            return state.pid
        }
        if let pid { kill(pid, signal) }
    }

    /// Waits until the process has ended and been reaped; false on timeout.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(10)) async -> Bool {
        await eventually(timeout: timeout) { !self.isRunning }
    }

    /// The child as the kernel shows it, for messages: its state letter (`R`, `S`, `D` for a
    /// wait no signal interrupts, `Z` unreaped) and where it waits; "gone" once reaped.
    public var kernelState: String {
        guard let pid, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return "gone" }
        let state = String(stat[stat.index(close, offsetBy: 2)...].prefix(1))
        let wchan = (try? String(contentsOfFile: "/proc/\(pid)/wchan", encoding: .utf8)) ?? "?"
        return "\(state) in \(wchan.isEmpty ? "0" : wchan)"
    }

    /// SIGTERM, then SIGKILL if it lingers; returns once it is reaped.
    public func stop() async {
        closeInput()
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
