import Glibc

/// `write(2)` until every byte is out, across short writes and EINTR: what a file that must be
/// whole and a standard output that must not lose a line both need.
public enum WholeWrite {
    /// Answers the errno that stopped the write, or nil when every byte was written.
    public static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }
}
