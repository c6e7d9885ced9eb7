import Foundation
import Registrar
import RegistrarServer
import Testing
import X11TestSupport

/// One registrar per display, whatever socket, user or host it comes from: the manager selection.
@Suite(.timeLimit(.minutes(5))) struct SelectionTests {
    @Test func aSecondRegistrarOnTheDisplayIsRefusedNamingTheOwner() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let status = try await RegistrationTests.status(daemon)
                #expect(status["x11"]?["selection"] == "_SYMPOSIUM_REGISTRAR_S0")
                let owner = try #require(status["x11"]?["selection_window"]?.stringValue)

                let other = DaemonProcess.makeTemporaryDirectory()
                defer { try? FileManager.default.removeItem(atPath: other) }
                let second = try await RegistrarCommand.run(
                    ["daemon", "--socket", other + "/other.sock", "--state-file", other + "/state.json", "--symposium-bus", "off"],
                    display: server.display)
                #expect(second.exitCode == 7, "the status the user unit does not restart on")
                #expect(second.standardError.contains(
                    "another registrar serves display \(server.display): it owns _SYMPOSIUM_REGISTRAR_S0 (window \(owner)); stop it"),
                    "\(second.standardError)")
                #expect(!FileManager.default.fileExists(atPath: other + "/other.sock"))
                #expect(daemon.process.isRunning, "the first one is untouched")
            }
        }
    }

    /// A `--replace` that did not ask over this daemon's socket (here: another socket; another
    /// user's daemon does the same) displaces it: it leaves non-zero, naming who took over.
    @Test func aRegistrarDisplacedWithoutTheSocketHandshakeExitsNonZeroNamingTheNewOwner() async throws {
        try await withXServer(windowManager: true) { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let firstRun = try await DaemonRun.start(name: "first", in: directory, display: server.display)
            let socket = firstRun.socket
            let second = try await DaemonProcess.start(display: server.display, arguments: ["--replace"])
            defer { try? FileManager.default.removeItem(atPath: second.directory) }
            let first = try await firstRun.result()
            #expect(first.exitCode == 5, "displaced is a failure a service manager restarts on: \(first.standardError)")
            let pid = try #require(second.process.pid)
            #expect(first.standardError.contains("displaced: _SYMPOSIUM_REGISTRAR_S0 was taken by window 0x"), "\(first.standardError)")
            #expect(first.standardError.contains("\"symposium-registrar (uid \(getuid()))\" pid \(pid)"), "\(first.standardError)")
            #expect(!FileManager.default.fileExists(atPath: socket), "the displaced daemon cleaned up its socket")
            let status = try await RegistrationTests.status(second)
            #expect(status["x11"]?["selection_window"]?.stringValue != nil)
            await second.process.stop()
        }
    }

    @Test func anyXClientTakingTheSelectionDisplacesTheRegistrar() async throws {
        try await withXServer { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let run = try await DaemonRun.start(name: "r", in: directory, display: server.display)
            let maker = try server.windowMaker()
            defer { maker.close() }
            let taker = maker.takeSelection("_SYMPOSIUM_REGISTRAR_S0")
            let result = try await run.result()
            #expect(result.exitCode == 5, "\(result.standardError)")
            #expect(result.standardError.contains("was taken by window \(taker.hex) without asking this registrar over its socket"),
                    "\(result.standardError)")
        }
    }
}
