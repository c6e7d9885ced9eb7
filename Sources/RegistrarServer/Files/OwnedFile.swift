import FoundationEssentials
import Glibc
import RegistrarProtocol

/// Opening the daemon's own files (the instance lock, the state file) so that nobody else's can
/// stand in for them: never through a symbolic link (`O_NOFOLLOW`; a planted link would have
/// the daemon write or read its target), and only a regular file this user owns.
enum OwnedFile {
    /// The descriptor of `path`, checked; nil when it does not exist and `flags` does not create it.
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o600, what: String) throws(RegistrarError) -> Int32? {
        // Without blocking: a FIFO put there would otherwise hold the opener until written to.
        let fd = Glibc.open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode)
        guard fd >= 0 else {
            let error = errno
            if error == ENOENT, flags & O_CREAT == 0 { return nil }
            if error == ELOOP {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { " to \($0)" } ?? ""
                throw RegistrarError(.startup, "refusing \(what) \(path): it is a symbolic link\(target); remove it")
            }
            throw RegistrarError(.startup, "cannot open \(what) \(path): \(String(cString: strerror(error)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = errno
            close(fd)
            throw RegistrarError(.startup, "cannot inspect \(what) \(path): \(String(cString: strerror(error)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw RegistrarError(.startup, "refusing \(what) \(path): it is not a regular file")
        }
        // Regular files never block; reads and writes go on as usual.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        guard info.st_uid == getuid() else {
            close(fd)
            throw RegistrarError(.startup, "refusing \(what) \(path): it belongs to uid \(info.st_uid), not to this user (uid \(getuid()))")
        }
        return fd
    }

    /// The whole content of `path`, checked as `open` does; nil when it does not exist. At
    /// most `limit` bytes (the state file at the documented limits is about 85 MB).
    static func read(_ path: String, what: String, limit: Int = 128 << 20) throws(RegistrarError) -> Data? {
        guard let fd = try open(path, flags: O_RDONLY, what: what) else { return nil }
        defer { close(fd) }
        return try BoundedFile.readAll(fd, path: path, limit: limit)
    }
}
