import ArgumentParser
import FoundationEssentials
import Registrar
import RegistrarProtocol

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the running daemon: its X connection, clients and every taskspace with its windows.",
        discussion: """
            The daemon lists the first 100 taskspaces and how many there are; --all reads
            them all, a page at a time, and --taskspace shows one.

            Examples:
              symposium-registrar status
              symposium-registrar status --taskspace my-feature
              symposium-registrar status --all --json | jq '.taskspaces[] | select(.state == "unregistered")'
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions
    @OptionGroup var startOptions: StartOptions

    @Flag(help: "Print the daemon's status document as JSON.")
    var json = false

    @Flag(help: "List every taskspace, not only the first 100.")
    var all = false

    @Option(help: ArgumentHelp("Show only the taskspace with this UUID or name.", valueName: "uuid-or-name"))
    var taskspace: String?

    @Flag(help: "Print one line per problem (X away or not answering, a file write failing, the bus refused, a late heartbeat) and exit 8 when there is any.")
    var check = false

    @Option(help: ArgumentHelp("With --check: seconds the display may be away before it counts.", valueName: "seconds"))
    var displayAwayLimit: Double = 30

    func validate() throws {
        try SecondsOption.check(displayAwayLimit, "display-away-limit", from: 0, to: 86400)
    }

    private var starter: DaemonStarter? {
        startOptions.starter(display: displayOptions.display, socketIsExplicit: socketOptions.isExplicit)
    }

    func run() async throws {
        let status = try await DaemonLink.withClient(socketOptions.path(display: displayOptions.display), starter: starter) {
            [all, taskspace] (client) throws(RegistrarError) in
            if let taskspace { return try await DaemonLink.status(client, StatusRequest(taskspace: taskspace)) }
            return all ? try await DaemonLink.fullStatus(client) : try await DaemonLink.status(client)
        }
        if check {
            let problems = HealthCheck(status: status, displayAwayLimit: displayAwayLimit, now: Date()).problems
            for problem in problems { try Console.out(problem + "\n") }
            if !problems.isEmpty { throw ExitCode(ExitStatus.unhealthy) }
            return
        }
        try Console.out(json ? WireJSON.encode(status) + "\n" : StatusText(status).text())
    }
}

/// `status` for people: a few header lines, then one line per taskspace.
struct StatusText {
    let status: StatusData

    init(_ status: StatusData) { self.status = status }

    func text() -> String {
        var out = ""
        out += "daemon      pid \(status.pid), version \(status.version), since \(status.startedAt)\n"
        out += "socket      \(status.socket)\n"
        out += "display     \(status.display): \(x11)\n"
        if let bus = status.bus { out += "bus         \(Self.describe(bus))\n" }
        for failure in status.fileErrors ?? [] {
            if failure.operation == "read" {
                out += "file        cannot read \(failure.path.printable) (since \(failure.since)): \(failure.error.printable)\n"
            } else {
                out += "file        cannot write \(failure.path.printable) since \(failure.since) (\(failure.attempts) tries): "
                    + failure.error.printable + "\n"
            }
        }
        out += "windows     \(status.windows) client windows, \(status.markedWindows) marked; "
            + "\(status.pendingRegistrations) registrations waiting\n"
        let names = status.clients.map { $0.name?.printable ?? "client \($0.id)" }
        out += "clients     \(status.clients.count)" + (names.isEmpty ? "" : ": " + names.joined(separator: ", ")) + "\n"
        for stack in status.stacks ?? [] {
            let how = stack.effective.map { $0 ? ", effective" : ", not effective" } ?? ""
            out += "stack       \(stack.projectPath.printable): on\(how)\(stack.reason.map { " (\($0.printable))" } ?? ""), "
                + "\(stack.windows.count) windows\(stack.rect.map { " at \($0)" } ?? "")\n"
        }
        if let health = status.health { out += HealthText(health: health).lines.joined(separator: "\n") + "\n" }
        let count = status.taskspaceCount ?? status.taskspaces.count
        out += "taskspaces  \(count)\n"
        for taskspace in status.taskspaces {
            let name = taskspace.name.map { "  \"\($0.printable)\"" } ?? ""
            let lastCall = taskspace.lastRollCall.map { "  last roll call \($0)" } ?? ""
            out += "  \(taskspace.uuid)  \(taskspace.state.padding(12))  "
                + (taskspace.windows.isEmpty ? "-" : taskspace.windows.joined(separator: ",")) + name + lastCall + "\n"
        }
        let unlisted = count - (status.taskspacesOffset ?? 0) - status.taskspaces.count
        if unlisted > 0 { out += "  ... and \(unlisted) more (status --all lists them)\n" }
        return out
    }

    /// `joined /tmp/symposium-daemon.sock since …, 3 in, 5 out`, or why not.
    static func describe(_ bus: StatusData.Bus) -> String {
        let path = bus.path ?? "-"
        let reason = bus.reason.map { " (\($0.printable))" } ?? ""
        switch bus.state {
        case "joined": return "joined Symposium's bus \(path) since \(bus.since), \(bus.messagesIn) in, \(bus.messagesOut) out"
        case "off": return "off" + reason
        default: return "\(bus.state) for \(path) since \(bus.since)\(reason)"
        }
    }

    private var x11: String {
        let x11 = status.x11
        switch x11.state {
        case "connected":
            let how = switch (x11.mode, x11.manager) {
            case ("ewmh", let manager?): "EWMH client list of \(manager.printable)"
            case (_, let manager?): "tree walk (\(manager.printable) keeps no _NET_CLIENT_LIST)"
            case (_, nil): "tree walk (no EWMH window manager)"
            }
            return "connected since \(x11.since), \(how)"
        case "disconnected":
            return "disconnected since \(x11.since) (\(x11.reason ?? "")); reconnecting"
        case "unresponsive":
            return "connected, but the X server has not answered since \(x11.since) (stopped or hung); windows may be stale"
        default:
            return "connecting"
        }
    }
}

private extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
