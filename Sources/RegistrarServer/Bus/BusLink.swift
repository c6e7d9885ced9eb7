import FoundationEssentials
import Glibc
import Logging
import NIOCore
import NIOPosix
import Registrar
import RegistrarClient
import RegistrarProtocol
import ServiceLifecycle

/// The registrar's place on Symposium's bus (PROTOCOL.md 8.1), as a service: it joins the bus
/// whenever something listens at its path, as one more client (the role Symposium's macOS app
/// has), answers the registrations and `taskspace_state` seen there through the same core as
/// its own socket, and sends its roll calls there too. It refuses a bus another user listens
/// on, never joins its own socket, and rejoins with back-off when the bus goes away.
public struct BusLink<C: Clock>: Service where C.Duration == Duration {
    let path: String
    let core: DaemonCore<C>
    let hub: ConnectionHub
    let clock: C
    let logger: Logger
    /// Lines longer than this are skipped (walkthroughs can be large; none is for us).
    let lineLimit: Int

    public init(path: String, core: DaemonCore<C>, hub: ConnectionHub, clock: C, lineLimit: Int, logger: Logger) {
        self.path = path
        self.core = core
        self.hub = hub
        self.clock = clock
        self.lineLimit = lineLimit
        self.logger = logger
    }

    private enum Attempt {
        case absent(String)
        case refused(String)
        case own
        case left
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
            // A bus that keeps cutting the link (it never reads) would be joined and left every
            // back-off: each kind of change is logged at once, then counted per interval.
            var log = LogThrottle<String, C.Instant>(interval: .seconds(60))
            var lastRefusal: String?
            while !Task.isCancelled {
                let started = clock.now
                switch await attempt(log: &log) {
                case .absent(let reason):
                    core.bus.set(.waiting, path: path, reason: reason)
                case .refused(let reason):
                    core.bus.set(.refused, path: path, reason: reason)
                    if reason != lastRefusal { logger.warning("refused Symposium's bus: \(reason)", metadata: ["path": "\(path)"]) }
                    lastRefusal = reason
                case .own:
                    core.bus.set(.off, path: path, reason: "\(path) is this registrar's own socket")
                    // Nothing to do, but a service that returns would end the daemon: wait.
                    try? await gracefulShutdown()
                    return
                case .left:
                    // Shutting down cuts every connection, the link too: no rejoining then.
                    if core.isStopping { return }
                    // Only a link that held for a while starts the back-off again.
                    if started.duration(to: clock.now) > .seconds(10) { backoff.reset() }
                    core.bus.set(.waiting, path: path, reason: "the bus went away")
                    if let report = log.note("left", path, at: clock.now) {
                        logger.notice("left Symposium's bus; rejoining when it is back",
                                      metadata: ["path": "\(path)", "times": "\(report.count)"])
                    }
                }
                _ = try? await clock.sleep(for: backoff.nextDelay())
            }
        }
    }

    private func attempt(log: inout LogThrottle<String, C.Instant>) async -> Attempt {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(unixDomainSocketPath: path) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                }
        } catch {
            return .absent("nothing listens at \(path)")
        }
        // Who listens, before a byte is sent: /tmp is shared by every user of the machine.
        let peer = try? await PeerCredentials.of(channel.channel).get()
        guard let peer, peer.uid == getuid(), peer.pid != getpid() else {
            try? await channel.executeThenClose { _, _ in }
            guard let peer else { return .refused("cannot tell who listens at \(path)") }
            if peer.pid == getpid() { return .own }
            return .refused("pid \(peer.pid) listens at \(path) as uid \(peer.uid), not as this user (uid \(getuid()))")
        }
        let report = log.note("joined", path, at: clock.now)
        await serve(channel, report: report)
        return .left
    }

    private func serve(_ channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, report: LogThrottle<String, C.Instant>.Report?) async {
        let (id, outbox) = hub.connect(role: .bus, cutOff: { channel.channel.close(promise: nil) })
        hub.setName("Symposium's bus \(path)", of: id)
        core.bus.set(.joined, path: path)
        let refusal = BusTrust.refusal(for: path)
        core.bus.setActing(refusal: refusal)
        if let refusal { logger.warning("spawn and delete from Symposium's bus are refused", metadata: ["why": "\(refusal)"]) }
        if let report { logger.notice("joined Symposium's bus", metadata: ["path": "\(path)", "times": "\(report.count)"]) }
        let monitor = core.bus
        do {
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: BridgeIdentity.line(prefix: "symposium-registrar") + "\n"))
                await core.busJoined(id)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        let lines = inbound.decode(using: NewlineFramer(skipBeyond: lineLimit), maximumBufferSize: nil)
                            .compactMap { buffer -> IncomingLine? in
                                guard let line = BusTraffic.answerable(buffer) else { return nil }
                                monitor.countIn()
                                return line
                            }
                        do {
                            try await ConnectionSession(core: core, id: id).read(lines)
                        } catch {
                            hub.disconnect(id)
                        }
                    }
                    for await line in outbox {
                        try await outbound.write(ByteBuffer(string: line + "\n"))
                        monitor.countOut()
                    }
                    group.cancelAll()
                }
            }
        } catch {
            logger.debug("bus connection ended with an error", metadata: ["error": "\(error)"])
        }
        hub.disconnect(id)
        await core.connectionClosed(id)
    }
}

/// What the registrar takes from Symposium's bus.
enum BusTraffic {
    /// The only messages on the bus the registrar answers; everything else (its own roll calls
    /// and replies echoed back, other components' traffic) the bus relays without it.
    static let answered = RequestType.fromSymposium
    /// The same names as bytes, looked for in each line before it is parsed.
    private static let answeredBytes = answered.map { Array($0.utf8) }

    /// The line as a message the registrar answers, or nil: everything else on the bus is
    /// another component's business. Cheap for the rest: the type names are looked for first.
    static func answerable(_ buffer: ByteBuffer) -> IncomingLine? {
        let bytes = buffer.readableBytesView
        guard answeredBytes.contains(where: { bytes.firstRange(of: $0) != nil }) else { return nil }
        let line = IncomingLine(bytes: bytes)
        guard case .message(let message) = line, answered.contains(message.type) else { return nil }
        return line
    }
}
