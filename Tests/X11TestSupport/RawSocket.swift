import Foundation
import Glibc

/// A plain blocking Unix-socket client, for sending bytes no well-behaved client would send.
public final class RawSocket: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []

    public init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.utf8.prefix(bytes.count - 1).enumerated() { bytes[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw HarnessError("connect \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes all of `data`; throws when the peer has closed.
    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                guard written > 0 else { throw HarnessError("send: \(String(cString: strerror(errno)))") }
                offset += written
            }
        }
    }

    /// The next line, or nil at end of stream or after `timeout` seconds. Waited for off the
    /// cooperative pool (two threads on two cores, shared by every test running): a test that
    /// blocked one of them in `poll` stalled every other test's tasks.
    public func readLine(timeout: Double) async -> String? {
        (try? await offPool { self.readLineBlocking(timeout: timeout) }) ?? nil
    }

    /// Whether the peer closed the connection within `timeout` seconds (lines it sent first are
    /// read and dropped); waited for off the cooperative pool.
    public func closedByPeer(within timeout: Double) async -> Bool {
        (try? await offPool { self.closedByPeerBlocking(within: timeout) }) ?? false
    }

    /// How many of `sockets` the peer closed, each given `timeout` seconds in turn; waited for
    /// off the cooperative pool.
    public static func closedByPeer(_ sockets: [RawSocket], within timeout: Double) async -> Int {
        (try? await offPool { sockets.filter { $0.closedByPeerBlocking(within: timeout) }.count }) ?? 0
    }

    private func readLineBlocking(timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(remaining * 1000)) > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }

    private func closedByPeerBlocking(within timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(deadline.timeIntervalSinceNow * 1000)) > 0 else { return false }
            var chunk = [UInt8](repeating: 0, count: 65536)
            if recv(fd, &chunk, chunk.count, 0) <= 0 { return true }
        }
        return false
    }

    public func close() { Glibc.close(fd) }

    /// Bytes received and not read yet (`FIONREAD`).
    public var bytesWaiting: Int {
        var count: Int32 = 0
        _ = ioctl(fd, UInt(FIONREAD), &count)
        return Int(count)
    }
}

extension RawSocket {
    /// Reads and discards everything the daemon sends, on a thread of its own, counting lines;
    /// `drained` reports how many arrived and whether the connection has ended.
    /// `key` picks what to remember of each line (`keys` holds the distinct ones).
    public func drainInBackground(key: (@Sendable (String) -> String?)? = nil) -> LineCounter {
        let counter = LineCounter(key: key)
        let thread = Thread { [self] in
            while true {
                guard let line = self.readLineBlocking(timeout: 3600) else { break }
                counter.add(line)
            }
            counter.finish()
        }
        thread.start()
        return counter
    }
}

/// Lines a draining reader has seen.
public final class LineCounter: @unchecked Sendable {
    private let key: (@Sendable (String) -> String?)?
    public init(key: (@Sendable (String) -> String?)? = nil) { self.key = key }
    private let lock = NSLock()
    private var lines = 0
    private var distinct: Set<String> = []
    private var ended = false
    private var sample: [String] = []

    public func add(_ line: String) {
        lock.lock()
        lines += 1
        if sample.count < 20 { sample.append(line) }
        if let value = key?(line) { distinct.insert(value) }
        lock.unlock()
    }

    func finish() {
        lock.lock()
        ended = true
        lock.unlock()
    }

    public var count: Int { lock.lock(); defer { lock.unlock() }; return lines }
    public var hasEnded: Bool { lock.lock(); defer { lock.unlock() }; return ended }
    public var firstLines: [String] { lock.lock(); defer { lock.unlock() }; return sample }
    public var keys: Set<String> { lock.lock(); defer { lock.unlock() }; return distinct }
}

/// The private anonymous memory process `pid` holds (`RssAnon`), in KiB, from /proc: the heap
/// and stacks the process itself owns, not its code pages or shared libraries, which VmRSS counts
/// and which a process can make look smaller without holding less.
public func anonymousKiB(of pid: pid_t) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("RssAnon:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
}
