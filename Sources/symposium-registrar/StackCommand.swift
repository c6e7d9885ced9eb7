import ArgumentParser
import FoundationEssentials
import Glibc
import Registrar
import RegistrarClient
import RegistrarProtocol

struct StackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stack",
        abstract: "Turn a project's stacked windows on or off, or show how its stack stands.",
        discussion: """
            With stacking on (Symposium's "stackedWindowsEnabled" in project.json), every
            taskspace window of the project shares one rectangle: focusing one puts it on top
            and the others at its rectangle below it, a new window joins there, and moving or
            resizing the top window moves the others with it. Tiling window managers place
            windows themselves; the command says so when the windows did not move (exit 9).

            Examples:
              symposium-registrar stack on --project ~/symposium/demo.symposium
              symposium-registrar stack status
            """
    )

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case on, off, status
    }

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions
    @OptionGroup var startOptions: StartOptions

    @Argument(help: ArgumentHelp("on, off or status."))
    var action: Action

    @Option(help: ArgumentHelp("The Symposium project's directory (default: the one the current directory is in, else the one the daemon knows).",
                               valueName: "dir"))
    var project: String?

    @Flag(help: "Print the stack's report as JSON.")
    var json = false

    func run() async throws {
        let starter = startOptions.starter(display: displayOptions.display, socketIsExplicit: socketOptions.isExplicit)
        let request = StackRequest(projectPath: project.map(Self.absolute) ?? Self.enclosingProject(),
                                   enabled: action == .status ? nil : action == .on)
        let report = try await DaemonLink.withClient(socketOptions.path(display: displayOptions.display), starter: starter) {
            (client) throws(RegistrarError) in
            try await DaemonLink.request(client, RequestType.stack, request, answer: StackReport.self, timeout: .seconds(20))
        }
        try Console.out(json ? WireJSON.encode(report) + "\n" : Self.describe(report))
        if report.enabled, report.effective == false { throw ExitCode(ExitStatus.stackNotEffective) }
    }

    static func describe(_ report: StackReport) -> String {
        var out = "project     \(report.projectPath.printable)\n"
        out += "stacking    \(report.enabled ? "on" : "off")"
        if report.enabled {
            switch report.effective {
            case true?: out += ", effective"
            case false?: out += ", not effective"
            case nil: out += ""
            }
            if let reason = report.reason { out += ": \(reason.printable)" }
        }
        out += "\n"
        if let manager = report.manager { out += "manager     \(manager.printable)\n" }
        if let rect = report.rect { out += "rectangle   \(rect)\(report.followed > 0 ? ", \(report.followed) moves followed" : "")\n" }
        for window in report.windows {
            let top = window.windowID == report.top ? "  (top)" : ""
            out += "  \(window.windowID)  \(window.taskspaceUUID ?? "-")  \(window.rect ?? "-")\(top)"
                + (window.note.map { "  \($0.printable)" } ?? "") + "\n"
        }
        return out
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// The Symposium project (`<Name>.symposium` with a `project.json`) the current directory
    /// is in, if any.
    static func enclosingProject() -> String? {
        var directory = FileManager.default.currentDirectoryPath
        while directory != "/" && !directory.isEmpty {
            if directory.hasSuffix(".symposium"), FileManager.default.fileExists(atPath: directory + "/project.json") { return directory }
            directory = String(directory[..<(directory.lastIndex(of: "/") ?? directory.startIndex)])
        }
        return nil
    }
}
