import ArgumentParser
import Logging

/// Where logs go and how much: always standard error (journald collects it under systemd, with
/// each line's priority when it is the journal's stream), so standard output stays the
/// command's own.
struct LoggingOptions: ParsableArguments {
    @Option(help: "The least severe log level written to stderr (trace, debug, info, notice, warning, error, critical).")
    var logLevel: Logger.Level = .warning

    func bootstrap() {
        let level = logLevel
        let journal = JournalLogHandler.standardErrorIsJournal
        LoggingSystem.bootstrap { label in
            if journal { return JournalLogHandler(label: label, logLevel: level) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
