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
                #expect(second.exitCode == 1)
                #expect(second.standardError.contains(
                    "another registrar serves display \(server.display): it owns _SYMPOSIUM_REGISTRAR_S0 (window \(owner))"),
                    "\(second.standardError)")
                #expect(!FileManager.default.fileExists(atPath: other + "/other.sock"))
                #expect(daemon.process.isRunning, "the first one is untouched")
            }
        }
    }

    @Test func replaceTakesTheDisplayAndTheOldRegistrarLeaves() async throws {
        try await withXServer(windowManager: true) { server in
            let first = try await DaemonProcess.start(display: server.display)
            defer { try? FileManager.default.removeItem(atPath: first.directory) }
            let second = try await DaemonProcess.start(display: server.display, arguments: ["--replace"])
            defer { try? FileManager.default.removeItem(atPath: second.directory) }
            #expect(await first.process.waitForExit(timeout: .seconds(15)), "the old registrar left on SelectionClear")
            #expect(first.exitCode == 0)
            let status = try await RegistrationTests.status(second)
            #expect(status["x11"]?["selection_window"]?.stringValue != nil)
            await second.process.stop()
        }
    }
}
