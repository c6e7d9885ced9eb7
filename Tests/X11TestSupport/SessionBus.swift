import Foundation
import Glibc

/// A private D-Bus session bus (`dbus-daemon --session` on a socket of the test's own) with a
/// real notification server from Debian on it (`dunst`, on the test's X display), for tests of
/// what the user is shown. `dunstctl` reads and acts on what dunst shows, as a user would.
public final class SessionBus: Sendable {
    public let address: String
    public let display: String
    private let bus: BackgroundProcess
    private let dunst: BackgroundProcess?
    private let directory: String

    private init(address: String, display: String, bus: BackgroundProcess, dunst: BackgroundProcess?, directory: String) {
        self.address = address
        self.display = display
        self.bus = bus
        self.dunst = dunst
        self.directory = directory
    }

    /// Starts the bus, and dunst on `display` unless `notificationServer` is false; waits until
    /// the server owns `org.freedesktop.Notifications`. Its context menu (`openContextMenu`)
    /// picks the action whose label contains `menuChoice`, as a user would in dunst's menu.
    public static func start(display: String, notificationServer: Bool = true, menuChoice: String = "Focus") async throws -> SessionBus {
        let directory = "/tmp/registrar-bus-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let picker = directory + "/pick.sh"
        try "#!/bin/sh\ngrep -m1 -F -- '\(menuChoice)'\n".write(toFile: picker, atomically: true, encoding: .utf8)
        chmod(picker, 0o755)
        try "[global]\n    dmenu = \(picker)\n".write(toFile: directory + "/dunstrc", atomically: true, encoding: .utf8)
        let address = "unix:path=\(directory)/bus"
        let bus = BackgroundProcess("dbus-daemon", arguments: ["--session", "--nofork", "--nopidfile", "--address=\(address)",
                                                              "--print-address=1"])
        _ = try await bus.waitForLine { $0.hasPrefix("unix:") }
        var dunst: BackgroundProcess?
        if notificationServer {
            let server = BackgroundProcess("dunst", arguments: ["-config", directory + "/dunstrc"],
                                           environment: ["DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": address])
            dunst = server
            let session = SessionBus(address: address, display: display, bus: bus, dunst: server, directory: directory)
            guard await eventually(timeout: .seconds(20), { (try? await session.displayedCount()) != nil }) else {
                await session.stop()
                throw HarnessError("dunst did not come up on the private session bus")
            }
        }
        return SessionBus(address: address, display: display, bus: bus, dunst: dunst, directory: directory)
    }

    /// The environment a process needs to use this bus.
    public var environment: [String: String] { ["DBUS_SESSION_BUS_ADDRESS": address] }

    /// How many notifications dunst shows now.
    public func displayedCount() async throws -> Int {
        let output = try await dunstctl(["count", "displayed"])
        guard let count = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw HarnessError("dunstctl count said \(output)")
        }
        return count
    }

    /// Invokes the default action of the notification shown first, as a click does.
    public func invokeDefaultAction() async throws { _ = try await dunstctl(["action", "0"]) }

    /// Opens dunst's menu of actions; the choice given at start is picked from it.
    public func openContextMenu() async throws { _ = try await dunstctl(["context"]) }

    public func dunstctl(_ arguments: [String]) async throws -> String {
        let process = BackgroundProcess("dunstctl", arguments: arguments,
                                        environment: ["DBUS_SESSION_BUS_ADDRESS": address, "DISPLAY": display])
        guard await process.waitForExit(timeout: .seconds(10)), case .exited(0) = process.terminationStatus else {
            throw HarnessError("dunstctl \(arguments.joined(separator: " ")) failed")
        }
        return process.outputLines.joined(separator: "\n")
    }

    public func stop() async {
        if let dunst { await dunst.stop() }
        await bus.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// `dbus-monitor` on a private bus, keeping what it prints: the calls a client made, as the
/// bus carried them.
public final class BusMonitor: Sendable {
    private let process: BackgroundProcess

    public init(_ bus: SessionBus, match: String) async throws {
        process = BackgroundProcess("dbus-monitor", arguments: ["--address", bus.address, match])
        // It prints the NameAcquired signal of its own connection first: from then on it listens.
        _ = try await process.waitForLine { $0.contains("member=NameAcquired") || $0.contains("member=NameLost") }
    }

    public var lines: [String] { process.outputLines }

    public func stop() async { await process.stop() }
}
