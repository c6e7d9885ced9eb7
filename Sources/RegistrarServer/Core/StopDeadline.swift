import Glibc
import Logging
import Registrar
import Synchronization

/// A stop that always ends. Once the daemon starts to stop, a thread of its own (not Swift's
/// pool, which a stuck service may hold) waits `limit`; if the stop has not ended by then (a
/// hung X server, a disk that does not answer), the daemon leaves at once. A second SIGTERM or
/// SIGINT leaves at once too. Leaving removes the socket file; the state file was written on
/// every change, so at most the last 50 ms of changes are not in it. Only a daemon that owns its
/// process (it handles SIGTERM and SIGINT) arms it; one run inside a test never ends its host.
final class StopDeadline: Sendable {
    private let armed = Atomic<Bool>(false)
    private let ended = Atomic<Bool>(false)
    private let socketPath: String
    private let logger: Logger

    init(socketPath: String, logger: Logger) {
        self.socketPath = socketPath
        self.logger = logger
    }

    /// The stop has begun: it has `limit` to end. Later calls change nothing.
    func start(_ limit: Duration) {
        guard !armed.exchange(true, ordering: .relaxed) else { return }
        DetachedThread.start(name: "stop-deadline") { [self] in
            sleepThread(for: limit)
            guard !ended.load(ordering: .relaxed) else { return }
            leave("the stop did not end within \(limit.secondsText) s")
        }
    }

    /// The stop ended by itself: the deadline does nothing.
    func finish() { ended.store(true, ordering: .relaxed) }

    /// Leaves now (a second signal, or the deadline passed).
    func leave(_ why: String) -> Never {
        logger.error("leaving at once: \(why)")
        unlink(socketPath)
        _exit(0)
    }
}
