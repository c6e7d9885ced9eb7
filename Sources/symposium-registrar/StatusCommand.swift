import ArgumentParser
import Registrar

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the running daemon: its X connection, clients and every taskspace with its windows.",
        discussion: """
            Examples:
              symposium-registrar status
              symposium-registrar status --json | jq '.taskspaces[] | select(.state == "unregistered")'
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions

    @Flag(help: "Print the daemon's status document as JSON.")
    var json = false

    func run() async throws {
        let client = try await DaemonLink.connect(socketOptions.path(display: displayOptions.display))
        let reply = try await DaemonLink.request(client, "registrar_status")
        await client.close()
        let data = reply["data"] ?? [:]
        Console.out(json ? JSONLine.encode(data) + "\n" : StatusText(data).text())
    }
}

/// `status` for people: a few header lines, then one line per taskspace.
struct StatusText {
    let data: JSONValue

    init(_ data: JSONValue) { self.data = data }

    func text() -> String {
        var out = ""
        out += "daemon      pid \(int("pid")), version \(string("version")), since \(string("started_at"))\n"
        out += "socket      \(string("socket"))\n"
        out += "display     \(string("display")): \(x11)\n"
        out += "windows     \(int("windows")) client windows, \(int("marked_windows")) marked; \(int("pending_registrations")) registrations waiting\n"
        let clients = data["clients"]?.arrayValue ?? []
        let names = clients.map { $0["name"]?.stringValue ?? "client \($0["id"]?.intValue ?? 0)" }
        out += "clients     \(clients.count)" + (names.isEmpty ? "" : ": " + names.joined(separator: ", ")) + "\n"
        let taskspaces = data["taskspaces"]?.arrayValue ?? []
        out += "taskspaces  \(taskspaces.count)\n"
        for taskspace in taskspaces {
            let windows = (taskspace["windows"]?.arrayValue ?? []).compactMap(\.stringValue)
            let state = taskspace["state"]?.stringValue ?? "?"
            let name = taskspace["name"]?.stringValue.map { "  \"\($0)\"" } ?? ""
            let lastCall = taskspace["last_roll_call"]?.stringValue.map { "  last roll call \($0)" } ?? ""
            out += "  \(taskspace["uuid"]?.stringValue ?? "?")  \(state.padding(12))  "
                + (windows.isEmpty ? "-" : windows.joined(separator: ",")) + name + lastCall + "\n"
        }
        return out
    }

    private var x11: String {
        let x11 = data["x11"] ?? [:]
        let since = x11["since"]?.stringValue ?? "?"
        switch x11["state"]?.stringValue {
        case "connected":
            let how = x11["manager"]?.stringValue.map { "EWMH client list of \($0)" } ?? "tree walk (no EWMH window manager)"
            return "connected since \(since), \(how)"
        case "disconnected":
            return "disconnected since \(since) (\(x11["reason"]?.stringValue ?? "")); reconnecting"
        default:
            return "connecting"
        }
    }

    private func string(_ key: String) -> String { data[key]?.stringValue ?? "?" }
    private func int(_ key: String) -> Int64 { data[key]?.intValue ?? 0 }
}

private extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
