import FoundationEssentials
import Glibc
import NIOCore
import NIOPosix
import Registrar
import RegistrarProtocol
import Synchronization

/// A line-oriented connection to a running daemon, for the CLI and for tests that play the
/// extension's part. Lines that arrive are kept until someone asks for them, so a reply can be
/// matched by `id` while roll calls and relayed messages wait their turn.
public final class RegistrarClient: Sendable {
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
                        await inbox.deliver(String(decoding: line.readableBytesView, as: UTF8.self))
                    }
                    group.cancelAll()
                }
            }
            inbox.close()
        }
    }

    /// Connects to the daemon at `path`, and makes sure it is this user's before a byte is sent:
    /// a socket path in a shared directory can be taken by anyone, who would then read every
    /// request. A stranger's socket is closed unused (`.strangerSocket`).
    public static func connect(to path: String) async throws(RegistrarError) -> RegistrarClient {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.allowRemoteHalfClosure, value: true)
                .connect(unixDomainSocketPath: path) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true))
                    }
                }
        } catch {
            throw RegistrarError(.noDaemon, "no registrar daemon is listening on \(path) (\(Self.describe(error)))")
        }
        let peer = try? await PeerCredentials.of(channel.channel).get()
        guard let peer, peer.uid == getuid() else {
            try? await channel.executeThenClose { _, _ in }
            throw RegistrarError(.strangerSocket, peer.map {
                "refusing \(path): it is served by pid \($0.pid) of uid \($0.uid), not by this user (uid \(getuid())); "
                    + "nothing was sent to it"
            } ?? "refusing \(path): cannot tell who serves it (SO_PEERCRED failed); nothing was sent to it")
        }
        return RegistrarClient(path: path, channel: channel)
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
    /// Whether a line that satisfies `predicate` has arrived and waits to be taken.
    public func hasLine(where predicate: (String) -> Bool) -> Bool { inbox.contains(where: predicate) }

    public func next(timeout: Duration? = nil, where predicate: @escaping @Sendable (String) -> Bool = { _ in true }) async -> String? {
        await inbox.next(timeout: timeout, where: predicate)
    }

    /// The next message, parsed, that satisfies `predicate`.
    public func nextMessage(timeout: Duration? = nil, where predicate: @escaping @Sendable (JSONValue) -> Bool) async -> JSONValue? {
        let line = await next(timeout: timeout) { line in (try? JSONLine.decode(line)).map(predicate) ?? false }
        return line.flatMap { try? JSONLine.decode($0) }
    }

    /// Sends a request and waits for the reply with its id; answers the reply's payload.
    public func request(_ type: String, payload: JSONValue = [:], timeout: Duration = .seconds(10)) async throws(RegistrarError) -> JSONValue {
        let line = try await exchange(type, payload: JSONLine.encode(payload), timeout: timeout)
        guard let reply = try? JSONLine.decode(line), let payload = reply["payload"] else {
            throw RegistrarError(.badReply, "unexpected reply from the daemon: a response without payload")
        }
        return payload
    }

    /// Sends a typed request and decodes its typed reply payload.
    public func call<Payload: Codable & Sendable, Answer: Decodable & Sendable>(
        _ type: String, _ payload: Payload, answer: Answer.Type, timeout: Duration = .seconds(10)
    ) async throws(RegistrarError) -> Answer {
        let line = try await exchange(type, payload: WireJSON.encode(payload), timeout: timeout)
        return try WireJSON.decode(ReplyLine<Answer>.self, from: line).payload
    }

    /// Sends a request whose payload is `payload` (JSON text) and answers the reply line.
    private func exchange(_ type: String, payload: String, timeout: Duration) async throws(RegistrarError) -> String {
        let id = UUID().uuidString.lowercased()
        send(line: "{\"id\":\"\(id)\",\"payload\":\(payload),\"sender\":\(WireJSON.encode(MessageSender.registrar)),\"type\":\(WireJSON.encode(type))}")
        // Lines that cannot be the reply (roll calls piling up meanwhile) are skipped without
        // parsing; a candidate is read for its id and type only.
        let line = await next(timeout: timeout) { line in
            guard line.contains(id), let head = try? WireJSON.decode(ReplyHead.self, from: line) else { return false }
            return head.id == id && head.type == "response"
        }
        guard let line else {
            throw isClosed ? RegistrarError(.daemonClosed, "the daemon closed the connection")
                : RegistrarError(.noAnswer, "no answer from the daemon: \(type) after \(timeout)")
        }
        return line
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        return "\(error)"
    }
}

/// A line, read only for what tells a reply to this request.
private struct ReplyHead: Decodable {
    let id: String?
    let type: String
}

/// A reply line, read only for its payload.
private struct ReplyLine<Payload: Decodable>: Decodable {
    let payload: Payload
}
