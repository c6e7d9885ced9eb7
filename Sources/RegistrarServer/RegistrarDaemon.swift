import Foundation
import Logging
import NIOCore
import NIOPosix
import Registrar
import ServiceLifecycle
import X11Windows

/// The background agent of one X session, as a service-lifecycle `Service`: it watches the
/// display, serves the socket, and on SIGTERM/SIGINT answers what is pending, writes its state,
/// closes every connection and removes its socket file.
public struct RegistrarDaemon: Service {
    public let configuration: DaemonConfiguration
    private let lock: InstanceLock
    private let logger: Logger
    /// Called once the socket accepts connections, with the path.
    private let onReady: @Sendable (String) -> Void

    /// `lock` is the instance lock `DaemonStartup` took for the socket.
    public init(configuration: DaemonConfiguration, lock: InstanceLock, logger: Logger,
                onReady: @escaping @Sendable (String) -> Void = { _ in }) {
        self.configuration = configuration
        self.lock = lock
        self.logger = logger
        self.onReady = onReady
    }

    public func run() async throws {
        let claim = configuration.claimsSelection ? SelectionClaim(replace: configuration.replace) : nil
        let watcher = WindowWatcher(displayName: configuration.display, selection: claim, logger: logger)
        let hub = ConnectionHub(queueLimit: configuration.outboundQueueLimit)
        let (stopRequests, stopContinuation) = AsyncStream<Void>.makeStream()
        let core = DaemonCore(configuration: configuration, hub: hub, watcher: watcher, logger: logger,
                              stopRequests: stopContinuation)
        try await core.start()
        // Subscribing before the watcher starts lets the registry see every window appear.
        let events = watcher.events()
        watcher.start()
        if claim != nil, case .refused(let owner, let selection) = await Self.firstSelectionState(of: watcher) {
            await watcher.stop()
            throw DaemonError("another registrar serves display \(watcher.status.display): it owns \(selection) "
                + "(window \(owner.hex)); stop it, or start this one with --replace")
        }
        let server = SocketServer(path: configuration.socketPath, hub: hub, core: core,
                                  lineLimit: configuration.lineLimit, logger: logger,
                                  connectionLimit: configuration.connectionLimit)
        let listener: NIOAsyncChannel<SocketServer.Accepted, Never>
        do {
            listener = try await server.bind()
        } catch {
            await watcher.stop()
            throw DaemonError("cannot listen on \(configuration.socketPath): \(error)")
        }
        logger.notice("listening", metadata: ["socket": "\(configuration.socketPath)", "pid": "\(getpid())"])
        onReady(configuration.socketPath)

        let startedAt = Date()
        let heartbeat = Task {
            while !Task.isCancelled {
                let record = InstanceRecord(
                    pid: getpid(), socket: configuration.socketPath, display: watcher.status.display,
                    startedAt: startedAt.ISO8601Format(), heartbeat: Date().ISO8601Format(),
                    x11: "\(watcher.status.connection)")
                lock.write(record)
                await core.setRecord(record)
                try? await Task.sleep(for: .seconds(5))
            }
        }
        defer { heartbeat.cancel() }

        enum Part { case events, server, grace }
        try await withThrowingTaskGroup(of: Part.self) { group in
            group.addTask {
                for await event in events { await core.windowEvent(event) }
                return .events
            }
            group.addTask {
                try await server.serve(listener)
                return .server
            }
            await withTaskGroup(of: Void.self) { waits in
                waits.addTask { try? await gracefulShutdown() }
                waits.addTask { for await _ in stopRequests { return } }
                await waits.next()
                waits.cancelAll()
            }
            logger.notice("shutting down")
            listener.channel.close(promise: nil)
            await core.shutdown()
            let closers = hub.disconnectAll()
            // Clients get a moment to take their last answers; one that does not read is cut off.
            group.addTask {
                try? await Task.sleep(for: .seconds(2))
                closers.forEach { $0() }
                return .grace
            }
            await watcher.stop()
            while let part = try await group.next(), part != .server {}
            group.cancelAll()
        }
        unlink(configuration.socketPath)
        logger.notice("stopped")
    }
}

extension RegistrarDaemon {
    /// The selection's state after the first connection attempt; nil when the display did not
    /// answer in time (the claim then happens whenever it does).
    static func firstSelectionState(of watcher: WindowWatcher) async -> SelectionState? {
        let events = watcher.events()
        return await withTaskGroup(of: SelectionState?.self) { group in
            group.addTask {
                for await case .status(let status) in events {
                    if let selection = status.selection { return selection }
                    if case .disconnected = status.connection { return nil }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(5))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}

/// A start-up failure the CLI reports in one line.
public struct DaemonError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
