import Glibc
import Logging
import Registrar

/// Log lines for the journal when standard error is it (systemd sets `JOURNAL_STREAM` to its
/// device and inode): each line starts with its syslog priority (`<3>` for an error), which
/// journald takes as the entry's priority, so `journalctl -p warning` shows the daemon's
/// warnings; no timestamp, the journal keeps its own.
struct JournalLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Whether standard error is the journal's stream (`JOURNAL_STREAM` names its device:inode).
    static var standardErrorIsJournal: Bool {
        guard let stream = getenv("JOURNAL_STREAM").map({ String(cString: $0) }) else { return false }
        var info = stat()
        guard fstat(STDERR_FILENO, &info) == 0 else { return false }
        return stream == "\(info.st_dev):\(info.st_ino)"
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let text = "<\(Self.priority(event.level))>\(label): " + (fields.isEmpty ? "" : fields + " ")
            + "[\(event.source)] \(event.message)\n"
        text.utf8CString.withUnsafeBytes { bytes in
            _ = WholeWrite.write(UnsafeRawBufferPointer(rebasing: bytes.dropLast()), to: STDERR_FILENO)
        }
    }
}
