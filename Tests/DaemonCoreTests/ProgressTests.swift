import Foundation
import InProcessSupport
import Registrar
import Testing
import X11Windows

/// The agent's `log_progress` and `signal_user` (PROTOCOL.md 8.4, 8.6) as Symposium's MCP server
/// sends them: what `taskspace.json` and `project.json` hold afterwards, the attention asked of
/// the window manager, and the user's acknowledgement.
@Suite struct ProgressTests {
    static let taskspace = "5A6B7C8D-1E2F-4A3B-8C4D-5E6F7A8B9C0D"
    static let marker = "0a0b0c0d-1111-4222-8333-444455556666"

    private func projectJSON(_ project: SymposiumProject) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: project.path + "/project.json")))
    }

    @Test func aLogIsAppendedAsTheAppWritesItInBothFilesAndResumesAHatchling() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.taskspace], agent: "qcli", hatchling: [Self.taskspace])
        defer { project.remove() }
        try await withInProcessDaemon(configure: { $0.projects = [project.path] }) { daemon in
            let agent = daemon.connect()
            let reply = await agent.request("log_progress", [
                "project_path": .string(project.path), "taskspace_uuid": .string(Self.taskspace.lowercased()),
                "message": "Parser fixed", "category": "milestone",
            ])
            #expect(reply?["success"] == true, "\(String(describing: reply))")
            let logID = try #require(reply?["data"]?["log_id"]?.stringValue)
            let file = try project.taskspaceFile(Self.taskspace)
            let log = try #require(file["logs"]?.arrayValue?.last)
            #expect(log["id"] == .string(logID))
            #expect(log["message"] == "Parser fixed")
            #expect(log["category"] == "milestone")
            #expect(log["timestamp"]?.stringValue?.hasSuffix("Z") == true)
            #expect(file["state"] == ["resume": [:]])
            #expect(file["vscodeWindowID"] == 42, "every other field kept")
            let embedded = try projectJSON(project)["taskspaces"]?.arrayValue?.first
            #expect(embedded?["logs"] == file["logs"], "project.json's copy in step")
            #expect(embedded?["state"] == ["resume": [:]])

            let unknown = await agent.request("log_progress", [
                "project_path": .string(project.path), "taskspace_uuid": .string(Self.taskspace), "message": "m", "category": "shout",
            ])
            #expect(try project.taskspaceFile(Self.taskspace)["logs"]?.arrayValue?.last?["category"] == "info",
                    "an unknown category is info: \(String(describing: unknown))")
        }
    }

    @Test func theOldestLogsGoFirstButNeverAnOpenQuestion() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.taskspace], agent: "qcli")
        defer { project.remove() }
        try await withInProcessDaemon(configure: { $0.projects = [project.path]; $0.logEntryLimit = 3 }) { daemon in
            let agent = daemon.connect()
            let payload: (String, String) -> JSONValue = { message, category in
                ["project_path": .string(project.path), "taskspace_uuid": .string(Self.taskspace), "message": .string(message),
                 "category": .string(category)]
            }
            _ = await agent.request("signal_user", ["project_path": .string(project.path), "taskspace_uuid": .string(Self.taskspace),
                                                    "message": "Which parser?"])
            for index in 0 ..< 5 { _ = await agent.request("log_progress", payload("step \(index)", "info")) }
            let logs = try project.taskspaceFile(Self.taskspace)["logs"]?.arrayValue ?? []
            #expect(logs.map { $0["message"] } == ["Which parser?", "step 3", "step 4"])
            #expect(logs.first?["category"] == "question")
        }
    }

    @Test func signalUserAsksForAttentionAndActivatingTheWindowAcknowledges() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.taskspace], agent: "qcli")
        defer { project.remove() }
        try await withInProcessDaemon(configure: { $0.projects = [project.path] }) { daemon in
            daemon.windows.connect()
            let window = WindowID(0x600001)
            daemon.windows.show(window, title: "[SYMPOSIUM:\(Self.marker)] editor")
            await daemon.settle()
            let editor = daemon.connect()
            let registered = await editor.request("update_taskspace", [
                "taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(Self.marker)])
            #expect(registered?["window_registered"] == true)

            let agent = daemon.connect()
            let reply = await agent.request("signal_user", [
                "project_path": .string(project.path), "taskspace_uuid": .string(Self.taskspace), "message": "Review, please",
            ])
            #expect(reply?["data"]?["attention_windows"] == [.string(window.hex)])
            #expect(daemon.activator.attention.map(\.1) == [true])
            #expect(daemon.activator.attention.map(\.0) == [window])
            #expect(try project.taskspaceFile(Self.taskspace)["logs"]?.arrayValue?.last?["category"] == "question")

            daemon.windows.activate(window)
            await daemon.settle()
            #expect(await eventuallyTrue {
                (try? project.taskspaceFile(Self.taskspace)["logs"]?.arrayValue?.last?["category"]) == "info"
            }, "the question became info")
            let file = try project.taskspaceFile(Self.taskspace)
            #expect(file["logs"]?.arrayValue?.last?["message"] == "Review, please", "message kept")
            #expect(file["lastActivatedAt"]?.stringValue != nil)
            #expect(daemon.activator.attention.map(\.1) == [true, false], "the attention state is taken off")
        }
    }

    @Test func aTaskspaceOfNoLoadedProjectIsRefusedOnTheSocket() async throws {
        try await withInProcessDaemon { daemon in
            let reply = await daemon.connect().request("log_progress", [
                "project_path": "/nowhere", "taskspace_uuid": .string(Self.taskspace), "message": "m", "category": "info",
            ])
            #expect(reply?["success"] == false)
            #expect(reply?["error"]?.stringValue?.contains("is not in a loaded project at /nowhere") == true)
        }
    }
}
