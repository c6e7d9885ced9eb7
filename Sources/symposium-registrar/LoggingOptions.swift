import ArgumentParser
import Logging

/// Where logs go and how much: always standard error (journald collects it under systemd), so
/// standard output stays the command's own.
struct LoggingOptions: ParsableArguments {
    @Option(help: "The least severe log level written to stderr (trace, debug, info, notice, warning, error, critical).")
    var logLevel: Logger.Level = .warning

    func bootstrap() {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
