import RegistrarProtocol
import RegistrarServer
import Synchronization

/// A `StateStore` in memory, shared between daemons of one test as a file would be, that
/// counts its saves.
public final class MemoryStateStore: StateStore {
    private struct State {
        var saved: DaemonState?
        var saves = 0
    }

    private let state = Mutex(State())

    public init(_ initial: DaemonState? = nil) { state.withLock { $0.saved = initial } }

    public var saved: DaemonState? { state.withLock { $0.saved } }
    public var saves: Int { state.withLock { $0.saves } }
    public var location: String { "memory" }

    public func load() -> DaemonState? { saved }

    public func save(_ state: DaemonState) throws(RegistrarError) {
        self.state.withLock {
            $0.saved = state
            $0.saves += 1
        }
    }
}
