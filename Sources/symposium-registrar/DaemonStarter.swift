import ArgumentParser
import FoundationEssentials
import Glibc
import Registrar
import RegistrarClient
import RegistrarProtocol

/// Whether a command that needs the daemon starts it when none serves (`--no-start`: no).
struct StartOptions: ParsableArguments {
    @Flag(name: .customLong("no-start"), help: "Do not start the daemon when none serves the socket.")
    var noStart = false

    func starter(display: String?, socketIsExplicit: Bool) -> DaemonStarter? {
        noStart ? nil : DaemonStarter(display: display, socketIsExplicit: socketIsExplicit)
    }
}

/// Starts the daemon for a command that found none, as Symposium's bridge starts its own: the
/// user unit (`systemctl --user start`) when the user's manager runs and the unit's daemon would
/// serve this socket (`UserUnitStart`), else, or when that start fails, this binary's `daemon`,
/// detached in a session of its own, its log appended to `daemon.log` in its state directory.
/// Starters that race end with one daemon: the daemon's lock and the display's selection see to
/// that. Then it waits for the socket to answer.
struct DaemonStarter: Sendable {
    let display: String?
    let socketIsExplicit: Bool

    static let patience = Duration.seconds(10)

    /// What was started and is watched while the socket is tried.
    private enum Started {
        case unit(pid_t)
        case detached(pid_t)
        /// It ended well (the unit's daemon is ready, or another starter's daemon serves).
        case settled
    }

    func start(socket: String) async throws(RegistrarError) -> RegistrarClient {
        var started: Started
        let refusal = socketIsExplicit ? "the socket was named" : await UserUnitStart.refusal(socket: socket)
        if refusal == nil, let pid = try? UserUnitStart.launch(log: Self.preparedLogPath(display: display)) {
            started = .unit(pid)
        } else {
            // Said in the log the detached daemon writes to, for whoever wonders why not the unit.
            Self.note("starting the daemon without the user unit: \(refusal ?? "systemctl could not be run")", display: display)
            started = .detached(try launchDetached(socket: socket))
        }
        let clock = ContinuousClock()
        let deadline = clock.now + Self.patience
        var lastError = RegistrarError(.noDaemon, "the daemon did not start listening on \(socket)")
        while clock.now < deadline {
            do {
                return try await RegistrarClient.connect(to: socket)
            } catch {
                guard error.code == .noDaemon else { throw error }
                lastError = error
            }
            switch started {
            case .unit(let pid):
                // A unit that is not installed, or failed to start: the daemon is started here.
                if let status = Self.exitStatus(of: pid) {
                    started = status == 0 ? .settled : .detached(try launchDetached(socket: socket))
                }
            case .detached(let pid):
                // A daemon that left at once (another registrar serves the display, say) says why in its log.
                // Exit 0: another starter's daemon serves (or is about to); keep waiting for it.
                if let status = Self.exitStatus(of: pid) {
                    guard status == 0 else {
                        throw RegistrarError(.noDaemon, "the daemon started for \(socket) left at once (status \(status)): "
                            + Self.lastLine(of: Self.logPath(display: display)))
                    }
                    started = .settled
                }
            case .settled:
                break
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        throw RegistrarError(.noDaemon, "\(lastError.message); it was started, but did not answer within "
            + "\(Self.patience.components.seconds) s (see \(Self.logPath(display: display)))")
    }

    /// How a child that ended did (its exit code, or 128 + the signal); nil while it runs.
    private static func exitStatus(of pid: pid_t) -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    private func launchDetached(socket: String) throws(RegistrarError) -> pid_t {
        let log = Self.preparedLogPath(display: display)
        let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var arguments = ["daemon", "--socket", socket]
        if let display { arguments += ["--display", display] }
        do {
            return try EditorLauncher.launch(binary, arguments: arguments, in: "/", log: log)
        } catch {
            throw RegistrarError(.failure, "cannot start the daemon: \(error)")
        }
    }

    /// Appends a line of this command's to the daemon's log.
    private static func note(_ text: String, display: String?) {
        let path = preparedLogPath(display: display)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let line = Array("symposium-registrar (pid \(getpid())): \(text)\n".utf8)
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    /// The last line of a log, for an error message.
    static func lastLine(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").last.map(String.init)?.printable ?? "(see \(path))"
    }

    /// The log's path, its directory made.
    private static func preparedLogPath(display: String?) -> String {
        let log = logPath(display: display)
        try? FileManager.default.createDirectory(atPath: log.parentDirectoryPath, withIntermediateDirectories: true)
        return log
    }

    /// `$XDG_STATE_HOME/symposium-registrar/daemon.log`, or under `~/.local/state`.
    static func logPath(display: String?) -> String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? "/tmp") + "/.local/state"
        return base + "/symposium-registrar/daemon.log"
    }
}

private extension String {
    var parentDirectoryPath: String {
        guard let slash = lastIndex(of: "/") else { return "." }
        return slash == startIndex ? "/" : String(self[..<slash])
    }
}
