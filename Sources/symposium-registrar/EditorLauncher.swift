import FoundationEssentials
import Glibc
import Registrar
import RegistrarClient

/// Starts the editor for `open`, detached in a session of its own so it outlives this command
/// and a Ctrl-C in the terminal, and never through a shell: the program and its arguments go
/// straight to `posix_spawnp`. (swift-subprocess waits for its children; an editor must not be
/// waited for.)
enum EditorLauncher {
    /// glibc's POSIX_SPAWN_SETSID, which Swift's Glibc module does not export.
    private static let setSessionID: Int16 = 0x80

    /// Starts `program` with `arguments` in `directory`; answers its pid. Its output and errors go
    /// to `log` (appended) when given.
    static func launch(_ program: String, arguments: [String], in directory: String, log: String? = nil) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, setSessionID)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let log {
            posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }

        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The child starts in `directory` (glibc's spawn-time chdir is not exported to Swift, and
        // this command does nothing else meanwhile).
        let previous = FileManager.default.currentDirectoryPath
        guard FileManager.default.changeCurrentDirectoryPath(directory) else {
            throw LaunchError(description: "cannot enter \(directory)")
        }
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, program, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw LaunchError(description: "cannot start \(program): \(String(cString: strerror(result)))")
        }
        return pid
    }

    struct LaunchError: Error, CustomStringConvertible {
        let description: String
    }

    /// Symposium's layout: the repository inside `task-<UUID>/` (its one visible directory), or
    /// the taskspace directory itself when there is none.
    static func workingDirectory(ofTaskspace directory: String) -> String { TaskspaceLayout.workingDirectory(of: directory) }
}
