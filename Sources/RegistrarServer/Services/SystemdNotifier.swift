import CSystemd
import FoundationEssentials
import Glibc
import Logging
import ServiceLifecycle
import X11Windows

/// The daemon as a `Type=notify` unit sees it (sd_notify through libsystemd; nothing happens
/// outside systemd, where `NOTIFY_SOCKET` is unset): `READY=1` once it serves (the socket
/// listens and the display answered or is known to be away, which `prepare` waited for),
/// `STATUS=` in words whenever it changes, and, with `WatchdogSec=`, `WATCHDOG=1` only after a
/// check through the core's actor and the X thread both came back in time. A wedged actor or a
/// stuck X thread stops the pings, and systemd restarts the daemon; a display that is away does
/// not (the X thread still answers). `STOPPING=1` is sent by the stop itself.
struct SystemdNotifier<C: Clock>: Service where C.Duration == Duration {
    let core: DaemonCore<C>
    let windows: any WindowSource
    let logger: Logger

    /// Half the watchdog's interval (systemd's advice), or nil without one.
    static var watchdogPing: Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(usec / 2))
    }

    static func notify(_ state: String) { SystemdNotify.send(state) }

    func run() async throws {
        let said = await core.serviceStatusText()
        Self.notify("READY=1\nSTATUS=\(said)")
        // Cancelled at the stop's start, so the stop never waits for the next turn.
        await cancelWhenGracefulShutdown { await supervise(said: said) }
    }

    private func supervise(said first: String) async {
        let ping = Self.watchdogPing
        var said = first
        let interval = min(ping ?? .seconds(5), .seconds(5))
        var late = false
        while !Task.isCancelled {
            guard (try? await Task.sleep(for: interval)) != nil else { return }
            if ping != nil {
                let check = min(interval, .seconds(2))
                let actor = await core.ask(within: check) { _ in true } ?? false
                let thread = await windows.answersPromptly(within: check)
                let healthy = actor && thread
                if healthy {
                    Self.notify("WATCHDOG=1")
                    if late { logger.notice("the watchdog's check passes again") }
                } else if !late {
                    let part = actor ? "the X thread" : "the daemon's core"
                    logger.error("the watchdog's check failed: \(part) did not answer within \(check)")
                    // Said where `systemctl status` shows it; the pings stop, and systemd restarts it.
                    Self.notify("STATUS=not answering: \(part) did not answer within \(check)")
                    said = ""
                }
                late = !healthy
            }
            guard let text = await core.ask(within: .seconds(2), { $0.serviceStatusText() }) else { continue }
            if text != said {
                Self.notify("STATUS=\(text)")
                said = text
            }
        }
    }
}
