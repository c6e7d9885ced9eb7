import ServiceLifecycle

/// Tries failed `taskspace.json` writes again, every `interval` while any is failing, off the
/// core's actor; waits for a failure otherwise.
public struct FileRetrier<C: Clock>: Service where C.Duration == Duration {
    let core: DaemonCore<C>
    let clock: C
    let interval: Duration

    public init(core: DaemonCore<C>, clock: C, interval: Duration) {
        self.core = core
        self.clock = clock
        self.interval = interval
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let failed = await core.failedFileWrites()
                if failed.isEmpty {
                    await core.fileFailed.wait()
                    continue
                }
                guard (try? await clock.sleep(for: interval)) != nil else { return }
                for write in failed {
                    let error = await FileWork.run(write.perform)
                    await core.fileWritten(write, error: error)
                }
            }
        }
    }
}
