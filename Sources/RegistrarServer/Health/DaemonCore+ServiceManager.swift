import FoundationEssentials
import Glibc
import Registrar
import X11Windows

/// What the daemon says of itself to its service manager.
extension DaemonCore {
    /// `STATUS=` for systemd, in words: the X state, windows, taskspaces, the bus.
    func serviceStatusText() -> String {
        let status = environment.windows.status
        let x = switch status.connection {
        case .connected where status.silentSince != nil: "X \(status.display) not answering"
        case .connected: "X \(status.display) connected"
        case .connecting: "X \(status.display) connecting"
        case .disconnected: "X \(status.display) away"
        }
        let registered = registry.allTaskspaces.filter(\.isRegistered).count
        return "\(x); \(registry.windows.count) windows; \(registry.taskspaceCount) taskspaces, \(registered) with a window; "
            + "bus \(bus.state.rawValue)"
    }

    /// The test hook behind `SYMPOSIUM_REGISTRAR_TEST_HOOKS=1` and SIGUSR2: the actor's thread
    /// blocks for good, as a deadlock would leave it.
    func wedgeForTest() {
        logger.critical("test hook: the core's actor is wedged on purpose")
        while true { sleep(3600) }
    }

    private func run<T: Sendable>(_ body: @Sendable (isolated DaemonCore) -> T) -> T { body(self) }

    /// `question` answered on the actor within `limit`, or nil: the watchdog's look at a core that
    /// may be wedged. Not a task group: a group waits for all its tasks, and the one on a wedged
    /// actor never ends; that one is left behind.
    nonisolated func ask<T: Sendable>(within limit: Duration, _ question: @escaping @Sendable (isolated DaemonCore) -> T) async -> T? {
        let answer = OnceAnswer<T?>()
        return await withCheckedContinuation { continuation in
            answer.wait(continuation)
            Task { answer.give(await self.run(question)) }
            Task {
                try? await Task.sleep(for: limit)
                answer.give(nil)
            }
        }
    }
}
