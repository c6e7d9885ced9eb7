import NIOCore
import Synchronization

/// Accepted connections between the listener and the loop that serves them. A channel is
/// wrapped for async use as it is accepted, so nothing it sends is read before a handler is
/// there (a client that writes one line and half-closes at once, `echo ... | client`, would
/// otherwise lose it). A wrapped channel dropped unserved traps in NIO, and one accepted while the
/// listener closes never reaches the loop: so each is held here until the loop takes it, those
/// never taken are closed once the listener has stopped, and one accepted after that is closed
/// without being wrapped.
final class AcceptedChannels: Sendable {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private struct State {
        var waiting: [ObjectIdentifier: Connection] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    /// `channel` wrapped (on its event loop, in the listener's initializer); nil, and the channel
    /// closed, once the listener has stopped.
    func wrap(_ channel: any Channel) throws -> Connection? {
        try state.withLock { state throws -> Connection? in
            guard !state.closed else {
                channel.close(promise: nil)
                return nil
            }
            let connection = try Connection(wrappingChannelSynchronously: channel)
            state.waiting[ObjectIdentifier(channel)] = connection
            return connection
        }
    }

    /// The serving loop took `connection`: it runs or closes it from now on.
    func take(_ connection: Connection) {
        state.withLock { _ = $0.waiting.removeValue(forKey: ObjectIdentifier(connection.channel)) }
    }

    /// The listener has stopped: what it accepted and nobody took, to be closed; nothing more is
    /// wrapped.
    func stop() -> [Connection] {
        state.withLock { state in
            state.closed = true
            defer { state.waiting.removeAll() }
            return Array(state.waiting.values)
        }
    }
}
