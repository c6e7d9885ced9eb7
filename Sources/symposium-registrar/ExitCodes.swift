import ArgumentParser

/// The exit codes the README documents; usage errors are ArgumentParser's 64.
enum RegistrarExit {
    static let failure = ExitCode(1)
    static let noDisplay = ExitCode(3)
    static let noDaemon = ExitCode(4)

    /// Prints one plain line on stderr and answers the exit code to throw.
    static func fail(_ message: String, code: ExitCode = failure) -> ExitCode {
        Console.error("symposium-registrar: \(message)")
        return code
    }
}
