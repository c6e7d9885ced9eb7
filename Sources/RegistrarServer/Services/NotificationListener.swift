import ServiceLifecycle

/// Hands the notification server's answers (an action chosen, a notification closed) to the
/// core, for as long as the daemon runs.
struct NotificationListener<C: Clock>: Service where C.Duration == Duration {
    let core: DaemonCore<C>
    let notifier: any DesktopNotifier

    func run() async throws {
        let events = notifier.events
        await cancelWhenGracefulShutdown {
            for await event in events { await core.notificationEvent(event) }
        }
        // Without notifications the stream ends at once; the service still ends with the daemon.
        try? await gracefulShutdown()
    }
}
