import FoundationEssentials
import Glibc
import Logging
import Registrar
import Synchronization

/// The live window index of one display: every client window and its title, kept current by X
/// events on a thread of its own, with markers looked up by hashing. It survives the X server:
/// when the server goes away it reports itself disconnected and reconnects with back-off.
public final class WindowWatcher: Sendable {
    private let shared: WatcherShared
    private let wake = WakeUpSignal()
    private let requestedDisplay: String?
    private let logger: Logger
    private let started = Mutex(false)
    private let selection: SelectionClaim?

    /// `displayName` nil means `$DISPLAY`, read at each connection attempt. With `selection`
    /// the watcher claims the registrar's manager selection on every connection.
    public init(displayName: String?, selection: SelectionClaim? = nil, logger: Logger = Logger(label: "symposium-registrar.x11")) {
        let shown = displayName ?? ProcessInfo.processInfo.environment["DISPLAY"] ?? ""
        self.shared = WatcherShared(display: shown)
        self.requestedDisplay = displayName
        self.selection = selection
        self.logger = logger
    }

    /// Starts the X thread; later calls do nothing.
    public func start() {
        guard started.withLock({ started in defer { started = true }; return !started }) else { return }
        DetachedThread.start(name: "x11-watcher") { [shared, wake, requestedDisplay, selection, logger] in
            WatcherLoop(shared: shared, wake: wake, requestedDisplay: requestedDisplay, selection: selection, logger: logger).run()
        }
    }

    /// Ends the X thread and waits for it; subscribers' streams finish. A thread blocked on a
    /// server that does not answer gets `limit`, then its socket is shut down under it, and
    /// after another `limit` it is left behind: a stop never waits on the X server.
    public func stop(within limit: Duration) async {
        shared.requestStop()
        wake.signal()
        if await shared.waitUntilFinished(within: limit) { return }
        logger.warning("x11: the X server does not answer; abandoning the connection")
        shared.abandonConnection()
        if await shared.waitUntilFinished(within: limit) { return }
        shared.finish()  // left behind: the streams end all the same
    }

    public var status: WatcherStatus { shared.status }

    /// Whether the X thread takes a turn of its loop within `limit` when woken: false when it
    /// is blocked (in a round trip with a server that does not answer, say). A display that is
    /// merely away still answers: the thread waits for it on its wake-up pipe.
    public func answersPromptly(within limit: Duration) async -> Bool {
        let probe = shared.askProbe()
        wake.signal()
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if shared.probeAnswered(probe) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return shared.probeAnswered(probe)
    }

    /// A copy of the whole index at this moment.
    public var snapshot: WindowIndex { shared.index }

    public func windows(with marker: Marker) -> [WindowRecord] { shared.withIndex { $0.windows(with: marker) } }

    public func window(_ id: WindowID) -> WindowRecord? { shared.withIndex { $0[id] } }

    /// Every status change and window change from now on, starting with the current status.
    public func events() -> WatcherEvents { shared.subscribe() }

    /// Waits until the watcher is connected (or `timeout` passes) and answers its status.
    public func waitUntilConnected(timeout: Duration) async -> WatcherStatus {
        let events = events()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in events {
                    if case .status(let status) = event, status.isConnected { return }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return status
    }
}
