import FoundationEssentials
import Glibc
import Registrar
import Synchronization

/// The state the X thread writes and every other thread reads: the index, the status and the
/// subscribers. Changes are applied and broadcast under one lock, so a subscriber never sees an
/// event that disagrees with the index it can read.
final class WatcherShared: Sendable {
    private struct State {
        var index = WindowIndex()
        var status: WatcherStatus
        var subscribers: [UInt64: WatcherEvents.Channel] = [:]
        var nextSubscriberID: UInt64 = 0
        var stopRequested = false
        var finished = false
        var finishWaiters: [@Sendable () -> Void] = []
    }

    private let state: Mutex<State>
    /// Windows muted for a title storm now (kept apart: it changes without being news).
    private let muted = Atomic<Int>(0)
    /// Protocol errors on the watcher's connections so far.
    let xErrors = XErrorTally()

    init(display: String) {
        state = Mutex(State(status: WatcherStatus(connection: .connecting, since: Date(), display: display, reconnects: 0)))
    }

    // MARK: Readers

    var status: WatcherStatus {
        var status = state.withLock { $0.status }
        status.mutedWindows = muted.load(ordering: .relaxed)
        status.protocolErrors = xErrors.value
        if status.isConnected, let heardAt = heardAt.withLock({ $0 }) {
            let silence = ContinuousClock.now - heardAt
            if silence > ServerPing.silenceLimit { status.silentSince = Date(timeIntervalSinceNow: -silence.inSeconds) }
        }
        return status
    }

    /// When the X thread last heard from the server on this connection (nil between
    /// connections). Read by `status` at the moment it is asked: a thread stuck in a round trip
    /// with a server that stopped answering cannot say so itself.
    private let heardAt = Mutex<ContinuousClock.Instant?>(nil)

    func noteHeard(at instant: ContinuousClock.Instant?) { heardAt.withLock { $0 = instant } }

    /// Probes of the X thread (`WindowWatcher.answersPromptly`): asked, and answered by the
    /// thread at the top of each turn of its loop. A thread blocked in a round trip answers none.
    private let probesAsked = Atomic<UInt64>(0)
    private let probesAnswered = Atomic<UInt64>(0)

    func askProbe() -> UInt64 { probesAsked.add(1, ordering: .relaxed).newValue }
    func answerProbes() { probesAnswered.store(probesAsked.load(ordering: .relaxed), ordering: .relaxed) }
    func probeAnswered(_ probe: UInt64) -> Bool { probesAnswered.load(ordering: .relaxed) >= probe }

    func setMuted(_ count: Int) { muted.store(count, ordering: .relaxed) }
    var index: WindowIndex { state.withLock { $0.index } }
    func withIndex<T>(_ body: (WindowIndex) -> T) -> T { state.withLock { body($0.index) } }

    // MARK: Subscribers

    func subscribe() -> WatcherEvents {
        let id = state.withLock { state -> UInt64 in
            defer { state.nextSubscriberID += 1 }
            return state.nextSubscriberID
        }
        let (events, channel) = WatcherEvents.make { [weak self] in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        let finished = state.withLock { state -> Bool in
            channel.yield(.status(state.status))
            if !state.finished { state.subscribers[id] = channel }
            return state.finished
        }
        if finished { channel.finish() }
        return events
    }

    // MARK: Writers (the X thread)

    /// Applies `body` to the index and broadcasts the changes it reports.
    @discardableResult
    func mutateIndex(_ body: (inout WindowIndex) -> [WindowChange]) -> [WindowChange] {
        state.withLock { state in
            let changes = body(&state.index)
            for change in changes {
                for subscriber in state.subscribers.values { subscriber.yield(.window(change)) }
            }
            return changes
        }
    }

    func setConnection(_ connection: WatcherStatus.Connection, countsAsReconnect: Bool = false, serverID: String? = nil) {
        state.withLock { state in
            guard state.status.connection != connection || (serverID != nil && serverID != state.status.serverID) else { return }
            state.status.connection = connection
            if let serverID { state.status.serverID = serverID }
            state.status.since = Date()
            if countsAsReconnect { state.status.reconnects += 1 }
            for subscriber in state.subscribers.values { subscriber.yield(.status(state.status)) }
        }
    }

    func setActiveWindow(_ window: WindowID?) {
        state.withLock { state in
            guard state.status.activeWindow != window else { return }
            state.status.activeWindow = window
            for subscriber in state.subscribers.values { subscriber.yield(.status(state.status)) }
        }
    }

    func setSelection(_ selection: SelectionState) {
        state.withLock { state in
            guard state.status.selection != selection else { return }
            state.status.selection = selection
            for subscriber in state.subscribers.values { subscriber.yield(.status(state.status)) }
        }
    }

    // MARK: Lifecycle

    var stopRequested: Bool { state.withLock { $0.stopRequested } }

    func requestStop() { state.withLock { $0.stopRequested = true } }

    func finish() {
        // Finishing a stream runs its termination handler, which takes this lock: finish outside it.
        let (subscribers, waiters) = state.withLock { state in
            state.finished = true
            defer {
                state.subscribers.removeAll()
                state.finishWaiters.removeAll()
            }
            return (Array(state.subscribers.values), state.finishWaiters)
        }
        subscribers.forEach { $0.finish() }
        waiters.forEach { $0() }
    }

    /// The X thread's current connection's socket (-1 between connections), so a stop can
    /// shut it down under a thread blocked on a server that does not answer.
    /// Set and cleared under the lock that shuts it down, so a stop never shuts down a
    /// descriptor number the process has since given to something else.
    private let connectionSocket = Mutex<Int32>(-1)

    func setConnectionSocket(_ fd: Int32) { connectionSocket.withLock { $0 = fd } }

    /// Shuts the connection's socket down: a round trip waiting on it fails at once.
    func abandonConnection() {
        connectionSocket.withLock { fd in
            if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Waits until the X thread has finished, at most `limit`; answers whether it did.
    func waitUntilFinished(within limit: Duration) async -> Bool {
        let once = OnceAnswer<Bool>()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            once.wait(continuation)
            let alreadyDone = state.withLock { state -> Bool in
                if state.finished { return true }
                state.finishWaiters.append { once.give(true) }
                return false
            }
            if alreadyDone {
                once.give(true)
                return
            }
            DetachedThread.start(name: "x11-stop-wait") {
                sleepThread(for: limit)
                once.give(false)
            }
        }
    }

    func waitUntilFinished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyDone = state.withLock { state -> Bool in
                if state.finished { return true }
                state.finishWaiters.append { continuation.resume() }
                return false
            }
            if alreadyDone { continuation.resume() }
        }
    }
}
