import Foundation
import Glibc
import InProcessSupport
import Registrar
import RegistrarServer
import Testing
import X11TestSupport
import X11Windows

/// The registrar on Symposium's bus (PROTOCOL.md 8.1), with stand-ins for Symposium's bus and
/// bridge, a real window manager and real windows, and the built daemon.
@Suite(.timeLimit(.minutes(5))) struct SymposiumBusTests {
    static let taskspace = "5A6B7C8D-1E2F-4A3B-8C4D-5E6F7A8B9C0D"

    /// A daemon on `bus` with a project holding the taskspace; the bus path is in `directory`.
    static func withBusDaemon<T>(
        on server: XTestServer, bus: String, arguments: [String] = [], _ body: (SymposiumProject, DaemonProcess) async throws -> T
    ) async throws -> T {
        try await withProjectDaemon(on: server, taskspaces: [taskspace],
                                    arguments: ["--symposium-bus", bus] + arguments) { project, daemon in
            try await body(project, daemon)
        }
    }

    static func busStatus(_ daemon: DaemonProcess) async throws -> JSONValue? {
        let client = try await daemon.connect()
        let reply = try await client.request("registrar_status")
        await client.close()
        return reply["data"]?["bus"]
    }

    static func joined(_ daemon: DaemonProcess, times: Int = 1) async -> Bool {
        await eventually(timeout: .seconds(20)) {
            let bus = try? await busStatus(daemon)
            return bus?["state"] == "joined" && (bus?["joins"]?.intValue ?? 0) >= Int64(times)
        }
    }

    /// The extension's handshake through its bridge: marker in `_NET_WM_NAME`, the request,
    /// the reply matched by id, the title put back.
    static func register(_ bridge: SymposiumBridge, maker: WindowMaker, window: WindowID) async -> JSONValue? {
        let marker = UUID().uuidString.lowercased()
        maker.setTitle("[SYMPOSIUM:\(marker)] main.rs - editor", of: window, encoding: .netWMNameOnly)
        maker.sync()
        let id = UUID().uuidString
        bridge.send(Envelope(type: "register_taskspace_window", id: id,
                             sender: ["workingDirectory": .string("/work/task-\(taskspace)/repo"), "taskspaceUuid": .string(taskspace), "shellPid": nil],
                             payload: ["window_title": .string("[SYMPOSIUM:\(marker)]"), "taskspace_uuid": .string(taskspace)]))
        let reply = await bridge.next { $0["type"] == "response" && $0["id"]?.stringValue == id }
        maker.setTitle("main.rs - editor", of: window, encoding: .netWMNameOnly)
        maker.sync()
        return reply?["payload"]
    }

    @Test func anExtensionOnTheBusRegistersARealWindowAndHearsRollCalls() async throws {
        try await withXServer(windowManager: true) { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let bus = try await SymposiumBus.start(path: directory + "/symposium-daemon.sock")
            defer { Task { await bus.stop() } }
            try await Self.withBusDaemon(on: server, bus: bus.path) { _, daemon in
                #expect(await Self.joined(daemon))
                let bridge = SymposiumBridge(bus: bus.path)
                defer { Task { await bridge.stop() } }
                _ = try await bus.process.waitForLine { $0.hasPrefix("identified vscode(pid:") }
                // `register --all` reaches the extension through the bus.
                let roll = try await daemon.command(["register", "--all"])
                #expect(roll.exitCode == 0)
                let call = await bridge.next(timeout: .seconds(15)) { $0["type"] == "taskspace_roll_call" }
                #expect(call?["payload"]?["taskspace_uuid"]?.stringValue == Self.taskspace)
                #expect(call?["sender"]?["workingDirectory"] == "/")

                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "main.rs - editor", encoding: .netWMNameOnly)
                let reply = await Self.register(bridge, maker: maker, window: window)
                #expect(reply?["success"] == true)
                #expect(reply?["data"]?["success"] == true)
                #expect(reply?["data"]?["window_id"]?.stringValue == window.hex)
                let status = try await daemon.command(["status", "--json"])
                let data = try JSONLine.decode(status.standardOutput)
                #expect(data["taskspaces"]?.arrayValue?.first?["windows"] == [.string(window.hex)])
                #expect(data["bus"]?["messages_in"]?.intValue ?? 0 >= 1)
                #expect(data["clients"]?.arrayValue?.contains { $0["name"]?.stringValue?.hasPrefix("Symposium's bus") == true } == true)
                // Right after the registration, a requested roll call is held back, not sent into it.
                let held = try await daemon.command(["register", "--all"])
                #expect(held.standardOutput.contains("1 held back"), "\(held.standardOutput)")
            }
        }
    }

    @Test func theBusRestartedIsRejoinedAndTheDaemonRestartedLeavesTheBridgeWorking() async throws {
        try await withXServer(windowManager: true) { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/symposium-daemon.sock"
            var bus = try await SymposiumBus.start(path: path)
            try await Self.withBusDaemon(on: server, bus: path, arguments: ["--roll-call-quiet", "0"]) { project, daemon in
                #expect(await Self.joined(daemon))
                await bus.stop()
                #expect(await eventually { (try? await Self.busStatus(daemon))?["state"] == "waiting" })
                bus = try await SymposiumBus.start(path: path)
                #expect(await Self.joined(daemon, times: 2))
                let call = try await bus.process.waitForLine { $0.hasPrefix("relayed taskspace_roll_call") }
                #expect(call == "relayed taskspace_roll_call \(Self.taskspace)", "the rejoin's roll call")
                let bridge = SymposiumBridge(bus: path)
                defer { Task { await bridge.stop() } }
                _ = try await bus.process.waitForLine { $0.hasPrefix("identified vscode(pid:") }

                // The daemon restarts; the bridge, connected to the bus, is untouched and answers
                // the new daemon's roll call by registering again.
                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "main.rs - editor", encoding: .netWMNameOnly)
                #expect(await Self.register(bridge, maker: maker, window: window)?["success"] == true)
                #expect(await daemon.terminate())
                let second = try await DaemonProcess.start(
                    display: server.display, arguments: ["--project", project.path, "--symposium-bus", path],
                    directory: DaemonProcess.makeTemporaryDirectory())
                defer { Task { await second.process.stop() } }
                #expect(await Self.joined(second))
                let again = await bridge.next(timeout: .seconds(15)) {
                    $0["type"] == "taskspace_roll_call" && $0["payload"]?["taskspace_uuid"]?.stringValue == Self.taskspace
                }
                #expect(again != nil, "the new daemon's roll call reaches the old bridge")
                #expect(await Self.register(bridge, maker: maker, window: window)?["success"] == true)
                await second.process.stop()
            }
            await bus.stop()
        }
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run the bus as another user"))
    func aBusAnotherUserListensOnIsRefused() async throws {
        try await withXServer { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            chmod(directory, 0o1777)
            let bus = try await SymposiumBus.start(path: directory + "/symposium-daemon.sock", runAs: (65534, 65534))
            defer { Task { await bus.stop() } }
            try await withDaemon(on: server, arguments: ["--symposium-bus", bus.path]) { daemon in
                #expect(await eventually { (try? await Self.busStatus(daemon))?["state"] == "refused" })
                let reason = try await Self.busStatus(daemon)?["reason"]?.stringValue ?? ""
                #expect(reason.contains("as uid 65534, not as this user"), "\(reason)")
            }
        }
    }

    @Test func theDaemonNeverJoinsItsOwnSocket() async throws {
        try await withXServer { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            // Its own socket, named through a symbolic link.
            symlink(directory + "/registrar.sock", directory + "/alias.sock")
            let daemon = try await DaemonProcess.start(display: server.display, arguments: ["--symposium-bus", directory + "/alias.sock"],
                                                       directory: directory)
            defer { Task { await daemon.process.stop() } }
            let bus = try await Self.busStatus(daemon)
            #expect(bus?["state"] == "off")
            #expect(bus?["reason"]?.stringValue?.hasSuffix("is this registrar's own socket") == true)
            await daemon.process.stop()
        }
    }

    /// `client --identity-prefix` as Symposium's extension runs it: it names itself as the
    /// bridge does, and a line the extension could not read is not passed on, said on stderr.
    @Test func theBridgeStandInPassesNoLineTheExtensionCannotRead() async throws {
        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                let long = String(repeating: "x", count: 70_000)
                let input = """
                    {"type":"note","id":"big","sender":{"workingDirectory":"/w"},"payload":{"text":"\(long)"}}
                    {"type":"registrar_status","id":"s1","payload":{}}

                    """
                let result = try await daemon.command(["client", "--identity-prefix", "vscode"], input: input)
                #expect(result.exitCode == 0)
                let lines = result.standardOutput.split(separator: "\n")
                #expect(lines.count == 1, "only the status reply: \(lines.map { $0.prefix(80) })")
                let status = try JSONLine.decode(String(lines.first ?? ""))
                #expect(status["id"] == "s1")
                #expect(status["payload"]?["data"]?["clients"]?.arrayValue?.contains {
                    $0["name"]?.stringValue?.hasPrefix("vscode(pid:") == true
                } == true)
                #expect(result.standardError.contains("a message of 70") && result.standardError.contains("at most 65536 bytes"),
                        "\(result.standardError)")
            }
        }
    }
}
