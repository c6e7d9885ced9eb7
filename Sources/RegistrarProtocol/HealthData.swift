/// `status`'s health section: what the daemon counted since it started, its round trips of the
/// last minute and what it holds. Numbers for scripts (`status --json`); `status` says them in
/// words and `status --check` judges them.
public struct HealthData: Codable, Sendable, Equatable {
    public var uptimeSeconds: Double
    /// Anonymous memory the daemon holds (`RssAnon` of /proc/self/status), not mapped files.
    public var rssAnonBytes: Int?
    /// Counters since the start, by name: `registrations_answered`, `registrations_failed`,
    /// `registrations_timed_out`, `roll_calls_sent`, `roll_calls_held_back`, `windows_seen`,
    /// `windows_lost`, `x_reconnects`, `x_errors`, `clients_accepted`, `refused_*`, `cut_off_*`,
    /// `closed_for_room`, `bytes_in`, `bytes_out`, `state_writes_ok`, `state_writes_failed`,
    /// `taskspace_writes_ok`, `taskspace_writes_failed`, `bus_joins`.
    public var counts: [String: Int]
    /// Registrations answered with a window in the last minute, and their round trip from the
    /// request to the answer.
    public var registrationsLastMinute: Int
    public var registrationP50Ms: Double?
    public var registrationP99Ms: Double?
    /// Why the last write of the state file failed, while it fails.
    public var stateWriteError: String?

    public init(uptimeSeconds: Double, rssAnonBytes: Int?, counts: [String: Int], registrationsLastMinute: Int,
                registrationP50Ms: Double?, registrationP99Ms: Double?, stateWriteError: String?) {
        self.uptimeSeconds = uptimeSeconds
        self.rssAnonBytes = rssAnonBytes
        self.counts = counts
        self.registrationsLastMinute = registrationsLastMinute
        self.registrationP50Ms = registrationP50Ms
        self.registrationP99Ms = registrationP99Ms
        self.stateWriteError = stateWriteError
    }

    public subscript(count: String) -> Int { counts[count] ?? 0 }

    enum CodingKeys: String, CodingKey {
        case counts
        case uptimeSeconds = "uptime_seconds"
        case rssAnonBytes = "rss_anon_bytes"
        case registrationsLastMinute = "registrations_last_minute"
        case registrationP50Ms = "registration_p50_ms"
        case registrationP99Ms = "registration_p99_ms"
        case stateWriteError = "state_write_error"
    }
}
