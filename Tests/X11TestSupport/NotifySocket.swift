import Foundation
import Glibc

/// The socket systemd gives a `Type=notify` service (`NOTIFY_SOCKET`): a Unix datagram socket
/// the test binds, reading what the daemon's sd_notify sends, as the service manager would.
public final class NotifySocket: Sendable {
    public let path: String
    private let descriptor: Int32

    public init(in directory: String) throws {
        path = directory + "/notify.sock"
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.utf8.prefix(bytes.count - 1).enumerated() { bytes[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard descriptor >= 0, bound == 0 else { throw HarnessError("cannot bind \(path)") }
    }

    /// The next datagram, or nil when none comes within `timeout` (read off the test's pool).
    public func next(timeout: Duration = .seconds(10)) async throws -> String? {
        let descriptor = descriptor
        return try await offPool {
            var fds = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, Int32(timeout.components.seconds * 1000)) > 0 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            return count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self) : nil
        }
    }

    /// Reads datagrams until one satisfies `predicate`; nil when none does within `timeout`.
    public func first(within timeout: Duration = .seconds(20), where predicate: (String) -> Bool) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let message = try await next(timeout: .seconds(2)) else { continue }
            if predicate(message) { return message }
        }
        return nil
    }

    deinit { close(descriptor) }
}
