import ServiceLifecycle
import X11Windows

/// Carries the window source's changes into the core, one at a time, in order. The stream was
/// subscribed before the source started, so the core sees every window appear. At shutdown
/// the source stops.
public struct WindowEventPump<C: Clock>: Service where C.Duration == Duration {
    let core: DaemonCore<C>
    let source: any WindowSource
    let events: WatcherEvents

    public init(core: DaemonCore<C>, source: any WindowSource, events: WatcherEvents) {
        self.core = core
        self.source = source
        self.events = events
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            for await event in events { await core.windowEvent(event) }
        }
        await source.stop()
    }
}
