import FoundationEssentials
import Glibc
import ServiceLifecycle
import RegistrarProtocol
import X11Windows

/// Where the daemon's instance record goes: the lock file, live; a double in tests.
public protocol InstanceRecordWriter: Sendable {
    var location: String { get }
    func write(_ record: InstanceRecord) throws(RegistrarError)
}

/// Rewrites the instance record every `interval` (the heartbeat people and `status` read). A
/// record that cannot be written ends the daemon: a daemon whose lock says nothing true is
/// worse than one that stops and is restarted.
struct LockHeartbeat<C: Clock>: Service where C.Duration == Duration {
    let core: DaemonCore<C>
    let writer: any InstanceRecordWriter
    let windows: any WindowSource
    let socket: String
    let clock: C
    let interval: Duration

    func run() async throws {
        let startedAt = Date().ISO8601Format()
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let record = InstanceRecord(
                    pid: getpid(), socket: socket, display: windows.status.display, startedAt: startedAt,
                    heartbeat: Date().ISO8601Format(), x11: "\(windows.status.connection)")
                do throws(RegistrarError) {
                    try writer.write(record)
                } catch {
                    throw RegistrarError(.serviceFailed, "cannot write the lock file \(writer.location): \(error.message)")
                }
                await core.setRecord(record)
                let watched = await core.stackSwitchWatchList()
                let changed = StackSwitch.changes(watched)
                if !changed.isEmpty { await core.stackSwitchesRead(changed) }
                _ = try? await clock.sleep(for: interval)
            }
        }
    }
}
