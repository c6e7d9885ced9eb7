/// A desktop notification the registrar shows for a taskspace whose agent waits for the user
/// (`signal_user`): one per taskspace, replaced rather than stacked.
public struct DesktopNotification: Sendable, Equatable {
    public var summary: String
    public var body: String
    /// The notification this one replaces (0: a new one).
    public var replaces: UInt32
    /// Action keys with their labels; `default` is what activating the notification does.
    public var actions: [(key: String, label: String)]

    public init(summary: String, body: String, replaces: UInt32 = 0, actions: [(key: String, label: String)] = []) {
        self.summary = summary
        self.body = body
        self.replaces = replaces
        self.actions = actions
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.summary == rhs.summary && lhs.body == rhs.body && lhs.replaces == rhs.replaces
            && lhs.actions.map(\.key) == rhs.actions.map(\.key) && lhs.actions.map(\.label) == rhs.actions.map(\.label)
    }
}

/// What the notification server says back: the user chose an action, or a notification closed.
public enum NotificationEvent: Sendable, Equatable {
    case actionInvoked(id: UInt32, key: String)
    case closed(id: UInt32)
}

/// Where desktop notifications go: `org.freedesktop.Notifications` on the session bus in the
/// daemon (`SessionBusNotifier`), a recording double in tests. Showing one never fails the
/// request that asked for it; without a bus or a server the answer says why.
public protocol DesktopNotifier: Sendable {
    /// Shows (or replaces) the notification; answers its id, or why none was shown.
    func show(_ notification: DesktopNotification) async -> Result<UInt32, NotifierUnavailable>
    func close(_ id: UInt32) async
    /// The server's answers, in order, for the one consumer that reacts to them.
    var events: AsyncStream<NotificationEvent> { get }
    /// `connected`, or why notifications cannot be shown, for `status`.
    var state: NotifierState { get }
}

public struct NotifierUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public struct NotifierState: Sendable, Equatable {
    /// `connected`, `unavailable` or `off`.
    public var name: String
    public var reason: String?
    /// The server's name and version, once asked (`GetServerInformation`).
    public var server: String?
    /// Whether it shows actions (the `actions` capability): a deletion's Delete/Keep need them.
    public var actions: Bool

    public init(name: String, reason: String? = nil, server: String? = nil, actions: Bool = false) {
        self.name = name
        self.reason = reason
        self.server = server
        self.actions = actions
    }
}

/// No notifications at all (`--no-notifications`): `status` says so.
public struct NoNotifier: DesktopNotifier {
    public init() {}
    public func show(_ notification: DesktopNotification) async -> Result<UInt32, NotifierUnavailable> {
        .failure(NotifierUnavailable("notifications are off (--no-notifications)"))
    }
    public func close(_ id: UInt32) async {}
    public var events: AsyncStream<NotificationEvent> { AsyncStream { $0.finish() } }
    public var state: NotifierState { NotifierState(name: "off", reason: "--no-notifications") }
}
