import Foundation
import Logging
import NIOCore
import NIOPosix

/// The listening Unix socket: one child task per connection in a discarding task group, so a
/// connection's failure or slowness stays its own.
struct SocketServer {
    let path: String
    let hub: ConnectionHub
    let core: DaemonCore
    let lineLimit: Int
    let logger: Logger

    /// Binds the socket (mode 0600) and answers the channel;
    /// `serve` then accepts until the channel closes.
    func bind() async throws -> NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never> {
        // The directory was checked, and a stale socket file removed, under the instance lock.
        let previousMask = umask(0o177)
        defer { umask(previousMask) }
        return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    func serve(_ listener: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask {
                        await ClientConnection(channel: connection, hub: hub, core: core, lineLimit: lineLimit,
                                               logger: logger).run()
                    }
                }
            }
        }
    }
}
