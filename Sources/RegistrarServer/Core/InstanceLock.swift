import FoundationEssentials
import Glibc
import RegistrarProtocol

/// The exclusive `flock` on `<socket>.lock` that makes one daemon the owner of a socket path,
/// and the record it keeps there (pid, socket, display, start, heartbeat, X state) for people
/// and for `status`. The kernel releases the lock when the holder dies however it dies, so a
/// crash never leaves a stale lock behind; the lock file itself is never removed, since
/// removing a lock file races with the next holder.
public final class InstanceLock: InstanceRecordWriter {
    public let path: String
    private let fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    /// The lock for `socketPath`, or nil when another process holds it.
    public static func acquire(socketPath: String) throws(RegistrarError) -> InstanceLock? {
        let path = socketPath + ".lock"
        guard let fd = try OwnedFile.open(path, flags: O_RDWR | O_CREAT, what: "the lock file") else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let error = errno
            close(fd)
            if error == EWOULDBLOCK { return nil }
            throw RegistrarError(.startup, "cannot lock \(path): \(String(cString: strerror(error)))")
        }
        return InstanceLock(path: path, fd: fd)
    }

    /// Replaces the record. Written in place (a rename would break the lock's inode); the
    /// record is advisory, so a reader that catches a half-written one just tries again.
    public func write(_ record: InstanceRecord) throws(RegistrarError) {
        guard let data = try? JSONEncoder.sorted.encode(record) else { return }
        let written = data.withUnsafeBytes { ftruncate(fd, 0) == 0 ? pwrite(fd, $0.baseAddress, $0.count, 0) : -1 }
        guard written == data.count else {
            throw RegistrarError(.file, written < 0 ? String(cString: strerror(errno)) : "short write")
        }
    }

    public var location: String { path }

    /// The record the current or last holder wrote, if it can be read.
    public static func readRecord(socketPath: String) -> InstanceRecord? {
        guard let data = try? OwnedFile.read(socketPath + ".lock", what: "the lock file") else { return nil }
        return try? JSONDecoder().decode(InstanceRecord.self, from: data)
    }
}

/// What the lock holder says about itself.
public struct InstanceRecord: Codable, Sendable, Equatable {
    public var pid: Int32
    public var socket: String
    public var display: String
    public var startedAt: String
    public var heartbeat: String
    public var x11: String

    enum CodingKeys: String, CodingKey {
        case pid, socket, display, x11
        case startedAt = "started_at"
        case heartbeat
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
