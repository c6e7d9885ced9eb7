import Glibc

/// A self-pipe the X thread polls beside the X socket, so other threads can wake it (to stop, or
/// to run a request) without touching the display.
final class WakeUpSignal: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        precondition(pipe(&ends) == 0, "pipe failed: errno \(errno)")
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    /// The descriptor to poll for `POLLIN`.
    var fileDescriptor: Int32 { readEnd }

    func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }

    /// Sleeps until signalled or until `timeout` passes.
    func wait(timeout: Duration) {
        var pollFD = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        let (seconds, attoseconds) = timeout.components
        _ = poll(&pollFD, 1, Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        drain()
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }
}
