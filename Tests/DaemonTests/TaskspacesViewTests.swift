import Foundation
import Registrar
import Testing
import X11TestSupport

/// `symposium-registrar taskspaces`: the app's cards in a terminal, from the daemon's live state
/// and the taskspaces' files.
@Suite(.timeLimit(.minutes(5))) struct TaskspacesViewTests {
    static let working = "5A6B7C8D-1E2F-4A3B-8C4D-5E6F7A8B9C0D"
    static let idle = "11111111-2222-4333-8444-555555555555"

    @Test func eachCardSaysActiveHatchlingAttentionAndTheNewestLog() async throws {
        try await withXServer(windowManager: true) { server in
            try await withProjectDaemon(on: server, taskspaces: [Self.working, Self.idle]) { project, daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let marker = UUID().uuidString.lowercased()
                let window = maker.createWindow(title: "[SYMPOSIUM:\(marker)] editor")
                maker.sync()
                let client = try await daemon.connect()
                #expect(await eventually { (try? await RegistrationTests.markedWindows(client)) == 1 })
                _ = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(Self.working), "window_uuid": .string(marker)])
                _ = try await client.request("log_progress", payload: [
                    "project_path": .string(project.path), "taskspace_uuid": .string(Self.working), "message": "Parser fixed",
                    "category": "milestone"])
                _ = try await client.request("signal_user", payload: [
                    "project_path": .string(project.path), "taskspace_uuid": .string(Self.working), "message": "Ready for review"])

                let listed = try await daemon.command(["taskspaces", "--json"])
                #expect(listed.exitCode == 0, "\(listed.standardError)")
                let cards = try JSONLine.decode(listed.standardOutput).arrayValue ?? []
                let working = cards.first { $0["uuid"]?.stringValue == Self.working }
                #expect(working?["active"] == true)
                #expect(working?["lifecycle"] == "resume", "the agent logged: no longer hatchling")
                #expect(working?["attention"] == true)
                #expect(working?["newest_log"] == "Ready for review")
                #expect(working?["newest_log_category"] == "question")
                #expect(working?["window"] == .string(window.hex))
                // status shows the same state per taskspace.
                let entry = try await RegistrationTests.status(daemon)["taskspaces"]?.arrayValue?.first {
                    $0["uuid"]?.stringValue == Self.working
                }
                #expect(entry?["lifecycle"] == "resume")
                #expect(entry?["newest_log"] == "Ready for review")
                #expect(entry?["newest_log_category"] == "question")
                #expect(entry?["attention_since"]?.stringValue != nil)
                let idle = cards.first { $0["uuid"]?.stringValue == Self.idle }
                #expect(idle?["active"] == false)
                #expect(idle?["attention"] == false)

                let text = try await daemon.command(["taskspaces", "--project", project.path]).standardOutput
                let line = text.split(separator: "\n").first { $0.hasPrefix("taskspace 0") }
                #expect(line?.contains("Active ") == true && line?.contains("needs you") == true, "\(text)")
                #expect(line?.contains("\"Ready for review\" (question, ") == true, "\(text)")
                #expect(line?.hasSuffix(window.hex) == true, "\(text)")
                let other = try await daemon.command(["taskspaces", "--project", "/elsewhere"]).standardOutput
                #expect(other.isEmpty, "another project's view is empty: \(other)")
            }
        }
    }

    @Test func watchPrintsACardAgainWhenItChanges() async throws {
        try await withXServer { server in
            try await withProjectDaemon(on: server, taskspaces: [Self.working]) { project, daemon in
                let watcher = RegistrarCommand.start(["taskspaces", "--watch", "--socket", daemon.socket], display: server.display)
                defer { Task { await watcher.stop() } }
                _ = try await watcher.waitForLine { $0.hasPrefix("+ taskspace 0") && $0.contains("(no log)") }
                let client = try await daemon.connect()
                _ = try await client.request("log_progress", payload: [
                    "project_path": .string(project.path), "taskspace_uuid": .string(Self.working), "message": "Halfway",
                    "category": "info"])
                let changed = try await watcher.waitForLine { $0.hasPrefix("~ taskspace 0") }
                #expect(changed.contains("\"Halfway\" (info, "), "\(changed)")
                #expect(changed.contains("Dormant"))
                // A window registers, then goes: the card follows, told by the daemon.
                let maker = try server.windowMaker()
                defer { maker.close() }
                let marker = UUID().uuidString.lowercased()
                let window = maker.createWindow(title: "[SYMPOSIUM:\(marker)] editor")
                maker.sync()
                #expect(await eventually { (try? await RegistrationTests.markedWindows(client)) == 1 })
                _ = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(Self.working), "window_uuid": .string(marker)])
                let active = try await watcher.waitForLine { $0.hasPrefix("~ taskspace 0") }
                #expect(active.contains("Active ") && active.hasSuffix(window.hex), "\(active)")
                maker.destroy(window)
                maker.sync()
                let dormant = try await watcher.waitForLine { $0.hasPrefix("~ taskspace 0") }
                #expect(dormant.contains("Dormant") && dormant.hasSuffix("  -"), "\(dormant)")
            }
        }
    }
}
