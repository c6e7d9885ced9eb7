import Foundation
import Glibc
import Registrar
import RegistrarServer
import Testing
import X11TestSupport
import X11Windows

/// An X server that stops answering (SIGSTOP) holds only the requests that need it.
@Suite(.timeLimit(.minutes(5))) struct NeverDeafTests {
    static let taskspace = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a"

    @Test func aStoppedXServerFailsFocusAtItsDeadlineWhileStatusAndRegistrationsAnswer() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let marker = "12345678-aaaa-4bbb-8ccc-ddddeeeeffff"
                _ = maker.createWindow(title: "[SYMPOSIUM:\(marker)] editor")
                maker.sync()
                let client = try await daemon.connect()
                #expect(await eventually { (try? await RegistrationTests.markedWindows(client)) == 1 })
                let registered = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(marker)])
                #expect(registered["window_registered"] == true)

                server.signalXServer(SIGSTOP)
                defer { server.signalXServer(SIGCONT) }
                let focusing = Task { try await daemon.command(["focus", Self.taskspace]) }
                let second = Task { try await daemon.command(["focus", Self.taskspace]) }
                try await Task.sleep(for: .milliseconds(300))
                // X stays stopped until the end: a daemon that waited on it for these would not
                // answer them at all (each gives up after 5 s). How fast they answer is a figure
                // of `scripts/bench-abuse.sh` (its stopped-X attack), not a test.
                for _ in 0 ..< 10 {
                    #expect(try await client.request("registrar_status", timeout: .seconds(5))["success"] == true)
                    let again = try await client.request("update_taskspace", payload: [
                        "taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(marker)], timeout: .seconds(5))
                    #expect(again["window_registered"] == true)
                }
                let focus = try await focusing.value
                #expect(focus.exitCode == 1)
                #expect(focus.standardError.contains("X display unavailable: no answer within 2.0 s"), "\(focus.standardError)")
                #expect(try await second.value.exitCode == 1)
                server.signalXServer(SIGCONT)
            }
        }
    }

    /// A stopped server keeps its connection open and answers nothing: `status` says so within a
    /// few seconds instead of "connected", and says "connected" again once the server answers.
    @Test func statusCallsAStoppedXServerUnresponsiveAndConnectedOnceItResumes() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                #expect(await eventually { (try? await RegistrationTests.status(daemon))?["x11"]?["state"] == "connected" })
                server.signalXServer(SIGSTOP)
                defer { server.signalXServer(SIGCONT) }
                #expect(await eventually(timeout: .seconds(20)) {
                    (try? await RegistrationTests.status(daemon))?["x11"]?["state"] == "unresponsive"
                }, "a stopped X server is reported")
                let status = try await RegistrationTests.status(daemon)
                #expect(status["x11"]?["reason"]?.stringValue?.hasPrefix("the X server has not answered since") == true)
                let text = try await daemon.command(["status"])
                #expect(text.standardOutput.contains("the X server has not answered since"), "\(text.standardOutput)")
                server.signalXServer(SIGCONT)
                let resumed = await eventually(timeout: .seconds(20)) {
                    (try? await RegistrationTests.status(daemon))?["x11"]?["state"] == "connected"
                }
                let after = try? await RegistrationTests.status(daemon)
                #expect(resumed, """
                    and connected again once it answers: \(String(describing: after?["x11"])); Xvfb \(server.xServerProcessState);
                    the daemon said: \(daemon.process.outputLines.suffix(12).joined(separator: "\n"))
                    """)
            }
        }
    }
}
