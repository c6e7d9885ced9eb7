import Foundation
import Registrar
import RegistrarServer
import Testing
import X11TestSupport

/// Traffic shaped like Symposium's own components: a project on disk with upper-case
/// `task-<UUID>` directories, a bridge that identifies itself first, ids matched on replies.
@Suite(.timeLimit(.minutes(5))) struct SymposiumTrafficTests {
    static let taskspace = "6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F"

    @Test func symposiumShapedRegistrationAndRollCall() async throws {
        try await withXServer(windowManager: true) { server in
            try await withProjectDaemon(on: server, taskspaces: [Self.taskspace]) { project, daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "repo - Visual Studio Code")
                let extensionSide = try await daemon.connect()
                extensionSide.send(line: "#identify:vscode-extension")
                // Symposium's extension sends the marker as window_title and its taskspace in
                // lower case; the sender block carries the working directory.
                let marker = UUID().uuidString
                maker.setTitle("[SYMPOSIUM:\(marker)] repo - Visual Studio Code", of: window)
                maker.sync()
                let requestID = UUID().uuidString
                extensionSide.send(line: JSONLine.encode([
                    "type": "register_taskspace_window", "id": .string(requestID),
                    "sender": ["workingDirectory": .string(project.path + "/task-\(Self.taskspace)/repo"),
                               "taskspaceUuid": .string(Self.taskspace.lowercased()), "shellPid": nil],
                    "payload": ["window_title": .string("[SYMPOSIUM:\(marker)]"), "taskspace_uuid": .string(Self.taskspace.lowercased())],
                ]))
                let reply = await extensionSide.nextMessage(timeout: .seconds(10)) { $0["id"]?.stringValue == requestID }
                maker.setTitle("repo - Visual Studio Code", of: window)
                maker.sync()
                #expect(reply?["type"] == "response")
                #expect(reply?["payload"]?["data"]?["success"] == true)
                #expect(reply?["sender"]?["workingDirectory"] == "/", "Symposium's parser needs a sender")

                let status = try await daemon.command(["status", "--json"])
                let document = try JSONLine.decode(status.standardOutput)
                let names = document["clients"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
                #expect(names?.contains("vscode-extension") == true)
                let entry = document["taskspaces"]?.arrayValue?.first
                #expect(entry?["uuid"]?.stringValue == Self.taskspace, "spelled as its directory")
                #expect(entry?["name"] == "taskspace 0")
                #expect(entry?["windows"] == [.string(window.hex)])

                // The window dies: the roll call names the taskspace exactly as the directory does.
                while await extensionSide.next(timeout: .milliseconds(200)) != nil {}  // an earlier start-up roll call
                maker.destroy(window)
                maker.sync()
                let call = await extensionSide.nextMessage(timeout: .seconds(5)) { $0["type"] == "taskspace_roll_call" }
                #expect(call?["payload"]?["taskspace_uuid"]?.stringValue == Self.taskspace)
            }
        }
    }

    @Test func nameAndDescriptionAreWrittenBackKeepingOtherFields() async throws {
        try await withXServer(windowManager: true) { server in
            try await withProjectDaemon(on: server, taskspaces: [Self.taskspace]) { project, daemon in
                let client = try await daemon.connect()
                let reply = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(Self.taskspace.lowercased()), "name": "Fix the parser",
                    "description": "Handle deep nesting",
                ])
                #expect(reply["success"] == true)
                let file = try project.taskspaceFile(Self.taskspace)
                #expect(file["name"] == "Fix the parser")
                #expect(file["description"] == "Handle deep nesting")
                #expect(file["id"]?.stringValue == Self.taskspace)
                #expect(file["vscodeWindowID"] == 42, "an integer stays an integer")
                #expect(file["createdAt"] == "2026-11-01T10:00:00Z")
                #expect(file["state"] == ["resume": [:]])
                #expect(file["logs"] == [])
                let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.path + "/task-\(Self.taskspace)")
                #expect(Set(leftovers) == ["taskspace.json", "repo"], "no temporary files left behind")
            }
        }
    }
}
