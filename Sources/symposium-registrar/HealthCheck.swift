import FoundationEssentials
import Registrar
import RegistrarProtocol

/// `status --check`: what in the daemon's status needs someone, one line each, for scripts and
/// monitoring. No line: healthy.
struct HealthCheck {
    let status: StatusData
    /// How long the display may be away before it counts.
    let displayAwayLimit: Double
    let now: Date

    var problems: [String] {
        var problems: [String] = []
        let x11 = status.x11
        let since = (try? Date(x11.since, strategy: .iso8601)).map { now.timeIntervalSince($0) } ?? 0
        switch x11.state {
        case "unresponsive":
            problems.append("the X server on \(status.display) has not answered since \(x11.since)")
        case "disconnected" where since > displayAwayLimit:
            problems.append("the display \(status.display) is away since \(x11.since) (\(x11.reason ?? "no reason given"))")
        default:
            break
        }
        for failure in status.fileErrors ?? [] {
            problems.append("\(failure.path.printable): \(failure.error.printable) (since \(failure.since), \(failure.attempts) attempts)")
        }
        if let error = status.health?.stateWriteError {
            problems.append("the state file \(status.stateFile.printable) cannot be written: \(error.printable)")
        }
        if let bus = status.bus, bus.state == "refused" {
            problems.append("Symposium's bus at \(bus.path ?? "?") refused: \(bus.reason ?? "")")
        }
        if let bus = status.bus, let acting = bus.acting, acting.hasPrefix("refused") {
            problems.append("Symposium's bus may not spawn or delete: \(acting)")
        }
        if let heartbeat = status.heartbeat, let beat = try? Date(heartbeat, strategy: .iso8601), now.timeIntervalSince(beat) > 15 {
            problems.append("the daemon's heartbeat is late: last at \(heartbeat)")
        }
        return problems
    }
}
