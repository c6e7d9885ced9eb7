import Foundation
import Registrar
import Synchronization
import X11Windows

/// A `WindowSource` double that a test scripts: it connects, shows, retitles and destroys
/// windows when told, and reports each change to its subscribers exactly as the live watcher
/// does (status first, changes in order). No X server is involved.
public final class ScriptedWindowSource: WindowSource {
    private struct State {
        var index = WindowIndex()
        var status: WatcherStatus
        var subscribers: [UInt64: WatcherEvents.Channel] = [:]
        var nextSubscriber: UInt64 = 0
        var stopped = false
    }

    private let state: Mutex<State>

    public init(display: String = ":test") {
        state = Mutex(State(status: WatcherStatus(connection: .connecting, since: Date(), display: display, reconnects: 0)))
    }

    public var status: WatcherStatus { state.withLock { $0.status } }

    /// The first subscriber's channel (the daemon's pump): how far it has read.
    public var firstSubscriber: WatcherEvents.Channel? { state.withLock { $0.subscribers[0] } }

    public func events() -> WatcherEvents {
        let (events, channel) = WatcherEvents.make()
        state.withLock { state in
            channel.yield(.status(state.status))
            if state.stopped {
                channel.finish()
            } else {
                state.subscribers[state.nextSubscriber] = channel
                state.nextSubscriber += 1
            }
        }
        return events
    }

    public func windows(with marker: Marker) -> [WindowRecord] { state.withLock { $0.index.windows(with: marker) } }
    public func window(_ id: WindowID) -> WindowRecord? { state.withLock { $0.index[id] } }
    /// The script drives it; starting does nothing.
    public func start() {}

    public func stop() async {
        let subscribers = state.withLock { state in
            state.stopped = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        subscribers.forEach { $0.finish() }
    }

    // MARK: Script

    /// Connected to a server with identity `serverID`, with an EWMH manager or without one.
    public func connect(serverID: String? = "server-1", manager: String? = "test-wm", selection: SelectionState? = nil) {
        let mode: DiscoveryMode = manager.map { .ewmh(WindowManagerInfo(checkWindow: WindowID(0x100001), name: $0)) } ?? .treeWalk
        setStatus { status in
            status.connection = .connected(mode)
            status.serverID = serverID
            status.selection = selection
        }
    }

    public func disconnect(reason: String = "X server connection lost") {
        setStatus { $0.connection = .disconnected(reason: reason) }
    }

    /// A window appears with `title`, or an existing one is retitled; its stamp stays unless
    /// one is given.
    public func show(_ window: WindowID, title: String, stamp: String? = nil) {
        change { $0.update(window, title: title, stamp: stamp ?? $0[window]?.stamp) }
    }

    /// The window went and another took its id while nobody watched: after a reconnection the
    /// index shows the new one under the old id, without a stamp.
    public func reuse(_ window: WindowID, title: String) {
        change { $0.update(window, title: title, stamp: nil) }
    }

    /// The registrar's stamp lands on `window`, as a property change on a real display would.
    public func stamp(_ window: WindowID, taskspace: String) {
        change { index in index[window].flatMap { index.update(window, title: $0.title, stamp: taskspace) } }
    }

    /// The window manager makes `window` the active one (`_NET_ACTIVE_WINDOW`).
    public func activate(_ window: WindowID?) {
        setStatus { $0.activeWindow = window }
    }

    public func destroy(_ window: WindowID) {
        change { $0.remove(window) }
    }

    private func change(_ body: (inout WindowIndex) -> WindowChange?) {
        state.withLock { state in
            guard let change = body(&state.index) else { return }
            Self.broadcast(.window(change), in: &state)
        }
    }

    private static func broadcast(_ event: WatcherEvent, in state: inout State) {
        for subscriber in state.subscribers.values { subscriber.yield(event) }
    }

    private func setStatus(_ body: (inout WatcherStatus) -> Void) {
        state.withLock { state in
            body(&state.status)
            state.status.since = Date()
            Self.broadcast(.status(state.status), in: &state)
        }
    }
}
