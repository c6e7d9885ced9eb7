import FoundationEssentials
import Glibc
import Logging
import RegistrarProtocol

/// Where the daemon keeps its state between runs. The live store is a file; tests hand the
/// daemon one that lives in memory or counts what was saved.
public protocol StateStore: Sendable {
    /// The saved state; nil when there is none (an unreadable one is set aside with a warning);
    /// an error when the file is not the user's own to read.
    func load() throws(RegistrarError) -> DaemonState?
    func save(_ state: DaemonState) throws(RegistrarError)
    /// Where it lives, for `status` and messages.
    var location: String { get }
}

/// The state file (`$XDG_STATE_HOME/symposium-registrar/<display>.json` or `--state-file`),
/// written whole through `AtomicFile`.
public struct FileStateStore: StateStore {
    public let path: String
    private let logger: Logger

    public init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
    }

    public var location: String { path }

    public func load() throws(RegistrarError) -> DaemonState? {
        // Temporary files a writer killed mid-write left behind; only the lock holder gets here.
        AtomicFile.removeLeftovers(of: path)
        return try DaemonState.load(from: path, logger: logger)
    }

    public func save(_ state: DaemonState) throws(RegistrarError) {
        try state.save(to: path)
    }
}
