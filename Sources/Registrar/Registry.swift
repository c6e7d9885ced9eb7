/// The single source of truth for taskspaces, their windows and the registrations waiting for a
/// title (docs/ARCHITECTURE.md, "The daemon"). It keeps its own mirror of the window index,
/// fed by the same changes the X side reports, so a registration is a hash lookup and the
/// registry sees windows in exactly the order they changed. Pure: each call takes the current
/// instant and answers the actions due, so tests drive it with a manual clock.
public struct Registry<C: Clock>: Sendable where C.Duration == Duration {
    public struct Configuration: Sendable {
        public var registrationTimeout: Duration
        public var rollCalls: RollCallPolicy<C>.Configuration
        /// How long after a registration's answer roll calls for its taskspace are held back.
        public var rollCallQuiet: Duration

        public init(registrationTimeout: Duration = .seconds(4), rollCalls: RollCallPolicy<C>.Configuration = .init(),
                    rollCallQuiet: Duration = .seconds(5)) {
            self.registrationTimeout = registrationTimeout
            self.rollCalls = rollCalls
            self.rollCallQuiet = rollCallQuiet
        }
    }

    private typealias Pending = WaitingRegistrations<C>.Entry

    public let configuration: Configuration
    public private(set) var windows = WindowIndex()
    var taskspaces: [TaskspaceID: Taskspace] = [:]
    private var owners: [WindowID: TaskspaceID] = [:]
    private var pending = WaitingRegistrations<C>()
    /// Message-only taskspaces, oldest named first (`Registry+Room`).
    var namingOrder = NamingOrder<C.Instant>()
    private var markerClaims = MarkerClaims()
    var policy: RollCallPolicy<C>
    var quiet: RollCallQuiet<C>
    /// False while the X server is away: lookups would use windows that may no longer exist.
    public private(set) var displayAvailable = false
    /// The X server the associations belong to.
    public private(set) var serverID: String?
    /// Counts changes to associations, so an owner can tell when to save them.
    public private(set) var associationsVersion = 0
    /// Associations remembered from before a restart, applied once the same server is back.
    private var remembered: (serverID: String, windows: [TaskspaceID: Set<WindowID>])?
    /// Restored taskspaces to confirm with a roll call once clients had time to reconnect,
    /// together with the start-up roll call.
    var confirmations: [TaskspaceID] = []
    let confirmationsDue: C.Instant

    public init(configuration: Configuration = .init(), startedAt now: C.Instant) {
        self.configuration = configuration
        policy = RollCallPolicy(configuration: configuration.rollCalls, startedAt: now)
        quiet = RollCallQuiet(period: configuration.rollCallQuiet)
        confirmationsDue = now.advanced(by: configuration.rollCalls.startupDelay)
    }

    // MARK: Reading

    public subscript(id: TaskspaceID) -> Taskspace? { taskspaces[id] }

    /// The taskspace `window` belongs to, if any.
    public func owner(of window: WindowID) -> TaskspaceID? { owners[window] }

    /// Every taskspace, ordered by UUID.
    public var allTaskspaces: [Taskspace] { taskspaces.values.sorted { $0.id.key < $1.id.key } }

    /// The taskspaces that `include` picks, ordered by UUID.
    public func taskspaces(where include: (Taskspace) -> Bool) -> [Taskspace] {
        taskspaces.values.filter(include).sorted { $0.id.key < $1.id.key }
    }

    public var pendingCount: Int { pending.count }

    public var taskspaceCount: Int { taskspaces.count }

    /// Roll calls held back now, waiting for their taskspace's registration to be over.
    public var heldRollCalls: Int { quiet.heldCount }
    /// Roll calls held back since the start.
    public var rollCallsHeldTotal: Int { quiet.heldTotal }

    public func lastRollCall(for id: TaskspaceID) -> C.Instant? { policy.lastRollCall(for: id) }

    /// When the owner should next call `tick` (roll calls) or `expire` (deadlines), whichever is first.
    public var nextDeadline: C.Instant {
        var first = confirmations.isEmpty ? policy.nextDeadline : min(policy.nextDeadline, confirmationsDue)
        if let release = quiet.nextRelease { first = min(first, release) }
        return pending.earliest.map { min(first, $0.entry.deadline) } ?? first
    }

    // MARK: Taskspaces

