import Foundation
import InProcessSupport
import Glibc
import Registrar
import RegistrarClient
import RegistrarServer

/// The built daemon binary running against a test X server, with its socket and state file in
/// a private temporary directory. Tests reach it through `withDaemon`, which always stops it.
public final class DaemonProcess: Sendable {
    public let process: BackgroundProcess
    public let directory: String
    public let socket: String
    public let stateFile: String
    public let display: String

    init(process: BackgroundProcess, directory: String, socket: String, stateFile: String, display: String) {
        self.process = process
        self.directory = directory
        self.socket = socket
        self.stateFile = stateFile
        self.display = display
    }

    /// Starts `daemon` with `arguments` added, and waits until it listens.
    /// `environment` is added to the test's own; the session bus is a private one the test names
    /// (`SessionBus`), or none: a developer's desktop never sees a test's notifications.
    public static func start(display: String, arguments: [String] = [], directory: String? = nil,
                             binary: String? = nil, environment: [String: String] = [:]) async throws -> DaemonProcess {
        let directory = directory ?? makeTemporaryDirectory()
        let socket = directory + "/registrar.sock"
        let stateFile = directory + "/state.json"
        // Off Symposium's real bus unless a test names one: a developer's machine may run it.
        let bus = arguments.contains("--symposium-bus") ? [] : ["--symposium-bus", "off"]
        var environment = environment
        if environment["DBUS_SESSION_BUS_ADDRESS"] == nil { environment["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus" }
        let process = RegistrarCommand.start(
            ["daemon", "--socket", socket, "--state-file", stateFile] + bus + arguments, display: display, binary: binary,
            environment: environment)
        let daemon = DaemonProcess(process: process, directory: directory, socket: socket, stateFile: stateFile, display: display)
        do {
            _ = try await process.waitForLine { $0 == "listening on \(socket)" }
        } catch {
            await process.stop()
            throw error
        }
        return daemon
    }

    /// A new socket connection, as an extension or the CLI would open.
    public func connect() async throws -> RegistrarClient { try await RegistrarClient.connect(to: socket) }

    /// Runs the CLI against this daemon: `--socket` is added.
    public func command(_ arguments: [String], input: String = "") async throws -> RegistrarCommand.Result {
        try await RegistrarCommand.run(arguments + ["--socket", socket], display: display, input: input)
    }

    /// SIGTERM, as a session ending sends; waits for the exit.
    public func terminate() async -> Bool {
        process.signal(SIGTERM)
        return await process.waitForExit(timeout: .seconds(15))
    }

    public var exitCode: Int32? {
        if case .exited(let code) = process.terminationStatus { return code }
        return nil
    }

    public static func makeTemporaryDirectory() -> String {
        let path = "/tmp/registrar-test-\(UUID().uuidString.prefix(8).lowercased())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Runs `body` with a daemon on `server`; stops the daemon and removes its directory afterwards.
public func withDaemon<T>(
    on server: XTestServer, arguments: [String] = [], binary: String? = nil, environment: [String: String] = [:],
    _ body: (DaemonProcess) async throws -> T
) async throws -> T {
    let daemon = try await DaemonProcess.start(display: server.display, arguments: arguments, binary: binary,
                                               environment: environment)
    return try await withCleanup({ try await body(daemon) }, cleanup: {
        await daemon.process.stop()
        try? FileManager.default.removeItem(atPath: daemon.directory)
    })
}

/// Runs `body` with a Symposium project holding `taskspaces` on disk and a daemon that loads it
/// (`--project`); both are removed afterwards.
public func withProjectDaemon<T>(
    on server: XTestServer, taskspaces: [String], arguments: [String] = [],
    _ body: (SymposiumProject, DaemonProcess) async throws -> T
) async throws -> T {
    let project = try SymposiumProject.make(taskspaces: taskspaces)
    defer { project.remove() }
    return try await withDaemon(on: server, arguments: ["--project", project.path] + arguments) { daemon in
        try await body(project, daemon)
    }
}
