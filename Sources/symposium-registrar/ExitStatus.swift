import ArgumentParser
import Glibc
import RegistrarProtocol
import X11Windows

/// The one place where failures become exit statuses (the README's table): every command
/// throws structured errors, and `SymposiumRegistrar.main` hands them here.
enum ExitStatus {
    static let failure: Int32 = 1
    static let noDisplay: Int32 = 3
    static let noDaemon: Int32 = 4
    /// `daemon`: another client took the display's manager selection without asking over the socket.
    static let displaced: Int32 = 5
    /// Any command: the socket is served by another user.
    static let strangerSocket: Int32 = 6
    /// `daemon`: another registrar serves the display (it holds the manager selection). The
    /// user unit lists it in `RestartPreventExitStatus=`: restarting would be refused again.
    static let displayServed: Int32 = 7
    /// `status --check`: the daemon serves, with problems (one line each on stdout).
    static let unhealthy: Int32 = 8
    /// `stack on|status`: stacking is on, but the window manager did not put the windows at
    /// the stack's rectangle (a tiling manager, most often).
    static let stackNotEffective: Int32 = 9
    /// `open`: the editor was launched, but no window registered before `--timeout`.
    static let launchedNotRegistered: Int32 = 11
    /// `open`, `focus`: no taskspace has that UUID or name.
    static let unknownTaskspace: Int32 = 12

    static func code(for code: RegistrarError.Code) -> Int32 {
        switch code {
        case .noDaemon: noDaemon
        case .displaced: displaced
        case .strangerSocket: strangerSocket
        case .displayServed: displayServed
        case .unknownTaskspace: unknownTaskspace
        case .editorNeverRegistered: launchedNotRegistered
        case .outputClosed: 0
        default: failure
        }
    }

    /// Says what went wrong in one line on stderr (unless there is nothing worth saying) and
    /// exits; ArgumentParser's own errors (usage, help, `ExitCode`) keep its handling.
    static func exit(for error: any Error) -> Never {
        switch error {
        case let error as RegistrarError:
            if error.code != .outputClosed { Console.error("symposium-registrar: \(error.message)") }
            Glibc.exit(code(for: error.code))
        case let error as XDisplayError:
            Console.error("symposium-registrar: \(error.description)")
            Glibc.exit(noDisplay)
        default:
            SymposiumRegistrar.exit(withError: error)
        }
    }
}
