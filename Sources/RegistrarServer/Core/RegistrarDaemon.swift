import FoundationEssentials
import Glibc
import Logging
import NIOCore
import Registrar
import RegistrarProtocol
import ServiceLifecycle
import Synchronization
import X11Windows

/// The background agent of one X session: a `ServiceGroup` of small services around one core.
/// Started in this order and shut down in the reverse one: the lock heartbeat, the state
/// writer, the window event pump, the roll-call timer, the socket server. So at SIGTERM the
/// socket stops accepting and pending requests are answered first, the display is let go
/// next, the state is written after every change, and the lock record goes last.
public struct RegistrarDaemon<C: Clock>: Sendable where C.Duration == Duration {
    public let configuration: DaemonConfiguration
    public let core: DaemonCore<C>
    private let environment: DaemonEnvironment<C>
    private let hub: ConnectionHub
    private let events: WatcherEvents
    private let server: SocketServer<C>
    let listener: SocketServer<C>.Listener
    private let records: any InstanceRecordWriter
    private let logger: Logger

    /// Loads the state and projects, starts watching the display (refusing it when another
    /// registrar owns it) and binds the socket: everything that can fail at start-up.
    public static func prepare(
        configuration: DaemonConfiguration, environment: DaemonEnvironment<C>, records: any InstanceRecordWriter,
        logger: Logger
    ) async throws(RegistrarError) -> RegistrarDaemon {
        MemoryReturn<C>.limitArenas()
        let hub = ConnectionHub(outboundBudget: configuration.outboundBudget, totalBudget: configuration.totalOutboundBudget)
        let core = DaemonCore(configuration: configuration, environment: environment, hub: hub, logger: logger)
        try await core.start()
        let source = environment.windows
        // Subscribing before the source starts lets the registry see every window appear.
        let events = source.events()
        source.start()
        if configuration.claimsSelection, case .refused(let owner, let selection) = await firstSelectionState(of: source) {
            await source.stop()
            throw RegistrarError(.displayServed, anotherServes(display: source.status.display, selection: selection, owner: owner))
        }
        let server = SocketServer(path: configuration.socketPath, hub: hub, core: core, clock: environment.clock,
                                  configuration: configuration, logger: logger)
        let listener: SocketServer<C>.Listener
        do {
            listener = try await server.bind()
        } catch {
            await source.stop()
            throw error
        }
        logger.notice("listening", metadata: ["socket": "\(configuration.socketPath)", "pid": "\(getpid())"])
        return RegistrarDaemon(configuration: configuration, core: core, environment: environment, hub: hub, events: events,
                               server: server, listener: listener, records: records, logger: logger)
    }

