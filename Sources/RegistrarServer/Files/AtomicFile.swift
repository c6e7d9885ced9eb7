import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol

/// Whole-file replacement that a crash cannot tear: the bytes go to a temporary file beside
/// the target, are flushed to disk, and the temporary file is renamed over the target. A reader
/// sees the old file or the new one, never a mix.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o600) throws(RegistrarError) {
        try write(to: path, mode: mode) { write in
            write(data)
            return true
        }
    }

    /// The same, for content made piece by piece: `produce` hands each piece to the writer it
    /// gets, so a file of 80 MB is never whole in memory, and answers false when it could not
    /// make it all (the target is then left as it was). A failed piece stops the rest.
    public static func write(to path: String, mode: mode_t = 0o600,
                             _ produce: (_ write: (Data) -> Void) -> Bool) throws(RegistrarError) {
        let directory = path.parentDirectory
        let temporary = "\(directory.isEmpty ? "." : directory)/.\(path.lastPathComponent).\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        var writeError: Int32?
        let made = produce { piece in
            guard writeError == nil else { return }
            writeError = piece.withUnsafeBytes { WholeWrite.write($0, to: fd) }
        }
        guard made else {
            close(fd)
            unlink(temporary)
            throw RegistrarError(.file, "cannot make the content of \(path); left as it was")
        }
        if let writeError { errno = writeError }
        let ok = writeError == nil && fsync(fd) == 0
        let error = errno
        close(fd)
        guard ok else {
            unlink(temporary)
            errno = error
            throw failure("cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
        // The rename itself is durable only once the directory is flushed.
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// Removes temporary files a writer killed mid-write left beside `path`: those whose
    /// writer (the pid in the name) is no longer running, so another process writing the same
    /// file now (a registrar of another display, say) keeps its own.
    public static func removeLeftovers(of path: String) {
        let directory = path.parentDirectory
        let prefix = ".\(path.lastPathComponent)."
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            let writer = entry.dropFirst(prefix.count).split(separator: ".").first.flatMap { pid_t($0) }
            if let writer, writer != getpid(), kill(writer, 0) == 0 || errno == EPERM { continue }
            unlink((directory.isEmpty ? "." : directory) + "/" + entry)
        }
    }

    private static func failure(_ what: String) -> RegistrarError {
        RegistrarError(.file, "\(what): \(String(cString: strerror(errno)))")
    }
}
