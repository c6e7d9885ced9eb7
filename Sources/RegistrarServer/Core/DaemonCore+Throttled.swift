import Logging
import Registrar

/// Logs bounded. Events that can come by the thousand (a client naming made-up taskspaces, say) are logged
/// through a `LogThrottle`: the first at once, then one line per cause and interval with the count.
enum ThrottledCause: String, Hashable, Sendable {
    case taskspaceRefused = "taskspace refused: the limit is reached and none can make room"
    case taskspaceEvicted = "taskspace forgotten to make room (learned only from messages, named longest ago)"
    case cutOffOwnBudget = "client cut off: it left more unread than its own outbound budget allows"
    case cutOffTotalBudget = "client cut off: all clients together left more unread than the total outbound budget, and it the most"
    case connectionTableFull = "refused a connection: every connection is taken and none could make room"
    case connectionProcessFull = "refused a connection: its process holds its share of connections"
}

extension DaemonCore {
    /// Logs `cause` now or later with a count; `example` says what the newest event was about.
    func logThrottled(_ cause: ThrottledCause, _ example: String, level: Logger.Level = .notice) {
        if let report = throttle.note(cause, example, at: environment.clock.now) { log(report, level: level) }
    }

    /// The socket server turned a connection away.
    func connectionRefused(_ error: String, cause: ThrottledCause) {
        logThrottled(cause, error, level: .warning)
    }

    /// Counts whose interval is over (on the timer).
    func logThrottledCounts() {
        for report in throttle.due(at: environment.clock.now) { log(report, level: .notice) }
    }

    private func log(_ report: LogThrottle<ThrottledCause, C.Instant>.Report, level: Logger.Level) {
        logger.log(level: level, "\(report.cause.rawValue)", metadata: [
            "count": "\(report.count)", "latest": "\(report.example)",
        ])
    }

    /// One line per round of roll calls, however many taskspaces it called.
    func logRollCalls(_ calls: [RollCall], clients: Int) {
        guard let first = calls.first else { return }
        if calls.count == 1 {
            logger.info("roll call", metadata: [
                "taskspace": "\(first.taskspace)", "reason": "\(first.reason.rawValue)", "clients": "\(clients)",
            ])
            return
        }
        let reasons = Dictionary(grouping: calls, by: \.reason.rawValue).map { "\($0.key) \($0.value.count)" }.sorted()
        logger.info("roll call", metadata: [
            "taskspaces": "\(calls.count)", "reasons": "\(reasons.joined(separator: ", "))",
            "first": "\(first.taskspace)", "clients": "\(clients)",
        ])
    }

    /// One line for each client the hub cut off for what it left unread.
    func logCutOffs() {
        for dropped in hub.takeDropped() {
            metrics.count(dropped.cause == .ownBudget ? .cutOffOwnBudget : .cutOffTotalBudget)
            logThrottled(dropped.cause == .ownBudget ? .cutOffOwnBudget : .cutOffTotalBudget,
                         "client \(dropped.id) with \(dropped.bytes) bytes unread", level: .warning)
        }
    }
}