    /// Makes a taskspace known, or fills in what was missing. The first spelling of its UUID
    /// wins; metadata given here replaces what was known only where it is set.
    @discardableResult
    public mutating func learn(_ update: Taskspace) -> Taskspace {
        var taskspace = taskspaces[update.id] ?? Taskspace(id: update.id)
        taskspace.name = update.name ?? taskspace.name
        taskspace.description = update.description ?? taskspace.description
        taskspace.projectPath = update.projectPath ?? taskspace.projectPath
        taskspace.directory = update.directory ?? taskspace.directory
        taskspaces[taskspace.id] = taskspace
        if taskspace.directory != nil { namingOrder.remove(taskspace.id) }
        policy.learn(taskspace.id, hasWindow: taskspace.isRegistered)
        return taskspace
    }

    // MARK: Registration

    /// Looks for the window now; answers at once when the answer is known, else parks the
    /// request until a title shows the query or its deadline passes.
    public mutating func register(
        _ ticket: RegistrationTicket, taskspace id: TaskspaceID, query: WindowQuery, at now: C.Instant
    ) -> [RegistryAction] {
        if case .marker(let marker) = query, let holder = markerClaims.claim(marker, for: id) {
            return [.answer(ticket, taskspace: self[id]?.id ?? id, .claimedElsewhere(marker, by: self[holder]?.id ?? holder))]
        }
        let taskspace = learn(Taskspace(id: id)).id
        let matches = displayAvailable ? query.windows(in: windows) : []
        switch matches.count {
        case 0:
            park(ticket, Pending(taskspace: taskspace, query: query, startedAt: now,
                                 deadline: now.advanced(by: configuration.registrationTimeout)))
            return []
        case 1:
            quiet.registrationEnded(taskspace, at: now)
            return gated(associate(matches[0].id, with: taskspace, at: now)
                + [.answer(ticket, taskspace: taskspace, .registered(matches[0].id))], at: now)
        default:
            quiet.registrationEnded(taskspace, at: now)
            return [.answer(ticket, taskspace: taskspace, .ambiguous(query, matches.map(\.id)))]
        }
    }

    /// Forgets registrations whose asker went away; nobody is answered, and nobody is busy.
    public mutating func withdraw(_ tickets: some Sequence<RegistrationTicket>, at now: C.Instant) {
        for ticket in tickets { unpark(ticket, at: now, answered: false) }
    }

    /// Answers every waiting registration with `reason` (shutting down).
    public mutating func abandonAll(reason: String, at now: C.Instant) -> [RegistryAction] {
        pending.tickets.compactMap { ticket in
            unpark(ticket, at: now).map { .answer(ticket, taskspace: $0.taskspace, .abandoned(reason: reason)) }
        }
    }

    /// Answers the registrations whose deadline has passed.
    public mutating func expire(at now: C.Instant) -> [RegistryAction] {
        var actions: [RegistryAction] = []
        while let (ticket, entry) = pending.earliest, entry.deadline <= now {
            // Failed at its deadline: no window was found, so no quiet follows.
            unpark(ticket, at: now, answered: false)
            let waited = entry.startedAt.duration(to: now)
            actions.append(.answer(ticket, taskspace: entry.taskspace,
                                   displayAvailable ? .notFound(entry.query, waited: waited) : .displayUnavailable(waited: waited)))
        }
        return actions
    }

    private mutating func park(_ ticket: RegistrationTicket, _ entry: Pending) {
        pending.add(ticket, entry)
        quiet.registrationStarted(entry.taskspace)
    }

    /// Takes a waiting registration out; `answered` (with a window, or ambiguous): its
    /// taskspace's quiet period starts.
    @discardableResult
    private mutating func unpark(_ ticket: RegistrationTicket, at now: C.Instant, answered: Bool = true) -> Pending? {
        guard let entry = pending.remove(ticket) else { return nil }
        if answered {
            quiet.registrationEnded(entry.taskspace, at: now)
        } else {
            quiet.registrationFailed(entry.taskspace, at: now)
        }
        return entry
    }

    // MARK: The X server

    /// Associations saved by an earlier daemon for the server `serverID`; they are restored when
    /// this daemon connects to that same server and finds the windows, and dropped otherwise.
    public mutating func remember(_ associations: [TaskspaceID: Set<WindowID>], serverID: String?) {
        guard let serverID, !associations.isEmpty else { return }
        remembered = (serverID, associations)
    }

