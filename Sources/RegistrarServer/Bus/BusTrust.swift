import Glibc

/// Whether Symposium's bus may make the registrar act on the user's files and desktop (spawn
/// and delete taskspaces). The bus relays lines without saying who sent them, and its socket
/// in `/tmp` takes its mode from the starting process's umask: only a socket this user owns and
/// nobody else may write to (connect to) keeps strangers' lines off it. Checked, not assumed,
/// at every join.
enum BusTrust {
    /// Why the bus may not make the registrar act; nil when it may.
    static func refusal(for path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return "cannot stat \(path): \(String(cString: strerror(errno)))" }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else { return "\(path) is not a socket" }
        guard info.st_uid == getuid() else { return "\(path) belongs to uid \(info.st_uid), not to this user (uid \(getuid()))" }
        let writableByOthers = info.st_mode & (S_IWGRP | S_IWOTH)
        guard writableByOthers == 0 else {
            return "\(path) has mode \(String(info.st_mode & 0o777, radix: 8)): other users can send on it"
        }
        return nil
    }
}