    /// Serves until a signal in `signals`, a client's `registrar_shutdown` or a lost selection
    /// shuts it down gracefully; a failing service ends it with that service's error, a lost
    /// selection with a `.displaced` error after the graceful shutdown.
    /// `ready` runs once the signals are handled.
    public func run(signals: [Int32] = [SIGTERM, SIGINT], ready: @Sendable () -> Void = {}) async throws(RegistrarError) {
        let clock = environment.clock
        let deadline = StopDeadline(socketPath: configuration.socketPath, logger: logger)
        defer { deadline.finish() }
        if !signals.isEmpty {
            let stops = Mutex(0)
            let core = core
            // A test hook, off unless asked for: SIGUSR2 wedges the core's actor, as a bug would,
            // so that the watchdog's part can be seen doing its job.
            let hooks = getenv("SYMPOSIUM_REGISTRAR_TEST_HOOKS").map { String(cString: $0) } == "1"
            SignalPipe.install(signals + (hooks ? [SIGUSR2] : [])) { number in
                if number == SIGUSR2 {
                    Task { await core.wedgeForTest() }
                    return
                }
                let name = number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
                let count = stops.withLock { $0 += 1; return $0 }
                if count > 1 { deadline.leave("a second \(name)") }
                core.requestStopNow(.signal(name))
            }
        }
        ready()
        var services: [any Service] = [
            LockHeartbeat(core: core, writer: records, windows: environment.windows, socket: configuration.socketPath,
                          clock: clock, interval: configuration.heartbeatInterval),
            StateWriter(core: core, store: environment.store, clock: clock, coalescing: configuration.stateWriteDelay,
                        logger: logger),
            WindowEventPump(core: core, source: environment.windows, events: events),
            RollCallTimer(core: core, clock: clock),
            FileRetrier(core: core, clock: clock, interval: configuration.fileRetryInterval),
            MemoryReturn(clock: clock, interval: configuration.heartbeatInterval),
            NotificationListener(core: core, notifier: environment.notifier),
            StackFollowPump(core: core, stacker: environment.stacker),
            SystemdNotifier(core: core, windows: environment.windows, logger: logger),
        ]
        if let bus = configuration.symposiumBus {
            if Self.samePath(bus, configuration.socketPath) {
                core.bus.set(.off, path: bus, reason: "\(bus) is this registrar's own socket")
            } else {
                services.append(BusLink(path: bus, core: core, hub: hub, clock: clock, lineLimit: configuration.lineLimit,
                                        logger: logger))
            }
        }
        services.append(SocketService(server: server, listener: listener))
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0, failureTerminationBehavior: .gracefullyShutdownGroup) },
            gracefulShutdownSignals: [], logger: logger))
        let stopRequests = core.stopRequests
        let stopTimeout = configuration.stopTimeout
        var stopReason: StopReason?
        do {
            // Each task answers whether it was the group, and the stop it asked for.
            stopReason = try await withThrowingTaskGroup(of: (wasGroup: Bool, stop: StopReason?).self) { tasks in
                tasks.addTask {
                    try await group.run()
                    return (true, nil)
                }
                // Asks the group to shut down; the group alone ends the daemon.
                tasks.addTask {
                    for await reason in stopRequests {
                        // The deadline ends the process: only a daemon that owns its process
                        // (it handles the signals) arms it, never one run inside another program.
                        if !signals.isEmpty { deadline.start(stopTimeout) }
                        SystemdNotifier<C>.notify("STOPPING=1")
                        await group.triggerGracefulShutdown()
                        return (false, reason)
                    }
                    return (false, nil)
                }
                var asked: StopReason?
                while let ended = try await tasks.next(), !ended.wasGroup { asked = ended.stop ?? asked }
                tasks.cancelAll()
                return asked
            }
        } catch let error as RegistrarError {
            unlink(configuration.socketPath)
            throw error
        } catch {
            unlink(configuration.socketPath)
            throw RegistrarError(.serviceFailed, "\(error)")
        }
        unlink(configuration.socketPath)
        logger.notice("stopped")
        switch stopReason {
        case .displaced(let why): throw RegistrarError(.displaced, why)
        case .displayServed(let why): throw RegistrarError(.displayServed, why)
        default: break
        }
    }

    /// The one wording for a display another registrar serves, at start-up or at a later claim.
    static func anotherServes(display: String, selection: String, owner: WindowID) -> String {
        "another registrar serves display \(display): it owns \(selection) (window \(owner.hex)); stop it, "
            + "or start this one with --replace"
    }

    /// Whether two paths name the same file (the bus is never this registrar's own socket).
    static func samePath(_ first: String, _ second: String) -> Bool {
        let resolve = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        return resolve(first) == resolve(second)
    }

    /// The selection's state after the first connection attempt; nil when the display did not
    /// answer in time (the claim then happens whenever it does).
    static func firstSelectionState(of source: any WindowSource) async -> SelectionState? {
        let events = source.events()
        return await withinLimit(.seconds(5)) {
            for await case .status(let status) in events {
                if let selection = status.selection { return selection }
                if case .disconnected = status.connection { return nil }
            }
            return nil
        }
    }
}
