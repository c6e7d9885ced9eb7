import Foundation
import NIOCore
import NIOPosix
import Registrar
import Synchronization

/// A line-oriented connection to a running daemon, for the CLI and for tests that play the
/// extension's part. Lines that arrive are kept until someone asks for them, so a reply can be
/// matched by `id` while roll calls and relayed messages wait their turn.
public final class RegistrarClient: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        /// Nothing listens on the socket (or it does not exist).
        case noDaemon(path: String, reason: String)
        case closed
        case timedOut(String)
        case badReply(String)

        public var description: String {
            switch self {
            case .noDaemon(let path, let reason): "no registrar daemon is listening on \(path) (\(reason))"
            case .closed: "the daemon closed the connection"
            case .timedOut(let what): "no answer from the daemon: \(what)"
            case .badReply(let what): "unexpected reply from the daemon: \(what)"
            }
        }
    }

    public let path: String
    private let inbox = LineInbox()
    private let outgoing: AsyncStream<String>.Continuation
    private let session: Task<Void, Never>

    private init(path: String, channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>) {
        self.path = path
        let (stream, continuation) = AsyncStream<String>.makeStream()
        outgoing = continuation
        let inbox = self.inbox
        session = Task {
            try? await channel.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await line in stream { try await outbound.write(ByteBuffer(string: line + "\n")) }
                        outbound.finish()
                    }
                    for try await line in inbound.splitLines(maximumBufferSize: 64 << 20) {
                        inbox.deliver(String(decoding: line.readableBytesView, as: UTF8.self))
                    }
                    group.cancelAll()
                }
            }
            inbox.close()
        }
    }

    /// Connects to the daemon at `path`.
    public static func connect(to path: String) async throws(Failure) -> RegistrarClient {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.allowRemoteHalfClosure, value: true)
                .connect(unixDomainSocketPath: path) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true))
                    }
                }
            return RegistrarClient(path: path, channel: channel)
        } catch {
            throw .noDaemon(path: path, reason: Self.describe(error))
        }
    }

    public var isClosed: Bool { inbox.isClosed }

    /// Sends one line (a line break is added).
    public func send(line: String) { outgoing.yield(line) }

    public func send(_ envelope: Envelope) { send(line: envelope.encodedLine()) }

    /// Closes the sending side; replies still arrive until the daemon closes.
    public func finishSending() { outgoing.finish() }

    /// Closes the connection.
    public func close() async {
        outgoing.finish()
        session.cancel()
        await session.value
    }

    /// The first line, in arrival order, that satisfies `predicate`, taken out of the inbox;
    /// nil when the connection closes or `timeout` passes first.
    public func next(timeout: Duration? = nil, where predicate: @escaping @Sendable (String) -> Bool = { _ in true }) async -> String? {
        await inbox.next(timeout: timeout, where: predicate)
    }

    /// The next message, parsed, that satisfies `predicate`.
    public func nextMessage(timeout: Duration? = nil, where predicate: @escaping @Sendable (JSONValue) -> Bool) async -> JSONValue? {
        let line = await next(timeout: timeout) { line in (try? JSONLine.decode(line)).map(predicate) ?? false }
        return line.flatMap { try? JSONLine.decode($0) }
    }

    /// Sends a request and waits for the reply with its id; answers the reply's payload.
    public func request(_ type: String, payload: JSONValue = [:], timeout: Duration = .seconds(10)) async throws(Failure) -> JSONValue {
        let id = UUID().uuidString.lowercased()
        send(Envelope(type: type, id: id, payload: payload))
        // Lines that cannot be the reply (roll calls piling up meanwhile) are skipped without parsing.
        let line = await next(timeout: timeout) { line in
            guard line.contains(id), let message = try? JSONLine.decode(line) else { return false }
            return message["id"]?.stringValue == id && message["type"] == "response"
        }
        guard let line, let reply = try? JSONLine.decode(line) else { throw isClosed ? .closed : .timedOut("\(type) after \(timeout)") }
        guard let payload = reply["payload"] else { throw .badReply("a response without payload") }
        return payload
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        return "\(error)"
    }
}
