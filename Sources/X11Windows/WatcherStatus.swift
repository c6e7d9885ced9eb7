import Registrar
import FoundationEssentials
import Glibc

/// The X side's health as consumers see it: connected (and how windows are found), or not and
/// since when. The IPC side keeps serving whatever this says.
public struct WatcherStatus: Hashable, Sendable {
    public enum Connection: Hashable, Sendable {
        case connecting
        case connected(DiscoveryMode)
        case disconnected(reason: String)
    }

    public var connection: Connection
    /// When `connection` last changed.
    public var since: Date
    /// The display asked for (`--display` or `$DISPLAY`).
    public var display: String
    /// Connections made after the first: each one rebuilt the index.
    public var reconnects: Int
    /// The identity of the X server last connected to (see `_SYMPOSIUM_REGISTRAR_SERVER_ID`):
    /// a different one after a reconnect means a new server, whose window ids are all new.
    public var serverID: String?
    /// Where the watcher stands with the manager selection, when it claims one.
    public var selection: SelectionState?
    /// Windows retitled so fast that they are polled instead of watched (`TitleStormGuard`).
    public var mutedWindows = 0
    /// The window the manager says is active (`_NET_ACTIVE_WINDOW`), followed by events: the
    /// user looking at a taskspace's window acknowledges what its agent asked them.
    public var activeWindow: WindowID?
    /// Connected, but the server has said nothing since then, a ping included (`ServerPing`):
    /// stopped or hung. Filled in when the status is read, not broadcast.
    public var silentSince: Date?
    /// X protocol errors the watcher's connections got (BadWindow for a vanished window, most
    /// often). Filled in when the status is read, not broadcast.
    public var protocolErrors = 0

    public init(connection: Connection, since: Date, display: String, reconnects: Int, serverID: String? = nil,
                selection: SelectionState? = nil) {
        self.connection = connection
        self.since = since
        self.display = display
        self.reconnects = reconnects
        self.serverID = serverID
        self.selection = selection
    }

    public var isConnected: Bool {
        if case .connected = connection { return true }
        return false
    }

    public var mode: DiscoveryMode? {
        if case .connected(let mode) = connection { return mode }
        return nil
    }
}

/// What a subscriber to the watcher receives, in the order it happened.
public enum WatcherEvent: Hashable, Sendable {
    case status(WatcherStatus)
    case window(WindowChange)
}