    /// The watcher connected (again) and the mirror holds the server's windows: remembered
    /// associations are restored and confirmed by a roll call, and waiting registrations are
    /// looked up now, since windows that survived a reconnect send no new title event.
    public mutating func displayConnected(serverID: String?, at now: C.Instant) -> [RegistryAction] {
        var actions: [RegistryAction] = []
        if !displayAvailable {
            // Back after a loss: an id may have been freed and reused meanwhile, unseen. A
            // window keeps its taskspace only while it carries that taskspace's stamp.
            for (window, id) in owners.sorted(by: { $0.key < $1.key }) where windows[window]?.stamp != id.key {
                actions += dissociate(window, at: now)
            }
        }
        displayAvailable = true
        self.serverID = serverID
        if let remembered, remembered.serverID == serverID {
            for (id, saved) in remembered.windows.sorted(by: { $0.key.key < $1.key.key }) {
                // The same server is not enough: ids are reused. Only a window that carries the
                // stamp left at registration is the one that was registered.
                let alive = saved.filter { windows[$0]?.stamp == id.key }.sorted()
                guard !alive.isEmpty else { continue }
                let taskspace = learn(Taskspace(id: id)).id
                for window in alive { actions += associate(window, with: taskspace, at: now) }
                confirmations.append(taskspace)
            }
        }
        remembered = nil
        actions += dueConfirmations(at: now)
        for ticket in pending.tickets {
            guard let entry = pending[ticket] else { continue }
            let matches = entry.query.windows(in: windows)
            if matches.count == 1 {
                unpark(ticket, at: now)
                actions += associate(matches[0].id, with: entry.taskspace, at: now)
                actions.append(.answer(ticket, taskspace: entry.taskspace, .registered(matches[0].id)))
            } else if matches.count > 1 {
                unpark(ticket, at: now)
                actions.append(.answer(ticket, taskspace: entry.taskspace, .ambiguous(entry.query, matches.map(\.id))))
            }
        }
        return gated(actions, at: now)
    }

    /// The X server went away: registrations wait, and fail at their deadline as unavailable.
    public mutating func displayLost() {
        displayAvailable = false
    }

    /// Every taskspace's windows.
    public var associations: [TaskspaceID: Set<WindowID>] {
        taskspaces.values.reduce(into: [:]) { result, taskspace in
            if taskspace.isRegistered { result[taskspace.id] = taskspace.windows }
        }
    }

    /// What the state file must keep: the associations and server of now, and, until the display
    /// has confirmed or refuted them, those remembered from before a restart. Saving only what is
    /// confirmed would erase them whenever a write comes before the display does.
    public var persistentAssociations: (serverID: String?, windows: [TaskspaceID: Set<WindowID>]) {
        guard let remembered else { return (serverID, associations) }
        var windows = associations
        for (id, saved) in remembered.windows { windows[id, default: []].formUnion(saved) }
        return (serverID ?? remembered.serverID, windows)
    }

    // MARK: Windows

    /// Applies one change the X side reported: completes registrations waiting for a title,
    /// and drops associations of windows that are gone.
    public mutating func apply(_ change: WindowChange, at now: C.Instant) -> [RegistryAction] {
        switch change {
        case .appeared(let record), .retitled(let record, _):
            windows.update(record)
            return gated(completeWaiting(for: record, at: now), at: now)
        case .gone(let id, _):
            windows.remove(id)
            return gated(dissociate(id, at: now), at: now)
        }
    }

    // MARK: Private

    private mutating func completeWaiting(for record: WindowRecord, at now: C.Instant) -> [RegistryAction] {
        guard displayAvailable else { return [] }
        var actions: [RegistryAction] = []
        for ticket in pending.candidates(for: record) {
            guard let entry = unpark(ticket, at: now) else { continue }
            let matches = entry.query.windows(in: windows)
            if matches.count > 1 {
                actions.append(.answer(ticket, taskspace: entry.taskspace, .ambiguous(entry.query, matches.map(\.id))))
            } else {
                actions += associate(record.id, with: entry.taskspace, at: now)
                actions.append(.answer(ticket, taskspace: entry.taskspace, .registered(record.id)))
            }
        }
        return actions
    }

    private mutating func associate(_ window: WindowID, with id: TaskspaceID, at now: C.Instant) -> [RegistryAction] {
        var actions: [RegistryAction] = []
        if let previous = owners[window], previous != id {
            actions += dissociate(window, at: now)  // the window now shows another taskspace
        }
        owners[window] = id
        if taskspaces[id]!.windows.insert(window).inserted { associationsVersion += 1 }
        actions += policy.windowsChanged(id, count: taskspaces[id]!.windows.count, at: now).map(RegistryAction.rollCall)
        return actions
    }

    private mutating func dissociate(_ window: WindowID, at now: C.Instant) -> [RegistryAction] {
        guard let id = owners.removeValue(forKey: window) else { return [] }
        taskspaces[id]?.windows.remove(window)
        associationsVersion += 1
        let remaining = taskspaces[id]?.windows.count ?? 0
        return policy.windowsChanged(id, count: remaining, at: now).map(RegistryAction.rollCall)
    }
}
