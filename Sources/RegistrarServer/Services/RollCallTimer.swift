import ServiceLifecycle

/// The daemon's one timer, as a service: it sleeps until the core's next deadline (a roll call,
/// or a registration that runs out), or until the core says that deadline moved earlier.
public struct RollCallTimer<C: Clock>: Service where C.Duration == Duration {
    let core: DaemonCore<C>
    let clock: C

    public init(core: DaemonCore<C>, clock: C) {
        self.core = core
        self.clock = clock
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let deadline = await core.armTimer()
                let due = await withTaskGroup(of: Bool.self) { race in
                    race.addTask { (try? await clock.sleep(until: deadline, tolerance: nil)) != nil }
                    race.addTask {
                        await core.deadlineMoved.wait()
                        return false
                    }
                    let first = await race.next() ?? false
                    race.cancelAll()
                    return first
                }
                if due, !Task.isCancelled { await core.timerFired() }
            }
        }
    }
}
