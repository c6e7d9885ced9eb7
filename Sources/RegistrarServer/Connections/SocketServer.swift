import FoundationEssentials
import Glibc
import Logging
import NIOCore
import NIOPosix
import Registrar
import RegistrarClient
import RegistrarProtocol

/// The listening Unix socket: one child task per connection in a discarding task group, so a
/// connection's failure or slowness stays its own.
struct SocketServer<C: Clock>: Sendable where C.Duration == Duration {
    /// An accepted connection, or one refused for its peer's uid before a byte was read (or
    /// accepted as the listener stopped: `dropped`).
    enum Accepted: Sendable {
        case client(NIOAsyncChannel<ByteBuffer, ByteBuffer>, uid: UInt32, pid: Int32)
        case dropped
        case refused(uid: UInt32, pid: Int32)
    }

    typealias Listener = NIOAsyncChannel<Accepted, Never>

    let path: String
    let hub: ConnectionHub
    let core: DaemonCore<C>
    let clock: C
    let lineLimit: Int
    let connectionLimit: Int
    /// Connections one peer process may hold.
    let perProcessLimit: Int
    /// How long clients may take their last answers at shutdown before they are cut off.
    let shutdownGrace: Duration
    let idleTimeout: Duration
    let logger: Logger
    private let tally = ConnectionTally()
    private let accepted = AcceptedChannels()
    private let inputBudget: InputBudget

    init(path: String, hub: ConnectionHub, core: DaemonCore<C>, clock: C, configuration: DaemonConfiguration, logger: Logger) {
        self.path = path
        self.hub = hub
        self.core = core
        self.clock = clock
        lineLimit = configuration.lineLimit
        connectionLimit = configuration.connectionLimit
        perProcessLimit = configuration.perProcessConnectionLimit
        shutdownGrace = configuration.shutdownGrace
        idleTimeout = configuration.idleTimeout
        inputBudget = InputBudget(limit: configuration.inputBudget)
        self.logger = logger
    }

    /// Binds the socket (mode 0600); `serve` then accepts until the listener closes.
    func bind() async throws(RegistrarError) -> Listener {
        // The directory was checked, and a stale socket file removed, under the instance lock.
        let previousMask = umask(0o177)
        defer { umask(previousMask) }
        do {
            return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false) { [accepted] channel in
                    Self.checkPeer(of: channel, accepted: accepted)
                }
        } catch {
            throw RegistrarError(.startup, "cannot listen on \(path): \(error)")
        }
    }

    /// Accepts until the listener closes; then the core answers what is pending, clients get
    /// `shutdownGrace` to read their last lines, and whoever is left is cut off.
    func serve(_ listener: Listener) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { connections in
                for try await accepted in connections {
                    switch accepted {
                    case .refused(let uid, let pid):
                        core.metrics.count(.refusedOtherUser)
                        logger.warning("refused a connection from another user", metadata: ["uid": "\(uid)", "pid": "\(pid)"])
                    case .dropped:
                        break
                    case .client(let channel, let uid, let pid):
                        self.accepted.take(channel)
                        switch tally.admit(pid: pid, limit: connectionLimit, perProcess: perProcessLimit) {
                        case .admitted:
                            break
                        case .processFull:
                            core.metrics.count(.refusedProcessFull)
                            group.addTask { await refuse(channel, "too many connections from one process (pid \(pid), "
                                + "limit \(perProcessLimit) each); close some first", cause: .processFull) }
                            continue
                        case .tableFull:
                            guard let evicted = hub.evictForRoom(idleLongerThan: idleTimeout, newcomer: pid) else {
                                core.metrics.count(.refusedTableFull)
                                group.addTask { await refuse(channel, "too many connections (limit \(connectionLimit)); "
                                    + "try again later", cause: .tableFull) }
                                continue
                            }
                            logger.notice("closed a connection to make room", metadata: [
                                "client": "\(evicted.id)", "pid": "\(evicted.pid.map(String.init) ?? "?")", "why": "\(evicted.why)",
                            ])
                            core.metrics.count(.closedForRoom)
                            tally.admitOverLimit(pid: pid)
                        }
                        core.metrics.count(.clientsAccepted)
                        group.addTask {
                            defer { tally.release(pid: pid) }
                            await ClientConnection(channel: channel, peerUID: uid, peerPID: pid, hub: hub, core: core, lineLimit: lineLimit,
                                                   inputBudget: inputBudget, logger: logger).run()
                        }
                    }
                }
            }
            for untaken in accepted.stop() {
                group.addTask { try? await untaken.executeThenClose { _, _ in } }
            }
            await core.shutdown()
            let closers = hub.disconnectAll()
            group.addTask {
                await withTaskGroup(of: Void.self) { race in
                    race.addTask { await tally.waitUntilNone() }
                    race.addTask { try? await clock.sleep(for: shutdownGrace) }
                    await race.next()
                    closers.forEach { $0() }
                    race.cancelAll()
                }
            }
        }
    }

    /// Over a connection limit: one line saying why, then the close. Logged once per cause
    /// and interval, however many knock.
    private func refuse(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, _ error: String,
                        cause: ConnectionTally.Admission) async {
        await core.connectionRefused(error, cause: cause == .processFull ? .connectionProcessFull : .connectionTableFull)
        try? await connection.executeThenClose { _, outbound in
            try await outbound.write(ByteBuffer(string: Message.failure(to: nil, error).line + "\n"))
        }
    }

    /// `SO_PEERCRED` before anything is read: a peer of another uid (root excepted) is closed.
    private static func checkPeer(of channel: any Channel, accepted: AcceptedChannels) -> EventLoopFuture<Accepted> {
        PeerCredentials.of(channel).flatMapThrowing { peer -> Accepted in
            guard peer.uid == getuid() || peer.uid == 0 else {
                channel.close(promise: nil)
                return .refused(uid: peer.uid, pid: peer.pid)
            }
            guard let connection = try accepted.wrap(channel) else { return .dropped }
            return .client(connection, uid: peer.uid, pid: peer.pid)
        }
    }
}
