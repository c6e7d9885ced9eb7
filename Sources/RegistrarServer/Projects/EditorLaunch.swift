import FoundationEssentials
import Glibc
import RegistrarProtocol
import Subprocess
import SystemPackage

/// Starts an editor so that it outlives the daemon: stopping or restarting the daemon (or its
/// service) never takes an editor with it. With the user's service manager running, as a
/// transient unit of its own (`systemd-run --user`, given the display and bus the daemon
/// has); otherwise in a session of its own (`setsid --fork`, so the editor is not even the
/// daemon's child). Never through a shell.
enum EditorLaunch {
    enum How: String, Sendable {
        case systemdRun = "systemd-run"
        case session
    }

    /// Variables the editor needs from the daemon's environment.
    static let passedOn = ["DISPLAY", "XAUTHORITY", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "WAYLAND_DISPLAY"]

    static func start(_ command: [String], in directory: String, unit: String) async -> Result<How, RegistrarError> {
        guard let program = command.first else { return .failure(RegistrarError(.failure, "no editor command")) }
        let arguments = Array(command.dropFirst()) + [directory]
        if userManagerRuns {
            let environment = passedOn.compactMap { name in getenv(name).map { "--setenv=\(name)=\(String(cString: $0))" } }
            let outcome = await started(["systemd-run", "--user", "--collect", "--quiet", "--unit=\(unit)",
                                         "--working-directory=\(directory)"] + environment + ["--", program] + arguments)
            if outcome == nil { return .success(.systemdRun) }
        }
        if let problem = await started(["setsid", "--fork", "env", "-C", directory, program] + arguments) {
            return .failure(RegistrarError(.failure, "cannot start \(program): \(problem)"))
        }
        return .success(.session)
    }

    /// Whether this user's service manager runs (its private socket is there).
    static var userManagerRuns: Bool {
        guard let runtime = getenv("XDG_RUNTIME_DIR").map({ String(cString: $0) }) else { return false }
        return FileManager.default.fileExists(atPath: runtime + "/systemd/private")
    }

    /// Runs a starter that returns once the editor is on its way; nil when it succeeded.
    private static func started(_ command: [String]) async -> String? {
        do {
            let result = try await Subprocess.run(.name(command[0]), arguments: Arguments(Array(command.dropFirst())),
                                                  output: .discarded, error: .string(limit: 4096))
            if case .exited(0) = result.terminationStatus { return nil }
            let said = result.standardError.split(separator: "\n").first.map(String.init)
            return said ?? "\(command[0]) failed (\(result.terminationStatus))"
        } catch {
            return "\(error)"
        }
    }
}
