import Glibc

/// What a path is, asked of the kernel (`stat`, following links): FoundationEssentials'
/// `fileExists(atPath:isDirectory:)` wants an `ObjCBool` it does not offer on Linux.
public enum FileKind {
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// A directory itself, not a symbolic link to one (`lstat`): a `task-<UUID>` that links to
    /// `.` would have the daemon write into the project's root.
    public static func isRealDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
