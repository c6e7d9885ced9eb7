import FoundationEssentials
import Glibc
import Synchronization

/// Every connected client and its outbox. Sending never waits: a line goes into the client's
/// outbox, bounded by bytes and drained by that connection's own writer task, so one client
/// that stops reading cannot slow the others. A client over its budget is cut off; when all
/// of them together hold more than the total budget, the one holding most is.
public final class ConnectionHub: Sendable {
    public typealias ConnectionID = UInt64

    /// What `status` shows of a client.
    /// A connection to the registrar's own socket, or its link to Symposium's bus, which gets
    /// roll calls and the replies to what it asked, but none of the own socket's relayed traffic.
    public enum Role: String, Sendable, Hashable {
        case client
        case bus
    }

    public struct ClientInfo: Sendable, Hashable {
        public let id: ConnectionID
        public let role: Role
        public var name: String?
        public let connectedAt: Date
        /// The peer's uid where the kernel said it (`SO_PEERCRED`); nil for the bus link.
        public let peerUID: UInt32?
        /// The peer's pid where the kernel said it; nil for the bus link and in-process clients.
        public let peerPID: Int32?
        public var messagesIn: Int = 0
    }

    private struct Client {
        var info: ClientInfo
        let outbound: Outbox
        /// When it last sent a line other than a keep-alive (or connected).
        var lastActive = ContinuousClock.now
        /// Invalid lines it sent in a row, up to now.
        var invalidRun = 0
        /// Closes the connection at once, queued lines or not.
        let cutOff: @Sendable () -> Void
    }

    /// A client cut off for what it left unread.
    public struct Dropped: Sendable, Hashable {
        public enum Cause: String, Sendable, Hashable {
            /// More than its own outbound budget waited.
            case ownBudget = "its own outbound budget"
            /// All clients together held more than the total budget, and it held most.
            case totalBudget = "the total outbound budget"
        }
        public let id: ConnectionID
        public let cause: Cause
        /// Bytes it had waiting.
        public let bytes: Int
    }

    private struct State {
        var clients: [ConnectionID: Client] = [:]
        var nextID: ConnectionID = 1
        var dropped: [Dropped] = []
    }

    private let state = Mutex(State())
    /// Bytes a client may have waiting before it is cut off.
    public let outboundBudget: Int
    /// Bytes waiting for all clients together.
    public let total: OutboundTotal

    public init(outboundBudget: Int, totalBudget: Int = 16 << 20) {
        precondition(outboundBudget > 0)
        self.outboundBudget = outboundBudget
        total = OutboundTotal(budget: totalBudget)
    }

    /// Registers a new client; its writer drains the stream until the hub finishes it.
    /// `cutOff` closes the connection without waiting for its queue, for a client that stopped reading.
    public func connect(role: Role = .client, peerUID: UInt32? = nil, peerPID: Int32? = nil,
                        cutOff: @escaping @Sendable () -> Void) -> (ConnectionID, Outbox) {
        let outbox = Outbox(budget: outboundBudget, total: total)
        let id = state.withLock { state -> ConnectionID in
            let id = state.nextID
            state.nextID += 1
            state.clients[id] = Client(info: ClientInfo(id: id, role: role, connectedAt: Date(), peerUID: peerUID, peerPID: peerPID), outbound: outbox,
                                       cutOff: cutOff)
            return id
        }
        return (id, outbox)
    }

    /// Ends the client's queue: its writer sends what is queued and stops.
    public func disconnect(_ id: ConnectionID) {
        let client = state.withLock { $0.clients.removeValue(forKey: id) }
        client?.outbound.finish()
    }

    /// Ends every client's queue (shutting down); answers the closers for clients that do not
    /// drain in time.
    public func disconnectAll() -> [@Sendable () -> Void] {
        let clients = state.withLock { state in
            defer { state.clients.removeAll() }
            return Array(state.clients.values)
        }
        for client in clients { client.outbound.finish() }
        return clients.map(\.cutOff)
    }

    public func setName(_ name: String, of id: ConnectionID) {
        state.withLock { $0.clients[id]?.info.name = name }
    }

    /// Notes a line from `id`; `valid` false for one that was not a message. A keep-alive
    /// (an empty or control line) is counted but is not activity: it cannot keep an otherwise
    /// idle connection from making room.
    public func countMessage(from id: ConnectionID, valid: Bool = true, keepAlive: Bool = false) {
        state.withLock { state in
            state.clients[id]?.info.messagesIn += 1
            if !keepAlive { state.clients[id]?.lastActive = .now }
            if valid { state.clients[id]?.invalidRun = 0 } else { state.clients[id]?.invalidRun += 1 }
        }
    }

    /// A run of this many invalid lines marks a client that a full table may drop for a new one.
    public static let misbehavingRun = 3

    /// A connection closed to make room for a new one, and why it was chosen.
    public struct Eviction: Sendable, Hashable {
        public let id: ConnectionID
        public let pid: Int32?
        public let why: String
    }

