import FoundationEssentials
import Glibc
import Logging
import Registrar
import RegistrarClient
import RegistrarProtocol

/// How a starting daemon becomes the one daemon of its socket (docs/ARCHITECTURE.md, "One
/// daemon, and what survives it"): probe the socket, and leave quietly when a daemon answers; otherwise take the
/// lock, and only while holding it remove a stale socket file. Ten daemons started at once end
/// with one holding the lock and nine finding it answering.
public enum DaemonStartup {
    public enum Outcome: Sendable {
        case serve(InstanceLock)
        case alreadyRunning(pid: Int64?, socket: String)
    }

    /// `replace` asks a running daemon to shut down gracefully and takes over once it has.
    /// `runtimeDirectory` is the `$XDG_RUNTIME_DIR` a default socket path was made under.
    public static func claim(
        socketPath: String, explicit: Bool, runtimeDirectory: String? = nil, replace: Bool, logger: Logger
    ) async throws(RegistrarError) -> Outcome {
        if replace {
            if try await askToShutDown(socketPath) { logger.notice("asked the running daemon to shut down", metadata: ["socket": "\(socketPath)"]) }
        } else if let pid = try await probe(socketPath) {
            return .alreadyRunning(pid: pid, socket: socketPath)
        }
        try SocketDirectory.prepare(socketPath: socketPath, explicit: explicit, runtimeDirectory: runtimeDirectory)
        let deadline = ContinuousClock.now + .seconds(replace ? 20 : 10)
        while true {
            if let lock = try InstanceLock.acquire(socketPath: socketPath) {
                try removeStaleSocket(socketPath)
                return .serve(lock)
            }
            // Another daemon holds the lock: it is starting, running, or (with --replace) leaving.
            if !replace, let pid = try await probe(socketPath) { return .alreadyRunning(pid: pid, socket: socketPath) }
            if ContinuousClock.now > deadline {
                let holder = InstanceLock.readRecord(socketPath: socketPath).map { "pid \($0.pid)" } ?? "another process"
                throw RegistrarError(.startup, "\(holder) holds \(socketPath).lock but does not answer on \(socketPath)")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The pid of the daemon answering on `path`, nil when none answers. A daemon that accepts
    /// but does not answer in time still counts as running (pid unknown); another user's
    /// process on the path is no daemon of ours and ends the start-up with an error.
    static func probe(_ path: String) async throws(RegistrarError) -> Int64?? {
        guard let client = try await connectUnlessAbsent(path) else { return nil }
        let reply = try? await client.request("registrar_status", timeout: .seconds(3))
        await client.close()
        return .some(reply?["data"]?["pid"]?.intValue)
    }

    private static func askToShutDown(_ path: String) async throws(RegistrarError) -> Bool {
        guard let client = try await connectUnlessAbsent(path) else { return false }
        let reply = try? await client.request("registrar_shutdown", timeout: .seconds(5))
        await client.close()
        return reply?["success"]?.boolValue == true
    }

    /// A connection to the daemon on `path`; nil when nothing listens there; a stranger's
    /// socket is an error naming who serves it.
    private static func connectUnlessAbsent(_ path: String) async throws(RegistrarError) -> RegistrarClient? {
        do {
            return try await RegistrarClient.connect(to: path)
        } catch where error.code == .strangerSocket {
            throw RegistrarError(.strangerSocket, "\(error.message); not starting a daemon there (choose another --socket)")
        } catch {
            return nil
        }
    }

    private static func removeStaleSocket(_ path: String) throws(RegistrarError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw RegistrarError(.startup, "\(path) exists and is not a socket; refusing to remove it")
        }
        unlink(path)
    }
}
