import Glibc
import Logging
import Registrar
import RegistrarServer
import ServiceLifecycle
import Synchronization
import X11Windows

/// The daemon's core with its timer and state writer, driven in this process: windows come
/// from a `ScriptedWindowSource`, time from a `ManualClock`, state goes to a `MemoryStateStore`
/// and clients talk to the core through `ConnectionSession`, as the socket server's do. No X
/// server, no binary, no socket, no sleeping.
public final class InProcessDaemon: Sendable {
    public let core: DaemonCore<ManualClock>
    public let hub: ConnectionHub
    public let windows: ScriptedWindowSource
    public let activator: RecordingActivator
    public let clock: ManualClock
    public let store: MemoryStateStore
    private let spawn: AsyncStream<@Sendable () async -> Void>.Continuation
    private let services: ServiceGroup
    private let servicesEnded = AsyncSignal()
    private let eventsHandled = Tally()
    private let nextClient = Mutex(0)

    fileprivate init(core: DaemonCore<ManualClock>, hub: ConnectionHub, windows: ScriptedWindowSource,
                     activator: RecordingActivator, clock: ManualClock, store: MemoryStateStore,
                     spawn: AsyncStream<@Sendable () async -> Void>.Continuation, services: ServiceGroup) {
        self.core = core
        self.hub = hub
        self.windows = windows
        self.activator = activator
        self.clock = clock
        self.store = store
        self.spawn = spawn
        self.services = services
    }

    /// A new client connection, from a peer of `peerUID` (this process's uid unless told).
    public func connect(peerUID: UInt32 = getuid()) -> InProcessClient {
        let (id, outbox) = hub.connect(peerUID: peerUID, cutOff: {})
        let client = InProcessClient(id: id, number: nextClient.withLock { $0 += 1; return $0 })
        let core = core
        spawn.yield {
            for await line in outbox { await client.inbox.deliver(line) }
            client.inbox.close()
            await core.connectionClosed(id)
        }
        spawn.yield { try? await ConnectionSession(core: core, id: id).read(client.lines) }
        return client
    }

    /// Moves the clock on; timers due by then fire.
    public func advance(by duration: Duration) { clock.advance(by: duration) }

    /// Moves the clock past a deadline and returns once the timer's round for it is done, so a
    /// check that nothing was sent comes after the step that would have sent it.
    public func advanceThroughTimer(by duration: Duration) async {
        let before = core.timerRounds.count
        clock.advance(by: duration)
        while core.timerRounds.count == before { await Task.yield() }
    }

    /// Returns once the core has taken in every window change and status the source reported
    /// (coalesced as the live pump would get them).
    public func settle() async {
        while let channel = windows.firstSubscriber {
            let (queued, delivered) = channel.progress
            if queued == 0 {
                await eventsHandled.wait(for: delivered)
                if channel.progress.queued == 0 { return }
            }
            await Task.yield()
        }
    }

    /// Shuts down as SIGTERM does: pending requests are answered, then the services stop in
    /// reverse order and the state is written a last time.
    public func shutDown() async {
        await core.shutdown()
        await services.triggerGracefulShutdown()
        await servicesEnded.wait()
    }

    fileprivate func run(events: WatcherEvents, spawned: AsyncStream<@Sendable () async -> Void>) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await self.services.run()
                self.servicesEnded.raise()
            }
            tasks.addTask {
                for await event in events {
                    await self.core.windowEvent(event)
                    self.eventsHandled.add()
                }
            }
            tasks.addTask {
                await withDiscardingTaskGroup { group in
                    for await work in spawned { group.addTask { await work() } }
                }
            }
            try await tasks.next()
        }
    }

    fileprivate func stop() async {
        await services.triggerGracefulShutdown()
        await windows.stop()
        spawn.finish()
        hub.disconnectAll().forEach { $0() }
    }
}

/// Runs `body` with an in-process daemon; `configure` adjusts the configuration (the state is
/// written at once after a change, without the live 50 ms wait); `log` keeps what it logs. The daemon is stopped after.
public func withInProcessDaemon<T: Sendable>(
    store: MemoryStateStore = MemoryStateStore(), log: LogRecord? = nil, configure: (inout DaemonConfiguration) -> Void = { _ in },
    _ body: @Sendable (InProcessDaemon) async throws -> T
) async throws -> T {
    var configuration = DaemonConfiguration(display: ":test", socketPath: "/nonexistent/in-process.sock",
                                            stateFile: "memory")
    configuration.stateWriteDelay = .zero
    configure(&configuration)
    let windows = ScriptedWindowSource()
    let activator = RecordingActivator(stamped: { windows.stamp($0, taskspace: $1) })
    let clock = ManualClock()
    let ids = Mutex(0)
    let environment = DaemonEnvironment(windows: windows, activator: activator, clock: clock, store: store,
                                        makeID: { "message-\(ids.withLock { $0 += 1; return $0 })" })
    let logger = log?.logger() ?? Logger(label: "in-process-daemon")
    let hub = ConnectionHub(outboundBudget: configuration.outboundBudget, totalBudget: configuration.totalOutboundBudget)
    let core = DaemonCore(configuration: configuration, environment: environment, hub: hub, logger: logger)
    try await core.start()
    let events = windows.events()
    windows.start()
    let services = ServiceGroup(
        services: [StateWriter(core: core, store: store, clock: clock, coalescing: configuration.stateWriteDelay, logger: logger),
                   RollCallTimer(core: core, clock: clock),
                   FileRetrier(core: core, clock: clock, interval: configuration.fileRetryInterval)],
        gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
    let (spawned, spawn) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
    let daemon = InProcessDaemon(core: core, hub: hub, windows: windows, activator: activator, clock: clock, store: store,
                                 spawn: spawn, services: services)
    return try await withThrowingTaskGroup(of: T?.self) { tasks in
        tasks.addTask {
            try await daemon.run(events: events, spawned: spawned)
            return nil
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(daemon))
        } catch {
            result = .failure(error)
        }
        await daemon.stop()
        tasks.cancelAll()
        while (try? await tasks.next()) != nil {}
        return try result.get()
    }
}

/// A count that can be waited for.
final class Tally: Sendable {
    private struct State {
        var count = 0
        var waiters: [(Int, CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    func add() {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.count += 1
            let ready = state.waiters.filter { $0.0 <= state.count }.map(\.1)
            state.waiters.removeAll { $0.0 <= state.count }
            return ready
        }
        ready.forEach { $0.resume() }
    }

    func wait(for target: Int) async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                if state.count >= target { return true }
                state.waiters.append((target, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }
}
