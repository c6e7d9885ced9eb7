import ArgumentParser

/// The exit codes the README documents; usage errors are ArgumentParser's 64.
enum RegistrarExit {
    static let failure = ExitCode(1)
    static let noDisplay = ExitCode(3)
    static let noDaemon = ExitCode(4)
    /// `open`: the editor was launched and its window registered (0 means an existing window).
    static let launchedAndRegistered = ExitCode(10)
    /// `open`: the editor was launched, but no window registered before `--timeout`.
    static let launchedNotRegistered = ExitCode(11)
    /// `open`, `focus`: no taskspace has that UUID or name.
    static let unknownTaskspace = ExitCode(12)

    /// Prints one plain line on stderr and answers the exit code to throw.
    static func fail(_ message: String, code: ExitCode = failure) -> ExitCode {
        Console.error("symposium-registrar: \(message)")
        return code
    }
}
