import Registrar
import RegistrarProtocol

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

    /// After this many invalid lines in a row the connection is closed: whatever speaks there
    /// does not speak this protocol.
    public static var invalidLineLimit: Int { 100 }

    /// Too many invalid lines in a row.
    public struct TooManyInvalidLines: Error, CustomStringConvertible {
        public var description: String {
            "\(ConnectionSession.invalidLineLimit) invalid lines in a row; closing the connection"
        }
    }

    /// Reads until `lines` ends (reported to the core) or throws (passed on, as does a run of
    /// `invalidLineLimit` invalid lines); returns once every follow-up has delivered its reply.
    public func read<Lines: AsyncSequence & Sendable>(_ lines: Lines) async throws where Lines.Element == IncomingLine {
        try await withThrowingDiscardingTaskGroup { followUps in
            var invalidRun = 0
            for try await line in lines {
                // A client that leaves its replies unread gets no more made until it reads.
                await core.hub.waitUntilRead(id)
                if case .invalid(let messageID, let error) = line {
                    // Encoded here, in this connection's task: a flood of bad lines costs the
                    // actor, which serves everyone, no more than handing the line over.
                    await core.refuse(Message.failure(to: messageID, error).line, reason: error, from: id)
                } else {
                    // A project found from the editor's directory is read before its message.
                    if DaemonCore<C>.mayLeadToProject(line), let root = await core.projectToDiscover(for: line) {
                        let limit = core.configuration.taskspaceLimit
                        let loaded = await FileWork.run { () -> Result<ProjectStore.Loaded, RegistrarError> in
                            do throws(RegistrarError) { return .success(try ProjectStore.load(project: root, limit: limit)) } catch {
                                return .failure(error)
                            }
                        }
                        await core.projectDiscovered(root, loaded)
                    }
                    if let work = await core.handle(line, from: id) {
                        if work.inline { await work.run() } else { followUps.addTask { await work.run() } }
                    }
                }
                if case .invalid = line { invalidRun += 1 } else { invalidRun = 0 }
                if invalidRun >= Self.invalidLineLimit { throw TooManyInvalidLines() }
            }
            await core.readingEnded(id)
        }
    }
}
