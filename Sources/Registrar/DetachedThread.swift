import Glibc

/// A thread of its own for a body that blocks (the X thread sleeps in `poll`), started detached
/// with pthreads: Foundation's `Thread` is not in FoundationEssentials. `name` is for messages.
public enum DetachedThread {
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Body(body))
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            let body = Unmanaged<Body>.fromOpaque(context!).takeRetainedValue()
            body.run()
            return nil
        }, box.toOpaque())
        guard created == 0 else {
            box.release()
            fatalError("cannot start the \(name) thread: \(String(cString: strerror(created)))")
        }
        pthread_detach(thread)
    }

    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}

/// Sleeps the calling thread (never one of Swift's pool) for `duration`, signals or not.
public func sleepThread(for duration: Duration) {
    var request = timespec(tv_sec: Int(duration.components.seconds), tv_nsec: Int(duration.components.attoseconds / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
}
