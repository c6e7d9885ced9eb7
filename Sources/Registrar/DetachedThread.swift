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
