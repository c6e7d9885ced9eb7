import Registrar

/// Where the daemon learns about windows: a stream of changes and the connection's health,
/// plus lookups. `WindowWatcher` is the live one over X; tests drive a double of their own,
/// so everything above this seam runs without an X server.
public protocol WindowSource: Sendable {
    /// Every status change and window change from now on, starting with the current status.
    /// Subscribe before `start` to see every window appear.
    func events() -> WatcherEvents
    var status: WatcherStatus { get }
    func windows(with marker: Marker) -> [WindowRecord]
    func window(_ id: WindowID) -> WindowRecord?
    /// Starts watching; later calls do nothing.
    func start()
    /// Stops watching; every subscriber's stream finishes.
    func stop() async
    /// Whether the thread behind the source takes a turn within `limit` (the watchdog's check).
    func answersPromptly(within limit: Duration) async -> Bool
}

extension WindowWatcher: WindowSource {
    public func stop() async { await stop(within: .milliseconds(500)) }
}

/// How a window was brought to the front.
public enum WindowActivation: String, Sendable, Hashable {
    /// `_NET_ACTIVE_WINDOW` sent to the window manager.
    case ewmh
    /// Mapped, raised and given the input focus directly: no manager supports
    /// `_NET_ACTIVE_WINDOW`, or the one asked did not activate the window.
    case direct
}

/// Brings windows to the front. The live one talks to X on a thread of its own; tests use a
/// double that records what was asked.
extension WindowSource {
    /// Whether the source's thread answers within `limit` (`WindowWatcher`); sources without one
    /// always do.
    public func answersPromptly(within limit: Duration) async -> Bool { true }
}

public protocol WindowActivator: Sendable {
    /// Answers how the window was activated and whether it ended up focused; throws when the
    /// display is unavailable or the window is gone.
    func activate(_ window: WindowID) async throws(XActionError) -> ActivationOutcome

    /// Leaves `taskspace`'s stamp on `window` (`WindowStamp`), so that it can be told from a
    /// window that reuses its id; a failure (the window went) leaves nothing to do.
    func stamp(_ window: WindowID, taskspace: String) async

    /// Asks the window manager to show `windows` as demanding attention, or to stop
    /// (`WindowControl.setDemandsAttention`); windows that went are skipped.
    func demandAttention(_ windows: [WindowID], _ demands: Bool) async

    /// Asks `window` to close as its close button would (`WindowControl.requestClose`);
    /// answers how, or nil when it could not be asked (gone, or it takes no close request).
    func requestClose(_ window: WindowID) async -> WindowControl.CloseRequest?
}

/// Why a one-shot action on the display failed.
public enum XActionError: Error, Sendable, Hashable, CustomStringConvertible {
    case displayUnavailable(String)
    case windowGone(WindowID)

    public var description: String {
        switch self {
        case .displayUnavailable(let reason): "X display unavailable: \(reason)"
        case .windowGone(let window): "window \(window.hex) is gone"
        }
    }
}
