import ServiceLifecycle
import X11Windows

/// Carries the stacker's follows into the core (the stack's rectangle, kept in the state file),
/// and stops the stacker's thread with the daemon.
struct StackFollowPump<C: Clock>: Service where C.Duration == Duration {
    let core: DaemonCore<C>
    let stacker: any WindowStacker

    func run() async throws {
        let follows = stacker.followed()
        await cancelWhenGracefulShutdown {
            for await follow in follows { await core.stackFollowed(follow) }
        }
        stacker.stop()
        try? await gracefulShutdown()
    }
}
