import Foundation
import Logging
import Registrar
import X11Windows

/// The daemon's one serial owner of state: it decodes requests into registry calls, carries out
/// the actions the registry answers (replies, roll calls), keeps the registry's timer, and
/// writes taskspace metadata and its own state file. Connections and the X event pump only
/// hand it inputs; nothing else touches the registry.
public actor DaemonCore {
    let configuration: DaemonConfiguration
    let hub: ConnectionHub
    let watcher: WindowWatcher
    let logger: Logger
    let clock = ContinuousClock()
    let startedAt = Date()
    private(set) var registry: Registry<ContinuousClock>
    private var waiters: [RegistrationTicket: RegistrationWaiter] = [:]
    private var nextTicket: UInt64 = 1
    /// Connections that sent EOF: closed once their last registration is answered.
    private var finishedReading: Set<ConnectionHub.ConnectionID> = []
    private var timer: Task<Void, Never>?
    private var timerDeadline: ContinuousClock.Instant?
    private var timerGeneration = 0
    var stateWrite: Task<Void, Never>?
    var stopping = false
    var savedAssociationsVersion = 0
    /// What the daemon last wrote to its lock file; shown by `status`.
    private(set) var record: InstanceRecord?
    private let stopRequests: AsyncStream<Void>.Continuation

    /// `stopRequests` hears when a client asks the daemon to leave (`registrar_shutdown`).
    public init(configuration: DaemonConfiguration, hub: ConnectionHub, watcher: WindowWatcher, logger: Logger,
                stopRequests: AsyncStream<Void>.Continuation) {
        self.configuration = configuration
        self.stopRequests = stopRequests
        self.hub = hub
        self.watcher = watcher
        self.logger = logger
        let rollCalls = RollCallPolicy<ContinuousClock>.Configuration(
            startupDelay: configuration.startupRollCallDelay, interval: configuration.rollCallInterval)
        registry = Registry(
            configuration: .init(registrationTimeout: configuration.registrationTimeout, rollCalls: rollCalls),
            startedAt: clock.now)
    }

    // MARK: Start and stop

    /// Learns the taskspaces of the state file and of every `--project`, and arms the roll-call timer.
    public func start() throws {
        AtomicFile.removeLeftovers(of: configuration.stateFile)
        if let state = DaemonState.load(from: configuration.stateFile, logger: logger) {
            for taskspace in state.learnedTaskspaces { registry.learn(taskspace) }
            registry.remember(state.associations, serverID: state.serverID)
        }
        for project in configuration.projects {
            let taskspaces = try ProjectStore.load(project: project)
            for taskspace in taskspaces { registry.learn(taskspace) }
            logger.info("project loaded", metadata: ["path": "\(project)", "taskspaces": "\(taskspaces.count)"])
        }
        scheduleStateWrite()
        rescheduleTimer()
    }

    /// Answers every waiting registration, stops the timer and writes the state file.
    public func shutdown() {
        stopping = true
        perform(registry.abandonAll(reason: "registrar shutting down"))
        timer?.cancel()
        stateWrite?.cancel()
        writeState()
    }

    // MARK: Inputs

    public func handle(_ line: IncomingLine, from connection: ConnectionHub.ConnectionID) {
        hub.countMessage(from: connection)
        switch line {
        case .empty:
            return
        case .control(let identify):
            if let identify {
                hub.setName(identify, of: connection)
                logger.debug("client identified", metadata: ["client": "\(connection)", "name": "\(identify)"])
            }
        case .invalid(let id, let error):
            logger.debug("bad message", metadata: ["client": "\(connection)", "error": "\(error)"])
            reply(Envelope.response(to: id, success: false, error: error), to: connection)
        case .message(let envelope, let text):
            do throws(ClientRequest.Invalid) {
                try dispatch(ClientRequest(envelope), envelope: envelope, text: text, from: connection)
            } catch {
                reply(Envelope.response(to: envelope.id, success: false, error: error.description), to: connection)
            }
        }
        rescheduleTimer()
    }

    /// A change from the X side: it may complete registrations, drop associations, call back.
    public func windowEvent(_ event: WatcherEvent) {
        switch event {
        case .window(let change):
            perform(registry.apply(change, at: clock.now))
            rescheduleTimer()
        case .status(let status):
            logger.info("x11: \(status.connection)", metadata: ["display": "\(status.display)"])
            switch status.selection {
            case .refused(let owner, let selection):
                logger.error("another registrar owns \(selection) (window \(owner.hex)); leaving")
                stopRequests.yield()
            case .lost(let owner, let selection):
                logger.notice("replaced: another registrar took \(selection)", metadata: ["owner": "\(owner?.hex ?? "none")"])
                stopRequests.yield()
            case .owned, nil:
                break
            }
            switch status.connection {
            case .connected:
                perform(registry.displayConnected(serverID: status.serverID, at: clock.now))
                scheduleStateWrite()
            case .disconnected:
                registry.displayLost()
            case .connecting:
                break
            }
            rescheduleTimer()
        }
    }

    /// The client closed its side: it is disconnected once nothing of its is waiting.
    public func readingEnded(_ connection: ConnectionHub.ConnectionID) {
        finishedReading.insert(connection)
        closeIfDone(connection)
    }

    /// The connection is gone: forget its waiting registrations.
    public func connectionClosed(_ connection: ConnectionHub.ConnectionID) {
        finishedReading.remove(connection)
        let tickets = waiters.filter { $0.value.connection == connection }.map(\.key)
        registry.withdraw(tickets)
        for ticket in tickets { waiters[ticket] = nil }
    }

    public func setRecord(_ record: InstanceRecord) { self.record = record }

    // MARK: Dispatch

    private func dispatch(_ request: ClientRequest, envelope: Envelope, text: String, from connection: ConnectionHub.ConnectionID) {
        switch request {
        case .updateTaskspace(let update, let window):
            learnMetadata(update)
            if let window {
                register(update.taskspace, query: window, envelope: envelope, shape: .updateTaskspace, from: connection)
            } else {
                let data: JSONValue = ["taskspace_uuid": .string(registry[update.taskspace]?.id.spelling ?? update.taskspace.spelling)]
                reply(Envelope.response(to: envelope.id, success: true, data: data), to: connection)
            }
        case .registerWindow(let taskspace, let query):
            register(taskspace, query: query, envelope: envelope, shape: .registerTaskspaceWindow, from: connection)
        case .status:
            reply(Envelope.response(to: envelope.id, success: true, data: statusReport().json), to: connection)
        case .windows:
            reply(Envelope.response(to: envelope.id, success: true, data: windowsReport()), to: connection)
        case .rollCall(let taskspace):
            let actions = registry.requestRollCall(taskspace, at: clock.now)
            scheduleStateWrite()
            let reached = perform(actions)
            reply(Envelope.response(to: envelope.id, success: true,
                                    data: ["sent": .integer(Int64(actions.count)), "clients": .integer(Int64(reached))]),
                  to: connection)
        case .log(let level, let message):
            let client = hub.name(of: connection) ?? "client \(connection)"
            logger.log(level: Logger.Level(rawValue: level) ?? .info, "\(client): \(message)")
        case .shutdown:
            logger.notice("asked to shut down by a client", metadata: ["client": "\(hub.name(of: connection) ?? "\(connection)")"])
            reply(Envelope.response(to: envelope.id, success: true), to: connection)
            stopRequests.yield()
        case .focus(let taskspace):
            focus(taskspace, requestID: envelope.id, from: connection)
        case .relay:
            hub.broadcast(text)
        }
    }

    private func register(
        _ taskspace: TaskspaceID, query: WindowQuery, envelope: Envelope, shape: RegistrationWaiter.Shape,
        from connection: ConnectionHub.ConnectionID
    ) {
        let waiter = RegistrationWaiter(connection: connection, requestID: envelope.id, shape: shape)
        let waiting = waiters.values.count { $0.connection == connection }
        guard waiting < configuration.pendingLimit else {
            let error = "too many registrations waiting on this connection (limit \(configuration.pendingLimit))"
            reply(waiter.reply(.abandoned(reason: error), taskspace: taskspace), to: connection)
            return
        }
        if configuration.scanPerRequest { return answerFromScan(taskspace, query: query, waiter: waiter) }
        let ticket = RegistrationTicket(nextTicket)
        nextTicket += 1
        waiters[ticket] = waiter
        let known = registry[taskspace] != nil
        perform(registry.register(ticket, taskspace: taskspace, query: query, at: clock.now))
        if !known { scheduleStateWrite() }
    }

    private func learnMetadata(_ update: ClientRequest.TaskspaceUpdate) {
        let before = registry[update.taskspace]
        let after = registry.learn(Taskspace(id: update.taskspace, name: update.name, description: update.description,
                                             projectPath: update.projectPath))
        guard before != after else { return }
        scheduleStateWrite()
        guard let directory = after.directory, update.name != nil || update.description != nil else { return }
        do {
            try ProjectStore.writeMetadata(of: after.id, in: directory, name: update.name, description: update.description)
        } catch {
            logger.warning("could not write taskspace.json", metadata: ["taskspace": "\(after.id)", "error": "\(error)"])
        }
    }

    // MARK: Actions

    /// Carries out registry actions; answers how many clients the last roll call reached.
    @discardableResult
    private func perform(_ actions: [RegistryAction]) -> Int {
        var reached = 0
        for action in actions {
            switch action {
            case .answer(let ticket, let taskspace, let outcome):
                guard let waiter = waiters.removeValue(forKey: ticket) else { continue }
                let spelled = registry[taskspace]?.id ?? taskspace
                reply(waiter.reply(outcome, taskspace: spelled), to: waiter.connection)
                logger.info("registration", metadata: [
                    "taskspace": "\(spelled)", "result": "\(outcome.window?.hex ?? outcome.errorText ?? "")",
                ])
                closeIfDone(waiter.connection)
            case .rollCall(let call):
                reached = hub.broadcast(Envelope.rollCall(call.taskspace).encodedLine())
                logger.info("roll call", metadata: [
                    "taskspace": "\(call.taskspace)", "reason": "\(call.reason.rawValue)", "clients": "\(reached)",
                ])
            }
        }
        if registry.associationsVersion != savedAssociationsVersion { scheduleStateWrite() }
        for dropped in hub.takeDropped() {
            logger.warning("client dropped: its outbound queue was full", metadata: ["client": "\(dropped)"])
        }
        return reached
    }

    func reply(_ message: JSONValue, to connection: ConnectionHub.ConnectionID) {
        hub.send(JSONLine.encode(message), to: connection)
    }

    private func closeIfDone(_ connection: ConnectionHub.ConnectionID) {
        guard finishedReading.contains(connection),
              !waiters.values.contains(where: { $0.connection == connection }) else { return }
        finishedReading.remove(connection)
        hub.disconnect(connection)
    }

    // MARK: Timer

    /// Keeps one sleeping task aimed at the registry's next deadline.
    private func rescheduleTimer() {
        guard !stopping else { return }
        let deadline = registry.nextDeadline
        if timer != nil, timerDeadline == deadline { return }
        timer?.cancel()
        timerGeneration += 1
        let generation = timerGeneration
        timerDeadline = deadline
        timer = Task { [clock] in
            do { try await clock.sleep(until: deadline, tolerance: nil) } catch { return }
            self.timerFired(generation)
        }
    }

    private func timerFired(_ generation: Int) {
        guard generation == timerGeneration else { return }
        timer = nil
        let now = clock.now
        perform(registry.expire(at: now) + registry.tick(at: now))
        rescheduleTimer()
    }
}
