import CSystemd
import Glibc
import Registrar
import Synchronization

/// Desktop notifications through `org.freedesktop.Notifications` on the session bus, with
/// sd-bus (libsystemd). One thread owns the bus connection, as the X thread owns the display:
/// sd-bus is not thread-safe, and a call waits only that thread (2 s at most). Requests reach it
/// through a queue and a wake-up pipe; the server's signals (`ActionInvoked`,
/// `NotificationClosed`) come back as `events`. Without a session bus or a server it says why
/// (`state`), and tries again at the next notification or after 30 s.
public final class SessionBusNotifier: DesktopNotifier {
    private enum Command: Sendable {
        case show(DesktopNotification, @Sendable (Result<UInt32, NotifierUnavailable>) -> Void)
        case close(UInt32)
        case stop
    }

    /// What the thread and its callers share.
    private final class Shared: Sendable {
        let commands = Mutex<[Command]>([])
        let state = Mutex(NotifierState(name: "unavailable", reason: "not connected yet"))
        let wakeFDs: (read: Int32, write: Int32)
        let events: AsyncStream<NotificationEvent>
        let continuation: AsyncStream<NotificationEvent>.Continuation

        init() {
            var fds: [Int32] = [-1, -1]
            _ = pipe(&fds)
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
            wakeFDs = (fds[0], fds[1])
            (events, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(256))
        }

        func send(_ command: Command) {
            commands.withLock { $0.append(command) }
            var byte: UInt8 = 1
            _ = write(wakeFDs.write, &byte, 1)
        }
    }

    private let shared = Shared()
    private let appName: String

    public init(appName: String = "symposium-registrar") {
        self.appName = appName
        let shared = shared
        let name = appName
        DetachedThread.start(name: "session-bus") { SessionBusThread(shared: shared, appName: name).run() }
    }

    public var events: AsyncStream<NotificationEvent> { shared.events }
    public var state: NotifierState { shared.state.withLock { $0 } }

    public func show(_ notification: DesktopNotification) async -> Result<UInt32, NotifierUnavailable> {
        await withCheckedContinuation { continuation in
            shared.send(.show(notification) { continuation.resume(returning: $0) })
        }
    }

    public func close(_ id: UInt32) async { shared.send(.close(id)) }

    /// Ends the thread; waiting requests are answered unavailable.
    public func stop() { shared.send(.stop) }

    /// The thread's side: the bus connection and the loop around it.
    private struct SessionBusThread {
        let shared: Shared
        let appName: String

        func run() {
            var bus: OpaquePointer?
            var retryAt = ContinuousClock.now
            defer {
                if let bus { sd_bus_flush_close_unref(bus) }
                shared.continuation.finish()
            }
            while true {
                let commands = shared.commands.withLock { commands in
                    defer { commands.removeAll() }
                    return commands
                }
                for (index, command) in commands.enumerated() {
                    switch command {
                    case .stop:
                        // Whatever else waits is answered: nobody is left to show it.
                        let rest = Array(commands.dropFirst(index + 1)) + shared.commands.withLock { $0 }
                        for case .show(_, let answer) in rest { answer(.failure(NotifierUnavailable("notifications stopped"))) }
                        return
                    case .show(let notification, let answer):
                        if bus == nil { bus = connect(); retryAt = .now + .seconds(30) }
                        guard let bus else {
                            answer(.failure(NotifierUnavailable(shared.state.withLock { $0.reason ?? "no session bus" })))
                            continue
                        }
                        answer(NotificationCalls.notify(bus, appName: appName, notification))
                    case .close(let id):
                        if let bus { NotificationCalls.close(bus, id) }
                    }
                }
                if bus == nil, ContinuousClock.now >= retryAt {
                    bus = connect()
                    retryAt = .now + .seconds(30)
                }
                if let connected = bus {
                    var processed: Int32 = 1
                    while processed > 0 { processed = sd_bus_process(connected, nil) }
                    if processed < 0 {
                        sd_bus_flush_close_unref(connected)
                        bus = nil
                        shared.state.withLock { $0 = NotifierState(name: "unavailable", reason: "the session bus went away") }
                    }
                }
                wait(on: bus, until: bus == nil ? retryAt : nil)
            }
        }

        /// Opens the session bus and watches the notification server's signals.
        private func connect() -> OpaquePointer? {
            var bus: OpaquePointer?
            let opened = sd_bus_open_user(&bus)
            guard opened >= 0, let bus else {
                shared.state.withLock { $0 = NotifierState(name: "unavailable", reason: "no session bus: \(String(cString: strerror(-opened)))") }
                return nil
            }
            let match = "type='signal',sender='org.freedesktop.Notifications',interface='org.freedesktop.Notifications',"
                + "path='/org/freedesktop/Notifications'"
            let userdata = Unmanaged.passUnretained(shared).toOpaque()
            _ = sd_bus_add_match(bus, nil, match, { message, userdata, _ in
                guard let message, let userdata else { return 0 }
                let shared = Unmanaged<Shared>.fromOpaque(userdata).takeUnretainedValue()
                if let event = NotificationCalls.event(from: message) { shared.continuation.yield(event) }
                return 0
            }, userdata)
            switch NotificationCalls.serverInformation(bus) {
            case .success(let server):
                let actions = NotificationCalls.capabilities(bus).contains("actions")
                shared.state.withLock { $0 = NotifierState(name: "connected", server: server, actions: actions) }
            case .failure(let why):
                shared.state.withLock { $0 = NotifierState(name: "unavailable", reason: "no notification server: \(why)") }
            }
            return bus
        }

        /// Sleeps until the bus or a request wants attention, or `deadline`.
        private func wait(on bus: OpaquePointer?, until deadline: ContinuousClock.Instant?) {
            var fds = [pollfd(fd: shared.wakeFDs.read, events: Int16(POLLIN), revents: 0)]
            var timeout: Int32 = deadline.map { Int32(max(0, ($0 - .now).inSeconds * 1000).rounded(.up)) } ?? -1
            if let bus {
                fds.append(pollfd(fd: sd_bus_get_fd(bus), events: Int16(sd_bus_get_events(bus)), revents: 0))
                var usec: UInt64 = 0
                if sd_bus_get_timeout(bus, &usec) >= 0, usec != UInt64.max {
                    var now = timespec()
                    clock_gettime(CLOCK_MONOTONIC, &now)
                    let nowUsec = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec / 1000)
                    let due = Int32(min(UInt64(Int32.max), usec > nowUsec ? (usec - nowUsec + 999) / 1000 : 0))
                    timeout = timeout < 0 ? due : min(timeout, due)
                }
            }
            _ = poll(&fds, nfds_t(fds.count), timeout)
            var drain = [UInt8](repeating: 0, count: 64)
            while read(shared.wakeFDs.read, &drain, drain.count) > 0 {}
        }
    }
}
