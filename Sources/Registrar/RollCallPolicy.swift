/// When roll calls go out (PROTOCOL.md section 5): once shortly after start-up and then every
/// interval for taskspaces without a window, at once when a taskspace loses its last window,
/// and on request. Pure: every call takes the current instant and answers the roll calls due,
/// so a thin loop sleeps until `nextDeadline` and tests drive hours with a manual clock.
public struct RollCallPolicy<C: Clock>: Sendable where C.Duration == Duration {
    public struct Configuration: Sendable {
        public var startupDelay: Duration
        public var interval: Duration

        public init(startupDelay: Duration = .seconds(1), interval: Duration = .seconds(30)) {
            precondition(interval > .zero, "the roll-call interval must be positive")
            self.startupDelay = startupDelay
            self.interval = interval
        }
    }

    private struct Entry {
        var id: TaskspaceID
        var hasWindow: Bool
        var lastRollCall: C.Instant?
    }

    public let configuration: Configuration
    private var entries: [TaskspaceID: Entry] = [:]
    private var startupDue: C.Instant?
    private var nextPeriodic: C.Instant

    public init(configuration: Configuration = Configuration(), startedAt now: C.Instant) {
        self.configuration = configuration
        startupDue = now.advanced(by: configuration.startupDelay)
        nextPeriodic = now.advanced(by: configuration.startupDelay + configuration.interval)
    }

    /// The instant the caller should wake up and `tick`.
    public var nextDeadline: C.Instant { startupDue.map { min($0, nextPeriodic) } ?? nextPeriodic }

    /// When the taskspace last had a roll call, if ever.
    public func lastRollCall(for taskspace: TaskspaceID) -> C.Instant? { entries[taskspace]?.lastRollCall }

    public typealias RollCall = Registrar.RollCall

    /// A taskspace became known (loaded from a project, or named over IPC). The first spelling wins.
    public mutating func learn(_ taskspace: TaskspaceID, hasWindow: Bool = false) {
        if entries[taskspace] == nil { entries[taskspace] = Entry(id: taskspace, hasWindow: hasWindow) }
    }

    /// The taskspace is forgotten: no more roll calls for it.
    public mutating func forget(_ taskspace: TaskspaceID) { entries[taskspace] = nil }

    /// The taskspace's window count changed; losing the last window calls it back at once.
    public mutating func windowsChanged(_ taskspace: TaskspaceID, count: Int, at now: C.Instant) -> [RollCall] {
        learn(taskspace)
        let hadWindow = entries[taskspace]!.hasWindow
        entries[taskspace]!.hasWindow = count > 0
        guard hadWindow, count == 0 else { return [] }
        return [call(taskspace, .windowLost, at: now)]
    }

    /// A roll call asked for: `nil` means every known taskspace, registered or not.
    public mutating func request(_ taskspace: TaskspaceID?, at now: C.Instant) -> [RollCall] {
        if let taskspace {
            learn(taskspace)
            return [call(taskspace, .requested, at: now)]
        }
        return sortedIDs().map { call($0, .requested, at: now) }
    }

    /// A new listener joined (Symposium's bus, after the registrar reconnected to it): every
    /// taskspace without a window is called again for it, since windows that registered while
    /// nobody listened are unknown. Nothing before the start-up call, which will reach it anyway.
    public mutating func newListener(at now: C.Instant) -> [RollCall] {
        guard startupDue == nil else { return [] }
        return withoutWindow().map { call($0, .newListener, at: now) }
    }

    /// A roll call to confirm an association restored after a restart.
    public mutating func confirm(_ taskspace: TaskspaceID, at now: C.Instant) -> RollCall {
        learn(taskspace)
        return call(taskspace, .restored, at: now)
    }

    /// Roll calls whose time has come: the start-up one, and each periodic one that is due.
    public mutating func tick(at now: C.Instant) -> [RollCall] {
        var calls: [RollCall] = []
        if let due = startupDue, now >= due {
            startupDue = nil
            calls += withoutWindow().map { call($0, .startup, at: now) }
        }
        if now >= nextPeriodic {
            // Missed periods (a suspended machine) collapse into one roll call.
            while nextPeriodic <= now { nextPeriodic = nextPeriodic.advanced(by: configuration.interval) }
            let calledNow = Set(calls.map(\.taskspace))
            calls += withoutWindow().filter { !calledNow.contains($0) }.map { call($0, .periodic, at: now) }
        }
        return calls
    }

    private func withoutWindow() -> [TaskspaceID] { sortedIDs().filter { entries[$0]?.hasWindow == false } }

    private func sortedIDs() -> [TaskspaceID] { entries.values.map(\.id).sorted { $0.key < $1.key } }

    private mutating func call(_ taskspace: TaskspaceID, _ reason: RollCall.Reason, at now: C.Instant) -> RollCall {
        entries[taskspace]?.lastRollCall = now
        return RollCall(taskspace: entries[taskspace]?.id ?? taskspace, reason: reason)
    }
}

/// One `taskspace_roll_call` to broadcast, and why it goes out (for logs and status).
public struct RollCall: Hashable, Sendable {
    public enum Reason: String, Hashable, Sendable {
        case startup, periodic, windowLost = "window-lost", requested
        /// An association remembered from before a restart, confirmed with its extension.
        case restored
        /// Symposium's bus was joined (again).
        case newListener = "bus-joined"
    }

    public let taskspace: TaskspaceID
    public let reason: Reason

    public init(taskspace: TaskspaceID, reason: Reason) {
        self.taskspace = taskspace
        self.reason = reason
    }
}
