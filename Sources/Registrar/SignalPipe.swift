import Glibc

/// Signals turned into work on a thread of its own, with the handler in place when `install`
/// returns. A dispatch signal source sets the signal to SIG_IGN at once but registers itself
/// with the kernel later, on another thread: a signal arriving in between is dropped, which for
/// `handshake` meant a SIGINT that left the marker in the title, and for the daemon a SIGTERM
/// in its first milliseconds that was lost. Here a plain `sigaction`
/// handler writes the signal's number into a pipe (all it may safely do), and a thread reading
/// the pipe runs `handle`.
public enum SignalPipe {
    /// The pipe's write end, read by the handler; set once, before any handler is installed.
    nonisolated(unsafe) private static var writeEnd: Int32 = -1

    public static func install(_ signals: [Int32], handle: @escaping @Sendable (Int32) -> Void) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        ends.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        writeEnd = ends[1]
        let readEnd = ends[0]
        DetachedThread.start(name: "signals") {
            var number: Int32 = 0
            while true {
                let count = read(readEnd, &number, MemoryLayout<Int32>.size)
                if count < 0, errno == EINTR { continue }
                guard count == MemoryLayout<Int32>.size else { return }
                handle(number)
            }
        }
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var number = number
                _ = write(SignalPipe.writeEnd, &number, MemoryLayout<Int32>.size)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
        }
    }
}
