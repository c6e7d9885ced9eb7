import Registrar
import RegistrarProtocol

/// The health lines of `status`: what the daemon counted since it started, in words.
struct HealthText {
    let health: HealthData

    var lines: [String] {
        let h = health
        var lines: [String] = []
        let memory = h.rssAnonBytes.map { ", holding \(Self.bytes($0)) (RssAnon)" } ?? ""
        lines.append("health      up \(Self.duration(h.uptimeSeconds))\(memory)")
        var recent = "none in the last minute"
        if h.registrationsLastMinute > 0, let p50 = h.registrationP50Ms, let p99 = h.registrationP99Ms {
            recent = "\(h.registrationsLastMinute) in the last minute, round trip p50 \(Self.milliseconds(p50)), p99 \(Self.milliseconds(p99))"
        }
        lines.append("  registrations \(h["registrations_answered"]) answered (\(recent)), \(h["registrations_failed"]) failed, "
            + "\(h["registrations_timed_out"]) timed out")
        lines.append("  roll calls    \(h["roll_calls_sent"]) sent, \(h["roll_calls_held_back"]) held back")
        lines.append("  windows       \(h["windows_seen"]) seen, \(h["windows_lost"]) lost; X \(h["x_reconnects"]) reconnects, "
            + "\(h["x_errors"]) protocol errors")
        lines.append("  clients       \(h["clients_accepted"]) accepted, \(Self.tally(h, prefix: "refused_")) refused, "
            + "\(Self.tally(h, prefix: "cut_off_", also: ["closed_for_room"])) cut off")
        lines.append("  traffic       \(Self.bytes(h["bytes_in"])) in, \(Self.bytes(h["bytes_out"])) out")
        let stateError = h.stateWriteError.map { " (failing: \($0.printable))" } ?? ""
        lines.append("  writes        state file \(h["state_writes_ok"]) ok, \(h["state_writes_failed"]) failed\(stateError); "
            + "taskspace.json \(h["taskspace_writes_ok"]) ok, \(h["taskspace_writes_failed"]) failed")
        lines.append("  bus           \(h["bus_joins"]) joins")
        return lines
    }

    /// `3 (other user 1, table full 2)`, or `0`.
    private static func tally(_ health: HealthData, prefix: String, also: [String] = []) -> String {
        let named = health.counts.filter { ($0.key.hasPrefix(prefix) || also.contains($0.key)) && $0.value > 0 }
            .sorted { $0.key < $1.key }
        let total = named.reduce(0) { $0 + $1.value }
        guard total > 0 else { return "0" }
        let why = named.map { key, value in
            let words = (key.hasPrefix(prefix) ? String(key.dropFirst(prefix.count)) : key).replacing("_", with: " ")
            return "\(words) \(value)"
        }
        return "\(total) (\(why.joined(separator: ", ")))"
    }

    static func bytes(_ count: Int) -> String {
        switch count {
        case ..<1024: "\(count) B"
        case ..<(1 << 20): "\(oneDecimal(Double(count) / 1024)) KiB"
        default: "\(oneDecimal(Double(count) / Double(1 << 20))) MiB"
        }
    }

    static func milliseconds(_ value: Double) -> String {
        value < 10 ? "\(Double(Int((value * 100).rounded())) / 100) ms" : "\(Int(value.rounded())) ms"
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds)
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }

    private static func oneDecimal(_ value: Double) -> String { "\(Double(Int((value * 10).rounded())) / 10)" }
}
