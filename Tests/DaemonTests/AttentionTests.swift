import Foundation
import Glibc
import InProcessSupport
import Registrar
import RegistrarClient
import Testing
import X11TestSupport
import X11Windows

/// `signal_user` as the user sees it: the window manager's attention state on the taskspace's
/// window and a desktop notification from a real server (dunst on a private session bus), one
/// per taskspace, closed when the user comes; its Focus action brings the window.
@Suite(.timeLimit(.minutes(5))) struct AttentionTests {
    static let taskspace = "5A6B7C8D-1E2F-4A3B-8C4D-5E6F7A8B9C0D"

    private func signal(_ client: RegistrarClient, _ project: SymposiumProject, _ message: String) async throws -> JSONValue {
        try await client.request("signal_user", payload: [
            "project_path": .string(project.path), "taskspace_uuid": .string(Self.taskspace.lowercased()),
            "message": .string(message),
        ])
    }

    @Test func theWindowDemandsAttentionOneNotificationShowsAndTheUserComingClearsBoth() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.taskspace], agent: "qcli")
        defer { project.remove() }
        try await withXServer(windowManager: true) { server in
            let bus = try await SessionBus.start(display: server.display)
            defer { Task { await bus.stop() } }
            let monitor = try await BusMonitor(bus, match: "interface='org.freedesktop.Notifications',member='Notify'")
            defer { Task { await monitor.stop() } }
            try await withDaemon(on: server, arguments: ["--project", project.path], environment: bus.environment) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let other = maker.createWindow(title: "another program")
                let (window, client) = try await RegistrationTests.registeredWindow(for: Self.taskspace, maker: maker, daemon: daemon)
                let control = try WindowControl(displayName: server.display)
                defer { control.close() }
                _ = control.activate(other)

                let first = try await signal(client, project, "Which parser should I keep?")
                #expect(first["success"] == true, "\(first)")
                #expect(first["data"]?["attention_windows"] == [.string(window.hex)])
                #expect(first["data"]?["notification"] == nil, "shown: \(first)")
                #expect(await eventually { control.demandsAttention(window) }, "the manager shows the window wanting attention")
                #expect(await eventually { (try? await bus.displayedCount()) == 1 })
                #expect(monitor.lines.contains("   string \"taskspace 0\""), "the taskspace's name as summary")
                #expect(monitor.lines.contains("   string \"Which parser should I keep?\""), "the message as body")

                _ = try await signal(client, project, "Still waiting")
                #expect(await eventually { monitor.lines.contains("   string \"Still waiting\"") })
                #expect(try await bus.displayedCount() == 1, "replaced, not stacked")
                #expect(monitor.lines.filter { $0.hasPrefix("   uint32 ") }.dropFirst().allSatisfy { $0 != "   uint32 0" },
                        "the second Notify replaces the first: \(monitor.lines)")

                // The notification's Focus action brings the window and acknowledges.
                try await bus.invokeDefaultAction()
                #expect(await eventually { control.focus().active == window }, "Focus activated the window")
                #expect(await eventually { (try? await bus.displayedCount()) == 0 }, "the notification closed")
                #expect(await eventually { !control.demandsAttention(window) })
                #expect(await eventually {
                    let logs = (try? project.taskspaceFile(Self.taskspace))?["logs"]?.arrayValue ?? []
                    return logs.count == 2 && logs.allSatisfy { $0["category"] == "info" }
                }, "both questions acknowledged as info")
                let status = try await RegistrationTests.status(daemon)
                #expect(status["notifications"]?["state"] == "connected")
                #expect(status["notifications"]?["server"]?.stringValue?.hasPrefix("dunst") == true)
                #expect(status["notifications"]?["actions"] == true, "dunst shows actions (GetCapabilities)")
            }
        }
    }

    @Test func activatingTheWindowAcknowledges() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.taskspace], agent: "qcli")
        defer { project.remove() }
        try await withXServer(windowManager: true) { server in
            let bus = try await SessionBus.start(display: server.display)
            defer { Task { await bus.stop() } }
            try await withDaemon(on: server, arguments: ["--project", project.path], environment: bus.environment) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let other = maker.createWindow(title: "another program")
                let (window, client) = try await RegistrationTests.registeredWindow(for: Self.taskspace, maker: maker, daemon: daemon)
                let control = try WindowControl(displayName: server.display)
                defer { control.close() }
                _ = control.activate(other)
                _ = try await signal(client, project, "Done; please review")
                #expect(await eventually { (try? await bus.displayedCount()) == 1 })
                _ = control.activate(window)
                #expect(await eventually { (try? await bus.displayedCount()) == 0 }, "closed once the user came")
                #expect(await eventually {
                    (try? project.taskspaceFile(Self.taskspace))?["logs"]?.arrayValue?.last?["category"] == "info"
                })
            }
        }
    }

    @Test func withoutASessionBusTheWindowStillDemandsAttentionAndStatusSaysWhy() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.taskspace], agent: "qcli")
        defer { project.remove() }
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server, arguments: ["--project", project.path]) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let other = maker.createWindow(title: "another program")
                let (window, client) = try await RegistrationTests.registeredWindow(for: Self.taskspace, maker: maker, daemon: daemon)
                let control = try WindowControl(displayName: server.display)
                defer { control.close() }
                // The user works elsewhere: a manager shows no attention on the window it has active.
                _ = control.activate(other)
                let reply = try await signal(client, project, "Review, please")
                #expect(reply["success"] == true)
                #expect(reply["data"]?["notification"]?.stringValue?.hasPrefix("no session bus") == true, "\(reply)")
                #expect(await eventually { control.demandsAttention(window) })
                let status = try await RegistrationTests.status(daemon)
                #expect(status["notifications"]?["state"] == "unavailable")
                #expect(status["notifications"]?["reason"]?.stringValue?.hasPrefix("no session bus") == true)
                #expect(status["taskspaces"]?.arrayValue?.first?["attention_since"]?.stringValue != nil)
                #expect(status["taskspaces"]?.arrayValue?.first?["notification_problem"]?.stringValue?.hasPrefix("no session bus") == true)
            }
        }
    }

    /// Focus on a taskspace that has no window starts its editor there (outside the daemon),
    /// as `open` does, and focuses the window it registers.
    @Test func focusWithoutAWindowStartsTheEditorOnTheTaskspace() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.taskspace], agent: "qcli")
        defer { project.remove() }
        try await withXServer(windowManager: true) { server in
            let bus = try await SessionBus.start(display: server.display)
            defer { Task { await bus.stop() } }
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let daemon = try await DaemonProcess.start(
                display: server.display, arguments: ["--project", project.path, "--editor", SymposiumStandIns.fixture("stand_in_editor.py")],
                directory: directory,
                environment: bus.environment.merging(["SYMPOSIUM_REGISTRAR_SOCKET": directory + "/registrar.sock"]) { $1 })
            defer { Task { _ = await daemon.terminate() } }
            let client = try await daemon.connect()
            _ = try await signal(client, project, "Come and see")
            #expect(await eventually { (try? await bus.displayedCount()) == 1 })
            try await bus.invokeDefaultAction()
            let pidFile = project.path + "/task-\(Self.taskspace)/editor.pid"
            #expect(await eventually(timeout: .seconds(30)) { FileManager.default.fileExists(atPath: pidFile) }, "the editor started")
            if let pid = Int32((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "") { defer { kill(pid, SIGKILL) }
                #expect(await eventually(timeout: .seconds(30)) {
                    (try? project.taskspaceFile(Self.taskspace))?["logs"]?.arrayValue?.last?["category"] == "info"
                }, "focused and acknowledged")
            }
        }
    }
}
