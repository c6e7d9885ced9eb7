import Glibc
import Registrar
import Testing
import X11TestSupport
import X11Windows

/// `windows --follow` prints each change as the live index sees it, and outlives the X server.
@Suite(.timeLimit(.minutes(3))) struct FollowCommandTests {
    @Test func printsChangesAndSurvivesTheServer() async throws {
        try await withXServer(windowManager: true) { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            let follower = RegistrarCommand.start(["windows", "--follow"], display: server.display)
            defer { follower.signal(SIGTERM) }
            _ = try await follower.waitForLine { $0.hasPrefix("# display \(server.display): EWMH client list of Openbox") }

            let window = maker.createWindow(title: "followed window")
            _ = try await follower.waitForLine { $0.hasPrefix("+ \(window.hex)") && $0.hasSuffix("followed window") }
            let uuid = "aabbccdd-1122-4334-8556-778899aabbcc"
            maker.setTitle("[SYMPOSIUM:\(uuid)] followed window", of: window, encoding: .wmNameCompoundText)
            _ = try await follower.waitForLine { $0.hasPrefix("~ \(window.hex)  \(uuid)") }
            maker.destroy(window)
            _ = try await follower.waitForLine { $0 == "- \(window.hex)" }

            await server.killWindowManager()
            _ = try await follower.waitForLine { $0.hasPrefix("# connected to \(server.display): tree walk") }
            await server.killXServer()
            _ = try await follower.waitForLine { $0.hasPrefix("# disconnected from \(server.display)") }
            #expect(follower.isRunning, "windows --follow ended with the X server")
            try await server.restartXServer()
            _ = try await follower.waitForLine(timeout: .seconds(30)) { $0.hasPrefix("# connected to \(server.display)") }
            #expect(follower.isRunning)
            await follower.stop()
        }
    }
}
