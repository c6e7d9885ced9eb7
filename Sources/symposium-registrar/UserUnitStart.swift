import FoundationEssentials
import Glibc
import Registrar
import Subprocess

/// Starting the daemon through the user unit, where that gives the daemon the command waits
/// for: the user's service manager runs, and the unit's daemon (which takes the manager's
/// `DISPLAY` and listens on that display's default socket) would listen on the very socket the
/// command asks. Whether the unit is installed is `systemctl`'s to say: a start that fails
/// (not installed, or failing) leaves the command to start the daemon itself.
enum UserUnitStart {
    static let unit = "symposium-registrar.service"

    /// Why the unit would not serve `socket`, or nil when it would.
    static func refusal(socket: String) async -> String? {
        guard let runtime = getenv("XDG_RUNTIME_DIR").map({ String(cString: $0) }),
              FileManager.default.fileExists(atPath: runtime + "/systemd/private") else {
            return "no user service manager runs"
        }
        guard let environment = await managerEnvironment(within: .seconds(2)) else {
            return "systemctl --user show-environment failed or did not answer"
        }
        let served = SocketLocation.defaultPath(display: environment["DISPLAY"] ?? "", environment: environment, uid: getuid())
        guard served == socket else {
            return "the unit's daemon would listen on \(served) (the manager's DISPLAY is \(environment["DISPLAY"] ?? "unset"))"
        }
        return nil
    }

    /// `systemctl --user start` of the unit, not waited for here: it returns once the daemon is
    /// ready (`Type=notify`) or failed, which the caller learns from its exit status. What it
    /// says goes to `log` (the daemon's log when started without the unit), not to the command's
    /// output.
    static func launch(log: String) throws -> pid_t {
        try EditorLauncher.launch("systemctl", arguments: ["--user", "start", unit], in: "/", log: log)
    }

    /// The manager's environment, nil when it does not answer within `limit` (a manager that
    /// hangs must not hold up the command, which then starts the daemon itself).
    private static func managerEnvironment(within limit: Duration) async -> [String: String]? {
        await withinLimit(limit) { await managerEnvironment() }
    }

    /// The manager's environment (`systemctl --user show-environment`: `NAME=value` lines).
    private static func managerEnvironment() async -> [String: String]? {
        guard let result = try? await Subprocess.run(.name("systemctl"), arguments: ["--user", "show-environment"],
                                                     output: .string(limit: 1 << 20), error: .discarded),
              case .exited(0) = result.terminationStatus else { return nil }
        var environment: [String: String] = [:]
        for line in result.standardOutput.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            environment[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return environment
    }
}
