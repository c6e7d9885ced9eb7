import Foundation
import InProcessSupport
import Registrar
import Testing

/// Project files are held to the socket's limits: a few MiB, texts of 4 KiB, no more taskspaces
/// than the daemon may learn, read off the actor.
@Suite struct ProjectFileLimitTests {
    static func uuid(_ n: Int) -> String {
        "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - String(n).count) + String(n)
    }

    /// A message from an editor working in `task-<UUID>/repo` of `project`.
    func editorMessage(_ project: SymposiumProject, _ uuid: String, id: String) -> Envelope {
        Envelope(type: "update_taskspace", id: id, sender: ["workingDirectory": .string(project.path + "/task-\(uuid)/repo")],
                 payload: ["taskspace_uuid": .string(uuid)])
    }

    func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func aFoundProjectLearnsNoMoreThanTheLimitAndSaysSoInStatus() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.uuid(0)])
        defer { project.remove() }
        // project.json lists 500 more taskspaces without directories.
        let listed = (1 ... 500).map { #"{"id":"\#(Self.uuid($0))","name":"listed \#($0)"}"# }.joined(separator: ",")
        try write(#"{"name":"demo","taskspaces":[\#(listed)]}"#, to: project.path + "/project.json")
        try await withInProcessDaemon(configure: { $0.taskspaceLimit = 100 }) { daemon in
            let client = daemon.connect()
            client.send(editorMessage(project, Self.uuid(0), id: "m"))
            #expect(await client.reply(to: "m")?["success"] == true)
            let status = try #require(await client.request("registrar_status")?["data"])
            #expect(status["taskspace_count"] == 100)
            let problems = status["file_errors"]?.arrayValue ?? []
            #expect(problems.contains { $0["operation"] == "read" && $0["error"]?.stringValue?.contains("401 taskspaces not learned") == true },
                    "\(problems)")
        }
    }

    @Test func aProjectFileOverTheSizeLimitIsRefusedWithItsReason() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.uuid(0)])
        defer { project.remove() }
        try write(#"{"name":"demo","pad":""# + String(repeating: "x", count: 5 << 20) + #""}"#, to: project.path + "/project.json")
        try await withInProcessDaemon { daemon in
            let client = daemon.connect()
            client.send(editorMessage(project, Self.uuid(0), id: "m"))
            #expect(await client.reply(to: "m")?["success"] == true, "the message is still answered")
            let status = try #require(await client.request("registrar_status")?["data"])
            let entry = status["taskspaces"]?.arrayValue?.first
            #expect(entry?["directory"] == nil, "nothing was learned from the refused project")
            let errors = (status["file_errors"]?.arrayValue ?? []).compactMap { $0["error"]?.stringValue }
            #expect(errors.contains { $0.contains("more than the 4194304 a project file may have") }, "\(errors)")
        }
    }

    @Test func namesReadFromFilesAreHeldToFourKiBAndDeepFilesAreRefused() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.uuid(0), Self.uuid(1)])
        defer { project.remove() }
        let long = String(repeating: "é", count: 5000)  // 10,000 bytes
        try write(#"{"id":"\#(Self.uuid(0))","name":"\#(long)"}"#, to: project.path + "/task-\(Self.uuid(0))/taskspace.json")
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        try write(#"{"id":"\#(Self.uuid(1))","name":"deep","x":\#(deep)}"#, to: project.path + "/task-\(Self.uuid(1))/taskspace.json")
        try await withInProcessDaemon(configure: { $0.projects = [project.path] }) { daemon in
            let client = daemon.connect()
            let status = try #require(await client.request("registrar_status")?["data"])
            let entries = status["taskspaces"]?.arrayValue ?? []
            let name = entries.first { $0["uuid"]?.stringValue == Self.uuid(0) }?["name"]?.stringValue
            #expect(name?.utf8.count == 4096)
            #expect(name?.allSatisfy { $0 == "é" } == true, "cut at a character boundary")
            let deepEntry = entries.first { $0["uuid"]?.stringValue == Self.uuid(1) }
            #expect(deepEntry?["name"] == "taskspace 1", "the listing's name, the deep file refused")
            let errors = (status["file_errors"]?.arrayValue ?? []).compactMap { $0["error"]?.stringValue }
            #expect(errors.contains { $0.contains("JSON nested 501 levels deep") }, "\(errors)")
        }
    }
}
