import Registrar

/// The transport-free half of a connection: lines go to the core one at a time, in order; the
/// follow-ups it answers run beside the reading, in this session's own task group; the end of
/// the lines is reported so the core can close once nothing is owed. The socket server and
/// in-process tests both drive the core through it.
public struct ConnectionSession<C: Clock>: Sendable where C.Duration == Duration {
    public let core: DaemonCore<C>
    public let id: ConnectionHub.ConnectionID

    public init(core: DaemonCore<C>, id: ConnectionHub.ConnectionID) {
        self.core = core
        self.id = id
    }

    /// Reads until `lines` ends (reported to the core) or throws (passed on); returns once
    /// every follow-up has delivered its reply.
    public func read<Lines: AsyncSequence & Sendable>(_ lines: Lines) async throws where Lines.Element == IncomingLine {
        try await withThrowingDiscardingTaskGroup { followUps in
            for try await line in lines {
                if let work = await core.handle(line, from: id) { followUps.addTask { await work() } }
            }
            await core.readingEnded(id)
        }
    }
}
