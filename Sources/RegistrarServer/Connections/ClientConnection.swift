import Logging
import NIOCore
import Registrar
import RegistrarProtocol

/// One client's session, from accept to close: a reader that hands lines to the core and runs
/// the follow-ups it answers, and a writer that drains the client's outbound queue. Errors end
/// this connection only.
struct ClientConnection<C: Clock>: Sendable where C.Duration == Duration {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    /// The peer's uid (`SO_PEERCRED`), for the requests only the daemon's own user may make.
    let peerUID: UInt32
    /// The peer's pid (`SO_PEERCRED`), which the per-process connection limit counts by.
    let peerPID: Int32
    let hub: ConnectionHub
    let core: DaemonCore<C>
    let lineLimit: Int
    let inputBudget: InputBudget
    let logger: Logger

    func run() async {
        let (id, outbox) = hub.connect(peerUID: peerUID, peerPID: peerPID, cutOff: { [channel] in channel.channel.close(promise: nil) })
        logger.debug("client connected", metadata: ["client": "\(id)"])
        do {
            try await channel.executeThenClose { inbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await read(inbound, as: id) }
                    // The queue ends when the hub lets go of this client: at once after an error
                    // or at shutdown, after the last answer it is owed when it closed its side.
                    // Each line is awaited until the kernel took all of it: the outbox counts it
                    // until then, so bytes a client leaves unread in NIO's buffers count toward
                    // the budgets too, not only those still queued.
                    let raw = channel.channel
                    for await line in outbox {
                        let buffer = Self.buffer(line)
                        try await raw.writeAndFlush(buffer).get()
                        core.metrics.count(.bytesOut, by: buffer.readableBytes)
                    }
                    group.cancelAll()
                }
            }
        } catch {
            logger.debug("client connection ended with an error", metadata: ["client": "\(id)", "error": "\(error)"])
        }
        hub.disconnect(id)
        await core.connectionClosed(id)
        logger.debug("client disconnected", metadata: ["client": "\(id)"])
    }

    private static func buffer(_ line: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(line.utf8.count + 1)
        buffer.writeString(line)
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer
    }

    private func read(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>, as id: ConnectionHub.ConnectionID) async {
        let metrics = core.metrics
        let lines = inbound.map { chunk in
            metrics.count(.bytesIn, by: chunk.readableBytes)  // as read, whether or not it makes a line
            return chunk
        }.decode(using: NewlineFramer(budget: inputBudget), maximumBufferSize: lineLimit)
            .map { IncomingLine(bytes: $0.readableBytesView) }
        do {
            try await ConnectionSession(core: core, id: id).read(lines)
        } catch let error as InputBudgetSpent {
            core.metrics.count(.cutOffInputBudget)
            hub.send(Message.failure(to: nil, error.description).line, to: id)
            logger.warning("the budget for unfinished lines is spent; a connection was closed", metadata: ["client": "\(id)"])
            hub.disconnect(id)
        } catch let error as ConnectionSession<C>.TooManyInvalidLines {
            core.metrics.count(.cutOffInvalidLines)
            hub.send(Message.failure(to: nil, error.description).line, to: id)
            logger.notice("client sent only invalid lines; disconnected", metadata: ["client": "\(id)"])
            hub.disconnect(id)
        } catch is ByteToMessageDecoderError.PayloadTooLargeError {
            core.metrics.count(.cutOffLongLine)
            let error = "line longer than the limit of \(lineLimit) bytes; closing the connection"
            hub.send(Message.failure(to: nil, error).line, to: id)
            logger.notice("client sent an over-long line; disconnected", metadata: ["client": "\(id)"])
            hub.disconnect(id)
        } catch {
            hub.disconnect(id)
        }
    }
}
