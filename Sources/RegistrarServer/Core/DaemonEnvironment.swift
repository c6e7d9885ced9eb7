import FoundationEssentials
import Glibc
import Logging
import X11Windows

/// What the daemon takes from outside: where windows come from, how they are brought to the
/// front, the clock its timers run on, where its state is kept, and how message ids are made.
/// The live environment talks to X and disk; in-process tests pass doubles and a manual clock.
public struct DaemonEnvironment<C: Clock>: Sendable where C.Duration == Duration {
    public var windows: any WindowSource
    public var activator: any WindowActivator
    public var clock: C
    public var store: any StateStore
    /// Ids for the messages the daemon sends of its own accord (roll calls).
    public var makeID: @Sendable () -> String
    /// Where the attention an agent asks for is shown besides the window manager.
    public var notifier: any DesktopNotifier
    /// Keeps stacked windows together (Symposium's stacked windows).
    public var stacker: any WindowStacker

    public init(windows: any WindowSource, activator: any WindowActivator, clock: C, store: any StateStore,
                makeID: @escaping @Sendable () -> String, notifier: any DesktopNotifier = NoNotifier(),
                stacker: any WindowStacker = NoStacker()) {
        self.windows = windows
        self.activator = activator
        self.clock = clock
        self.store = store
        self.makeID = makeID
        self.notifier = notifier
        self.stacker = stacker
    }
}

extension DaemonEnvironment where C == ContinuousClock {
    /// The display and the state file the configuration names.
    public static func live(_ configuration: DaemonConfiguration, logger: Logger) -> DaemonEnvironment {
        let claim = configuration.claimsSelection ? SelectionClaim(replace: configuration.replace) : nil
        return DaemonEnvironment(
            windows: WindowWatcher(displayName: configuration.display, selection: claim, logger: logger),
            activator: XWindowActivator(displayName: configuration.display),
            clock: ContinuousClock(),
            store: FileStateStore(path: configuration.stateFile, logger: logger),
            makeID: { UUID().uuidString.lowercased() },
            notifier: configuration.notifications ? SessionBusNotifier() : NoNotifier(),
            stacker: StackKeeper(displayName: configuration.display))
    }
}