    /// Cuts off a client of the own socket to make room for a newcomer from process
    /// `newcomer`, and answers which: the one idle longest, if longer than `idle`; else the one
    /// whose last `misbehavingRun` or more lines were all invalid (the longest such run); else
    /// the least active connection of the process holding the most, unless that is the
    /// newcomer's own. So garbage and keep-alives cannot hold the table, and no process can
    /// keep another out.
    public func evictForRoom(idleLongerThan idle: Duration, newcomer: Int32? = nil) -> Eviction? {
        let evicted = state.withLock { state -> (Client, String)? in
            let now = ContinuousClock.now
            let clients = state.clients.values.filter { $0.info.role == .client }
            let victim: (Client, String)? = {
                if let idlest = clients.filter({ now - $0.lastActive > idle }).min(by: { $0.lastActive < $1.lastActive }) {
                    return (idlest, "idle longest")
                }
                if let garbage = clients.filter({ $0.invalidRun >= Self.misbehavingRun }).max(by: { $0.invalidRun < $1.invalidRun }) {
                    return (garbage, "only invalid lines of late")
                }
                let byProcess = Dictionary(grouping: clients.filter { $0.info.peerPID != nil }, by: { $0.info.peerPID! })
                guard let (pid, held) = byProcess.max(by: { $0.value.count < $1.value.count }), pid != newcomer,
                      held.count > (newcomer.flatMap { byProcess[$0]?.count } ?? 0) + 1,
                      let quietest = held.min(by: { $0.lastActive < $1.lastActive }) else { return nil }
                return (quietest, "its process (pid \(pid)) held the most connections (\(held.count))")
            }()
            guard let victim else { return nil }
            state.clients[victim.0.info.id] = nil
            return victim
        }
        guard let (client, why) = evicted else { return nil }
        client.outbound.discard()
        client.cutOff()
        return Eviction(id: client.info.id, pid: client.info.peerPID, why: why)
    }

    public func name(of id: ConnectionID) -> String? { state.withLock { $0.clients[id]?.info.name } }

    public func peerUID(of id: ConnectionID) -> UInt32? { state.withLock { $0.clients[id]?.info.peerUID } }

    public var clients: [ClientInfo] { state.withLock { $0.clients.values.map(\.info).sorted { $0.id < $1.id } } }


    /// Queues `line` for one client; false when it is gone or was cut off over its budget.
    @discardableResult
    public func send(_ line: String, rollCall: String? = nil, to id: ConnectionID) -> Bool {
        state.withLock { state in
            guard let client = state.clients[id] else { return false }
            return enqueue(line, rollCall: rollCall, to: client, in: &state)
        }
    }

    /// Bytes a client may leave unread before its next request waits for it to read.
    public static let readAheadLimit = 64 << 10

    /// Returns once the client has fewer than `readAheadLimit` bytes waiting (or is gone).
    public func waitUntilRead(_ id: ConnectionID) async {
        guard let outbox = state.withLock({ $0.clients[id]?.outbound }) else { return }
        await outbox.waitForRoom(below: Self.readAheadLimit)
    }

    public func role(of id: ConnectionID) -> Role? { state.withLock { $0.clients[id]?.info.role } }

    /// Queues `line` for every client (`relay`: only those of the own socket); answers how many
    /// it reached. `rollCall` names the taskspace of a roll call, which a client that has one
    /// for it waiting already does not get twice.
    @discardableResult
    public func broadcast(_ line: String, relay: Bool = false, rollCall: String? = nil) -> Int {
        state.withLock { state in
            var reached = 0
            for client in state.clients.values where !(relay && client.info.role == .bus) {
                // A client cut off for the total budget during this loop is not sent to again.
                guard state.clients[client.info.id] != nil else { continue }
                if enqueue(line, rollCall: rollCall, to: client, in: &state) { reached += 1 }
            }
            return reached
        }
    }

    /// Clients cut off for a full queue since the last call, for the log.
    public func takeDropped() -> [Dropped] {
        state.withLock { state in
            defer { state.dropped.removeAll() }
            return state.dropped
        }
    }

    private func enqueue(_ line: String, rollCall: String?, to client: Client, in state: inout State) -> Bool {
        switch client.outbound.offer(line, rollCall: rollCall) {
        case .queued:
            guard total.isOverBudget else { return true }
            // Over the total: the client holding most goes, whoever was just sent to.
            while total.isOverBudget, let heaviest = state.clients.values.max(by: {
                $0.outbound.waitingBytes < $1.outbound.waitingBytes
            }), heaviest.outbound.waitingBytes > 0 {
                Self.cut(heaviest, .totalBudget, in: &state)
            }
            return state.clients[client.info.id] != nil
        case .coalesced:
            return true
        case .overBudget:
            Self.cut(client, .ownBudget, in: &state)
            return false
        case .closed:
            state.clients[client.info.id] = nil
            return false
        }
    }

    /// Cuts `client` off now: its waiting lines are dropped and its connection closed.
    private static func cut(_ client: Client, _ cause: Dropped.Cause, in state: inout State) {
        state.dropped.append(Dropped(id: client.info.id, cause: cause, bytes: client.outbound.waitingBytes))
        state.clients[client.info.id] = nil
        client.outbound.discard()
        client.cutOff()
    }
}
