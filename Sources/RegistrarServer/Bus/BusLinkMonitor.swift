import FoundationEssentials
import Glibc
import RegistrarProtocol
import Synchronization

/// Where the link to Symposium's bus stands, for `status`: written by the `BusLink` service,
/// read by the core.
public final class BusLinkMonitor: Sendable {
    public enum State: String, Sendable {
        /// `--symposium-bus off`, or the path is the registrar's own socket.
        case off
        /// Nothing listens at the path (yet); it is tried again with back-off.
        case waiting
        case joined
        /// Something listens there, but not as this user: not joined.
        case refused
    }

    private struct Status {
        var path: String?
        var state = State.off
        var since = Date()
        var reason: String?
        var messagesIn = 0
        var messagesOut = 0
        var joins = 0
        /// Why requests from the bus may not make the registrar act (spawn, delete); nil when they may.
        var actingRefusal: String? = "not joined"
    }

    private let status = Mutex(Status())

    public init() {}

    func set(_ state: State, path: String?, reason: String? = nil) {
        status.withLock { status in
            guard status.state != state || status.reason != reason || status.path != path else { return }
            status.state = state
            status.path = path
            status.reason = reason
            status.since = Date()
            if state == .joined { status.joins += 1 }
        }
    }

    /// Whether the bus's socket lets only this user in, checked at every join (`BusTrust`).
    func setActing(refusal: String?) { status.withLock { $0.actingRefusal = refusal } }

    /// Why a side effect asked over the bus is refused now; nil when it may be carried out.
    public var actingRefusal: String? { status.withLock { $0.actingRefusal } }

    func countIn() { status.withLock { $0.messagesIn += 1 } }
    func countOut() { status.withLock { $0.messagesOut += 1 } }

    public var state: State { status.withLock { $0.state } }

    var report: StatusData.Bus {
        status.withLock {
            var bus = StatusData.Bus(path: $0.path, state: $0.state.rawValue, since: $0.since.ISO8601Format(), reason: $0.reason,
                                     messagesIn: $0.messagesIn, messagesOut: $0.messagesOut, joins: $0.joins)
            bus.acting = $0.state == .joined ? ($0.actingRefusal.map { "refused: \($0)" } ?? "allowed") : nil
            return bus
        }
    }
}
