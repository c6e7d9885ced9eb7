import Glibc
import RegistrarProtocol
import Registrar
import RegistrarClient

/// Unbuffered writes to standard output and error, so a line is out before the process waits
/// or exits, whoever reads it. A reader that went away (`| head -1`) ends the command quietly:
/// the write throws `outputClosed`, which the exit map turns into a silent exit.
enum Console {
    static func out(_ text: String) throws(RegistrarError) {
        guard let failure = write(text, to: STDOUT_FILENO) else { return }
        if failure == EPIPE { throw RegistrarError(.outputClosed, "standard output was closed") }
        throw RegistrarError(.failure, "cannot write to standard output: \(String(cString: strerror(failure)))")
    }

    /// One whole line on standard error; nothing to be done when that fails too.
    static func error(_ line: String, newline: Bool = true) {
        _ = write(line + (newline ? "\n" : ""), to: STDERR_FILENO)
    }

    /// Writes all of `text`; answers the errno that stopped it, or nil.
    private static func write(_ text: String, to descriptor: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { WholeWrite.write(UnsafeRawBufferPointer($0), to: descriptor) }
    }
}
