import Glibc

/// A file's identity and last change (inode, size, modification time): a different stamp means
/// the file was replaced or written since it was last read.
struct FileStamp: Hashable, Sendable {
    let inode: UInt64
    let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int

    /// The stamp of `path`, nil when it cannot be read.
    static func of(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStamp(inode: UInt64(info.st_ino), size: Int64(info.st_size), modifiedSeconds: info.st_mtim.tv_sec,
                         modifiedNanoseconds: info.st_mtim.tv_nsec)
    }
}
