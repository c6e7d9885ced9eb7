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
/// user unit (`systemctl --user start`) when it is installed, the user's manager runs and the
/// socket is the unit's; else this binary's `daemon`, detached in a session of its own, its log
/// appended to `daemon.log` in its state directory. Starters that race end with one daemon: the
/// daemon's lock and the display's selection see to that. Then it waits for the socket to answer.
struct DaemonStarter: Sendable {
    let display: String?
    let socketIsExplicit: Bool

    static let patience = Duration.seconds(10)

    func start(socket: String) async throws(RegistrarError) -> RegistrarClient {
        var child: pid_t?
        if !socketIsExplicit, Self.unitIsUsable {
            _ = await Self.run(["systemctl", "--user", "start", "symposium-registrar.service"])
        } else {
            child = try launchDetached(socket: socket)
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
            // A daemon that left at once (another registrar serves the display, say) says why in its log.
            var status: Int32 = 0
            if let pid = child, waitpid(pid, &status, WNOHANG) == pid {
                child = nil
                // Exit 0: another starter's daemon serves (or is about to); keep waiting for it.
                let exited = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                if exited != 0 {
                    throw RegistrarError(.noDaemon, "the daemon started for \(socket) left at once (status \(exited)): "
                        + Self.lastLine(of: Self.logPath(display: display)))
                }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        throw RegistrarError(.noDaemon, "\(lastError.message); it was started, but did not answer within "
            + "\(Self.patience.components.seconds) s (see \(Self.logPath(display: display)))")
    }

    private func launchDetached(socket: String) throws(RegistrarError) -> pid_t {
        let log = Self.logPath(display: display)
        try? FileManager.default.createDirectory(atPath: log.parentDirectoryPath, withIntermediateDirectories: true)
        let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var arguments = ["daemon", "--socket", socket]
        if let display { arguments += ["--display", display] }
        do {
            return try EditorLauncher.launch(binary, arguments: arguments, in: "/", log: log)
        } catch {
            throw RegistrarError(.failure, "cannot start the daemon: \(error)")
        }
    }

    /// The last line of a log, for an error message.
    static func lastLine(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").last.map(String.init)?.printable ?? "(see \(path))"
    }

    /// The user unit is installed and the user's manager runs.
    static var unitIsUsable: Bool {
        guard let runtime = getenv("XDG_RUNTIME_DIR").map({ String(cString: $0) }),
              FileManager.default.fileExists(atPath: runtime + "/systemd/private") else { return false }
        let home = getenv("HOME").map { String(cString: $0) } ?? ""
        return ["/usr/lib/systemd/user", "/etc/systemd/user", home + "/.config/systemd/user", home + "/.local/share/systemd/user"]
            .contains { FileManager.default.fileExists(atPath: $0 + "/symposium-registrar.service") }
    }

    /// `$XDG_STATE_HOME/symposium-registrar/daemon.log`, or under `~/.local/state`.
    static func logPath(display: String?) -> String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? "/tmp") + "/.local/state"
        return base + "/symposium-registrar/daemon.log"
    }

    private static func run(_ command: [String]) async -> Bool {
        (try? EditorLauncher.launch(command[0], arguments: Array(command.dropFirst()), in: "/")).map { pid in
            var status: Int32 = 0
            return waitpid(pid, &status, 0) == pid && status == 0
        } ?? false
    }
}

private extension String {
    var parentDirectoryPath: String {
        guard let slash = lastIndex(of: "/") else { return "." }
        return slash == startIndex ? "/" : String(self[..<slash])
    }
}
