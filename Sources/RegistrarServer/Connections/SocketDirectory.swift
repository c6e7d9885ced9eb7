import FoundationEssentials
import Glibc
import RegistrarProtocol

/// The rules for the directory a socket lives in (PROTOCOL.md section 1): created 0700 when
/// missing; refused when another user owns it or others may write into it, unless it is a
/// sticky world-writable directory like `/tmp` holding an explicitly named socket. The runtime
/// directory a default socket lives under (`$XDG_RUNTIME_DIR`) is held to the same rules first:
/// whoever may write there may swap the registrar's own directory for theirs.
public enum SocketDirectory {
    public static func prepare(socketPath: String, explicit: Bool, runtimeDirectory: String? = nil) throws(RegistrarError) {
        let directory = socketPath.parentDirectory
        guard !directory.isEmpty else { return }
        if let runtimeDirectory, !explicit {
            try check(runtimeDirectory, explicit: false, role: "the runtime directory ($XDG_RUNTIME_DIR) ")
        }
        if mkdir(directory, 0o700) != 0, errno == ENOENT {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw RegistrarError(.startup, "cannot create the socket's directory \(directory): \(error)")
            }
        }
        try check(directory, explicit: explicit, role: "")
    }

    private static func check(_ directory: String, explicit: Bool, role: String) throws(RegistrarError) {
        var info = stat()
        guard lstat(directory, &info) == 0 else {
            throw RegistrarError(.startup, "cannot inspect \(directory): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw RegistrarError(.startup, "\(directory) is not a directory") }
        let sticky = info.st_mode & S_ISVTX != 0
        if sticky && explicit { return }
        guard info.st_uid == getuid() else {
            throw RegistrarError(.startup, "refusing \(role)\(directory): it belongs to uid \(info.st_uid), not to this user (uid \(getuid())); another user could replace the socket")
        }
        guard info.st_mode & (S_IWGRP | S_IWOTH) == 0 else {
            throw RegistrarError(.startup, "refusing \(role)\(directory): others may write into it (mode \(String(info.st_mode & 0o7777, radix: 8))); run `chmod go-w \(directory)` or choose another --socket")
        }
    }
}
