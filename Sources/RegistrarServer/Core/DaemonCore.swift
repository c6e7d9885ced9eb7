import FoundationEssentials
import Glibc
import Logging
import Registrar
import RegistrarProtocol
import X11Windows

/// The daemon's one serial owner of state: it decodes requests into registry calls, carries out
/// the actions the registry answers (replies, roll calls) and tells the services around it when
/// the timer must be re-aimed or the state saved. It does no waiting of its own: the roll-call
/// timer, the state writer and the connections are services and tasks that call in.
public actor DaemonCore<C: Clock> where C.Duration == Duration {
    public typealias ConnectionID = ConnectionHub.ConnectionID

    let configuration: DaemonConfiguration
    let environment: DaemonEnvironment<C>
    let hub: ConnectionHub
    let logger: Logger
    let startedAt = Date()
    var registry: Registry<C>
    var waiters: [RegistrationTicket: RegistrationWaiter] = [:]
    var ticketsByConnection: [ConnectionID: Set<RegistrationTicket>] = [:]
    var nextTicket: UInt64 = 1
    /// Replies still owed by follow-ups (focus), by connection.
    var owedFollowUps: [ConnectionID: Int] = [:]
    /// Connections that sent EOF: closed once nothing is owed to them.
    private var finishedReading: Set<ConnectionID> = []
    private(set) var stopping = false
    private nonisolated let stoppingFlag = OnceFlag()
    /// True once the daemon has begun to stop (readable from any task).
    public nonisolated var isStopping: Bool { stoppingFlag.isSet }
    /// The deadline the roll-call timer sleeps until; nil while it is between two sleeps.
    var armedDeadline: C.Instant?
    var savedAssociationsVersion = 0
    /// Each loaded project's `agent` (from its `project.json`), by project directory.
    var projectAgents: [String: String] = [:]
    /// Project directories loaded so far, from `--project` or found from a message.
    var loadedProjects: Set<String> = []
    /// Large replies made at once, at most (their making runs outside the actor).
    let replySlots = AsyncSemaphore(permits: 2)
    /// Events logged one line per cause and interval, with counts.
    var throttle = LogThrottle<ThrottledCause, C.Instant>(interval: .seconds(10))
    /// What the daemon last wrote to its lock file; shown by `status`.
    private(set) var record: InstanceRecord?

    /// `taskspace.json` writes that failed, by path, until a retry succeeds.
    var fileFailures: [String: FileFailure] = [:]
    /// Numbers `taskspace.json` changes in the order they were made.
    var fileWriteSequence: UInt64 = 0
    /// The watcher's status as last seen: which of its parts changed.
    var lastWatcherStatus: WatcherStatus?
    /// Taskspaces whose agent asked for the user (`signal_user`) until the user sees them.
    var attention: [TaskspaceID: AttentionRequest] = [:]
    /// What each taskspace's file says for views (`status`), as last read or written.
    var summaries: [TaskspaceID: TaskspaceSummary] = [:]
    /// Connections told of every card change (`registrar_watch`).
    var cardWatchers: Set<ConnectionID> = []
    /// Deletions agents asked for, waiting for the user's decision.
    var pendingDeletions: [TaskspaceID: PendingDeletion] = [:]
    var deletionGeneration: UInt64 = 0
    /// Project files refused or unreadable, by path.
    var fileReadErrors: [String: (error: String, since: Date)] = [:]
    /// What the daemon counts about itself (`status`'s health).
    public nonisolated let metrics = DaemonMetrics()
    /// Each project's stacked windows.
    var stacks = StackBook()
    /// Registration round trips of the last minute.
    var latencies = LatencyWindow()
    /// Rounds of the timer done so far.
    public nonisolated let timerRounds = RoundCounter()
    /// Raised when a file write failed.
    public nonisolated let fileFailed = AsyncSignal()
    /// Where the link to Symposium's bus stands.
    public nonisolated let bus = BusLinkMonitor()
    /// Raised when the registry's next deadline comes before the one the timer sleeps until.
    public nonisolated let deadlineMoved = AsyncSignal()
    /// Raised when something the state file keeps has changed.
    public nonisolated let stateChanged = AsyncSignal()
    /// Raised whenever a taskspace's card changes (`cardChanged`): a window registered or gone.
    nonisolated let cardsChanged = AsyncSignal()
    /// Why the daemon was asked to stop: a client's `registrar_shutdown`, or the display's
    /// selection taken by someone else.
    public nonisolated let stopRequests: AsyncStream<StopReason>
    private let stopContinuation: AsyncStream<StopReason>.Continuation

    public init(configuration: DaemonConfiguration, environment: DaemonEnvironment<C>, hub: ConnectionHub, logger: Logger) {
        self.configuration = configuration
        self.environment = environment
        self.hub = hub
        self.logger = logger
        (stopRequests, stopContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingOldest(1))
        let rollCalls = RollCallPolicy<C>.Configuration(
            startupDelay: configuration.startupRollCallDelay, interval: configuration.rollCallInterval)
        registry = Registry(
            configuration: .init(registrationTimeout: configuration.registrationTimeout, rollCalls: rollCalls,
                                 rollCallQuiet: configuration.rollCallQuiet),
            startedAt: environment.clock.now)
    }

    // MARK: Start and stop

    /// Learns the taskspaces of the saved state and of every `--project`.
    public func start() throws(RegistrarError) {
        for project in configuration.projects { try loadProject(project) }
        if let state = try environment.store.load() { learnSaved(state) }
        stateChanged.raise()
    }

    /// Answers every waiting registration; from now on nothing new is scheduled.
    public func shutdown() {
        stopping = true
        stoppingFlag.set()
        perform(registry.abandonAll(reason: "registrar shutting down", at: environment.clock.now))
    }

    // MARK: Inputs

    /// One line from a connection. A request that must wait on something outside the core
    /// answers the work to run; the connection runs it beside its reading.
    public func handle(_ line: IncomingLine, from connection: ConnectionID) -> FollowUp? {
        if case .invalid(let id, let error) = line {
            refuse(Message.failure(to: id, error).line, reason: error, from: connection)
            return nil
        }
        switch line {
        case .empty, .control(identify: nil): hub.countMessage(from: connection, keepAlive: true)
        default: hub.countMessage(from: connection)
        }
        defer { noteChanges() }
        switch line {
        case .empty, .invalid:  // an invalid line was answered above
            return nil
        case .control(let identify):
            if let identify {
                hub.setName(identify, of: connection)
                logger.debug("client identified", metadata: ["client": "\(connection)", "name": "\(identify)"])
            }
            return nil
        case .message(let message):
            do throws(ClientRequest.Invalid) {
                return dispatch(try ClientRequest(message), message: message, from: connection)
            } catch {
                reply(Message.failure(to: message.id, error.description).line, to: connection)
                return nil
            }
        }
    }

    /// Answers a line that was not a valid message with `reply`, already encoded by the caller.
    public func refuse(_ reply: String, reason: String, from connection: ConnectionID) {
        hub.countMessage(from: connection, valid: false)
        logger.debug("bad message", metadata: ["client": "\(connection)", "error": "\(reason)"])
        self.reply(reply, to: connection)
    }

    /// The client closed its side: it is disconnected once nothing is owed to it.
    public func readingEnded(_ connection: ConnectionID) {
        finishedReading.insert(connection)
        closeIfDone(connection)
    }

    /// The connection is gone: forget its waiting registrations.
    public func connectionClosed(_ connection: ConnectionID) {
        finishedReading.remove(connection)
        owedFollowUps[connection] = nil
        cardWatchers.remove(connection)
        let tickets = ticketsByConnection.removeValue(forKey: connection) ?? []
        registry.withdraw(tickets, at: environment.clock.now)
        for ticket in tickets { waiters[ticket] = nil }
        noteChanges()
    }

    public func setRecord(_ record: InstanceRecord) { self.record = record }

    /// Symposium's bus was joined on `connection`: taskspaces without a window are called
    /// there, so windows that registered while nobody listened register again.
    public func busJoined(_ connection: ConnectionID) {
        guard !stopping else { return }
        let calls = registry.rollCallsForNewListener(at: environment.clock.now)
        for call in calls {
            let spelled = call.taskspace.spelling
            metrics.count(.rollCallsSent)
            hub.send(Message.rollCall(spelled, id: environment.makeID()).line, rollCall: spelled, to: connection)
        }
        logRollCalls(calls, clients: 1)
    }

    // MARK: Actions

    /// Carries out registry actions; answers how many clients the last roll call reached.
    @discardableResult
    func perform(_ actions: [RegistryAction]) -> Int {
        var reached = 0
        var calls: [RollCall] = []
        for action in actions {
            switch action {
            case .answer(let ticket, let taskspace, let outcome):
                if let window = outcome.window {
                    stamp(window, for: taskspace)
                    cardChanged(taskspace)
                    joinStack(window, of: taskspace)
                }
                guard let waiter = waiters.removeValue(forKey: ticket) else { continue }
                ticketsByConnection[waiter.connection]?.remove(ticket)
                let spelled = registry[taskspace]?.id ?? taskspace
                answerRegistration(waiter, outcome, taskspace: spelled)
                logger.info("registration", metadata: [
                    "taskspace": "\(spelled)", "result": "\(outcome.window?.hex ?? outcome.errorText ?? "")",
                ])
                closeIfDone(waiter.connection)
            case .rollCall(let call):
                cardChanged(call.taskspace)  // called back: it has no window now
                let spelled = call.taskspace.spelling
                metrics.count(.rollCallsSent)
                reached = hub.broadcast(Message.rollCall(spelled, id: environment.makeID()).line, rollCall: spelled)
                calls.append(call)
            }
        }
        logRollCalls(calls, clients: reached)
        if registry.associationsVersion != savedAssociationsVersion { stateChanged.raise() }
        logCutOffs()
        return reached
    }

    func reply(_ line: String, to connection: ConnectionID) {
        hub.send(line, to: connection)
        logCutOffs()
    }

    /// A follow-up's reply: sent, and the connection closed if that was the last thing owed.
    func deliverFollowUp(_ line: String?, to connection: ConnectionID) {
        if let line { reply(line, to: connection) }
        if let owed = owedFollowUps[connection] { owedFollowUps[connection] = owed > 1 ? owed - 1 : nil }
        closeIfDone(connection)
    }

    func owe(_ connection: ConnectionID) { owedFollowUps[connection, default: 0] += 1 }

    private func closeIfDone(_ connection: ConnectionID) {
        guard finishedReading.contains(connection), ticketsByConnection[connection]?.isEmpty ?? true,
              owedFollowUps[connection] == nil else { return }
        finishedReading.remove(connection)
        hub.disconnect(connection)
    }

    /// Asks for a stop from outside the actor (a signal's thread).
    nonisolated func requestStopNow(_ reason: StopReason) {
        if case .signal(let name) = reason { logger.notice("leaving: \(name)") }
        stopContinuation.yield(reason)
    }

    func requestStop(_ reason: StopReason) {
        switch reason {
        case .signal(let name): logger.notice("leaving: \(name)")
        case .asked(let why): logger.notice("leaving: \(why)")
        case .displaced(let why), .displayServed(let why): logger.error("leaving: \(why)")
        }
        stopContinuation.yield(reason)
    }

    /// Tells the timer when the next deadline moved earlier.
    func noteChanges() {
        guard let armed = armedDeadline, registry.nextDeadline < armed else { return }
        armedDeadline = nil
        deadlineMoved.raise()
    }
}
