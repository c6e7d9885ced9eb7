import Logging
import Synchronization

/// The lines a daemon logged, kept for a test to count.
public final class LogRecord: Sendable {
    private let lines = Mutex<[(level: Logger.Level, message: String, metadata: [String: String])]>([])

    public init() {}

    public var messages: [String] { lines.withLock { $0.map(\.message) } }

    public func entries(_ message: String) -> [[String: String]] {
        lines.withLock { $0.filter { $0.message == message }.map(\.metadata) }
    }

    fileprivate func add(_ level: Logger.Level, _ message: String, _ metadata: [String: String]) {
        lines.withLock { $0.append((level, message, metadata)) }
    }

    /// A logger that writes here.
    public func logger(label: String = "in-process-daemon") -> Logger {
        Logger(label: label) { _ in RecordingLogHandler(record: self) }
    }
}

struct RecordingLogHandler: LogHandler {
    let record: LogRecord
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        event.metadata?.forEach { all[$0.key] = $0.value }
        record.add(event.level, "\(event.message)", all.mapValues { "\($0)" })
    }
}
