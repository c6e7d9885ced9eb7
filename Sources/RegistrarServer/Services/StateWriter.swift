import Logging
import ServiceLifecycle

/// Writes the daemon's state when it changed, once for a burst of changes (`coalescing` after
/// the first), off the core's actor; at shutdown it writes once more, last of all, after every
/// pending request was answered. It is the only writer, so no write can come after that one.
/// A write that took long (80 MB at the documented limits) spaces the next: at least four
/// times its own duration, so writing never takes more than a fifth of the time.
public struct StateWriter<C: Clock>: Service where C.Duration == Duration {
    let core: DaemonCore<C>
    let store: any StateStore
    let clock: C
    let coalescing: Duration
    let logger: Logger

    public init(core: DaemonCore<C>, store: any StateStore, clock: C, coalescing: Duration, logger: Logger) {
        self.core = core
        self.store = store
        self.clock = clock
        self.coalescing = coalescing
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var lastWrite = Duration.zero
            while !Task.isCancelled {
                await core.stateChanged.wait()
                guard (try? await clock.sleep(for: max(coalescing, lastWrite * 4))) != nil else { return }
                let started = clock.now
                await write()
                lastWrite = min(started.duration(to: clock.now), .seconds(10))
            }
        }
        await write()
    }

    private func write() async {
        let state = await core.persistentState()
        do {
            try store.save(state)
            core.metrics.stateWritten(error: nil)
        } catch {
            core.metrics.stateWritten(error: "\(error)")
            logger.warning("could not write the state file", metadata: ["path": "\(store.location)", "error": "\(error)"])
        }
    }
}
