import FoundationEssentials
import Registrar
import RegistrarProtocol
import X11Windows

/// Counting what the core itself sees (registrations, windows), and the health report.
extension DaemonCore {
    /// Answers a registration and counts it: answered (with its round trip), timed out (no
    /// window by its deadline, or no display), or failed (ambiguous, claimed, refused).
    func answerRegistration(_ waiter: RegistrationWaiter, _ outcome: RegistrationOutcome, taskspace: TaskspaceID) {
        reply(waiter.reply(outcome, taskspace: taskspace), to: waiter.connection)
        switch outcome {
        case .registered:
            let now = ContinuousClock.now
            metrics.count(.registrationsAnswered)
            latencies.record(waiter.received.duration(to: now), at: now)
        case .notFound, .displayUnavailable:
            metrics.count(.registrationsTimedOut)
        case .ambiguous, .abandoned, .claimedElsewhere:
            metrics.count(.registrationsFailed)
        }
    }

    func countWindow(_ change: WindowChange) {
        switch change {
        case .appeared: metrics.count(.windowsSeen)
        case .gone: metrics.count(.windowsLost)
        case .retitled: break
        }
    }

    /// The health section of `status`, taken on the actor (the memory is read off it, by
    /// `StatusReport`).
    func healthReport(watcher: WatcherStatus) -> HealthData {
        var counts = metrics.values
        counts["roll_calls_held_back"] = registry.rollCallsHeldTotal
        counts["x_reconnects"] = watcher.reconnects
        counts["x_errors"] = watcher.protocolErrors
        counts["bus_joins"] = bus.report.joins
        let recent = latencies.summary(at: .now)
        return HealthData(uptimeSeconds: Date().timeIntervalSince(startedAt), rssAnonBytes: nil,
                          counts: counts, registrationsLastMinute: recent.count, registrationP50Ms: recent.p50,
                          registrationP99Ms: recent.p99, stateWriteError: metrics.stateWriteError)
    }
}
