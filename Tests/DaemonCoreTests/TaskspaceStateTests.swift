import Foundation
import InProcessSupport
import Registrar
import Testing

/// `taskspace_state` (PROTOCOL.md 8.3), as Symposium's extension asks it on start, and as the
/// agent renames its taskspace; what the file on disk says afterwards.
@Suite struct TaskspaceStateTests {
    static let hatchling = "5A6B7C8D-1E2F-4A3B-8C4D-5E6F7A8B9C0D"
    static let resumed = "11111111-2222-4333-8444-555555555555"

    private func read(_ client: InProcessClient, _ uuid: String) async -> JSONValue? {
        await client.request("taskspace_state", [
            "project_path": "", "taskspace_uuid": .string(uuid.lowercased()), "name": nil, "description": nil,
        ])
    }

    @Test func aReadGivesTheQCLICommandAndTheFirstPromptWhileHatchling() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.hatchling, Self.resumed], agent: "qcli", hatchling: [Self.hatchling])
        defer { project.remove() }
        try await withInProcessDaemon(configure: { $0.projects = [project.path] }) { daemon in
            let client = daemon.connect()
            let first = await read(client, Self.hatchling)
            #expect(first?["success"] == true)
            #expect(first?["data"]?["name"] == "taskspace 0")
            #expect(first?["data"]?["initial_prompt"] == "Fix the parser")
            #expect(first?["data"]?["agent_command"]?.arrayValue?.first == "q")
            #expect(first?["data"]?["agent_command"]?.arrayValue?.count == 3)
            let resumed = await read(client, Self.resumed)
            #expect(resumed?["data"]?["agent_command"] == ["q", "chat", "--resume"])
            #expect(resumed?["data"]?["initial_prompt"] == nil)
        }
    }

    @Test func anUpdateIsSavedKeepingEveryOtherFieldAndResumesAHatchling() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.hatchling], agent: "qcli", hatchling: [Self.hatchling])
        defer { project.remove() }
        try await withInProcessDaemon(configure: { $0.projects = [project.path] }) { daemon in
            let client = daemon.connect()
            let reply = await client.request("taskspace_state", [
                "project_path": "", "taskspace_uuid": .string(Self.hatchling), "name": "Parser fix",
                "description": "Fixing the parser", "collaborator": "socrates",
            ])
            #expect(reply?["data"]?["name"] == "Parser fix")
            #expect(reply?["data"]?["agent_command"] == ["q", "chat", "--resume"], "no longer hatchling")
            #expect(reply?["data"]?["initial_prompt"] == nil)
            let file = try project.taskspaceFile(Self.hatchling)
            #expect(file["name"] == "Parser fix")
            #expect(file["description"] == "Fixing the parser")
            #expect(file["collaborator"] == "socrates")
            #expect(file["state"] == ["resume": [:]])
            #expect(file["vscodeWindowID"] == 42, "other fields kept, integers as integers")
            #expect(file["createdAt"] == "2026-11-01T10:00:00Z")
            let status = await client.request("registrar_status")
            #expect(status?["data"]?["taskspaces"]?.arrayValue?.first?["name"] == "Parser fix")
        }
    }

    @Test func aConfiguredCommandWinsAndWithoutOneTheAskerIsToldWhy() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.resumed], agent: "claude")
        defer { project.remove() }
        try await withInProcessDaemon(configure: { $0.projects = [project.path] }) { daemon in
            let reply = await read(daemon.connect(), Self.resumed)
            #expect(reply?["success"] == false)
            #expect(reply?["error"]?.stringValue?.hasPrefix("no agent command known for taskspace \(Self.resumed)") == true)
            let unknown = await read(daemon.connect(), "99999999-2222-4333-8444-555555555555")
            #expect(unknown?["error"]?.stringValue?.contains("is not in a loaded project") == true)
        }
        try await withInProcessDaemon(configure: {
            $0.projects = [project.path]
            $0.agentCommand = ["claude", "--continue"]
        }) { daemon in
            #expect(await read(daemon.connect(), Self.resumed)?["data"]?["agent_command"] == ["claude", "--continue"])
        }
    }

    /// No `--project`: the project is found from the extension's workspace folder, which its
    /// messages carry as `sender.workingDirectory`, when that folder is the named taskspace's.
    @Test func theProjectIsFoundFromTheEditorsWorkingDirectory() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.hatchling, Self.resumed], agent: "qcli")
        defer { project.remove() }
        try await withInProcessDaemon { daemon in
            let client = daemon.connect()
            func ask(_ uuid: String, from directory: String) async -> JSONValue? {
                let id = client.newID()
                client.send(Envelope(type: "taskspace_state", id: id,
                                     sender: ["workingDirectory": .string(directory), "taskspaceUuid": nil, "shellPid": nil],
                                     payload: ["project_path": "", "taskspace_uuid": .string(uuid), "name": nil, "description": nil]))
                return await client.reply(to: id)
            }
            let elsewhere = await ask(Self.resumed, from: project.path + "/task-\(Self.hatchling)/repo")
            #expect(elsewhere?["success"] == false, "another taskspace's folder proves nothing")
            let found = await ask(Self.resumed, from: project.path + "/task-\(Self.resumed)/repo")
            #expect(found?["data"]?["agent_command"] == ["q", "chat", "--resume"])
            let status = await client.request("registrar_status")
            #expect(status?["data"]?["taskspaces"]?.arrayValue?.count == 2, "the whole project was loaded")
        }
    }

    /// A write that fails is not acknowledged as a success.
    @Test func aFailedWriteIsToldToTheClient() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.resumed], agent: "qcli")
        defer { project.remove() }
        let file = project.path + "/task-\(Self.resumed)/taskspace.json"
        try FileManager.default.removeItem(atPath: file)
        try FileManager.default.createDirectory(atPath: file + "/blocker", withIntermediateDirectories: true)
        try await withInProcessDaemon(configure: { $0.projects = [project.path] }) { daemon in
            let client = daemon.connect()
            let update = await client.request("update_taskspace", ["taskspace_uuid": .string(Self.resumed), "name": "renamed"])
            #expect(update?["success"] == false)
            #expect(update?["error"] == .string("taskspace \(Self.resumed) updated, but refusing \(file): it is not a regular file; "
                + "left unchanged"))
            let state = await client.request("taskspace_state", [
                "project_path": "", "taskspace_uuid": .string(Self.resumed), "name": "again", "description": nil,
            ])
            #expect(state?["success"] == false)
            #expect(state?["error"] == .string("refusing \(file): it is not a regular file; left unchanged"))

            // The failed write is shown, and tried again until it succeeds.
            let failing = await client.request("registrar_status")?["data"]?["file_errors"]?.arrayValue
            #expect(failing?.first?["path"] == .string(file))
            let counts = await client.request("registrar_status")?["data"]?["health"]?["counts"]
            #expect((counts?["taskspace_writes_failed"]?.intValue ?? 0) >= 1)
            try FileManager.default.removeItem(atPath: file)
            daemon.advance(by: .seconds(5))
            #expect(await eventuallyTrue { (try? project.taskspaceFile(Self.resumed))?["name"] == "renamed" })
            #expect(await client.request("registrar_status")?["data"]?["file_errors"] == nil)
            #expect((await client.request("registrar_status")?["data"]?["health"]?["counts"]?["taskspace_writes_ok"]?.intValue ?? 0) >= 1)
        }
    }
}

/// Acknowledged changes are never lost: two requests in a row both land in the file, in
/// either order, and the daemon shows the newest of each field.
@Suite struct NoLostUpdateTests {
    static let taskspace = "11111111-2222-4333-8444-555555555555"

    /// Sends two requests pipelined (the second before the first is answered) and expects both
    /// to succeed.
    static func pipelined(_ client: InProcessClient, _ first: (String, JSONValue), _ second: (String, JSONValue)) async {
        let ids = (client.newID(), client.newID())
        client.send(Envelope(type: first.0, id: ids.0, payload: first.1))
        client.send(Envelope(type: second.0, id: ids.1, payload: second.1))
        #expect(await client.reply(to: ids.0)?["success"] == true)
        #expect(await client.reply(to: ids.1)?["success"] == true)
    }

    @Test func aDescriptionFromTaskspaceStateThenANameFromUpdateTaskspaceBothStay() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.taskspace], agent: "qcli")
        defer { project.remove() }
        try await withInProcessDaemon(configure: { $0.projects = [project.path] }) { daemon in
            let client = daemon.connect()
            for round in 0 ..< 20 {
                await Self.pipelined(client, ("taskspace_state", [
                    "project_path": "", "taskspace_uuid": .string(Self.taskspace), "description": .string("described \(round)"),
                ]), ("update_taskspace", ["taskspace_uuid": .string(Self.taskspace), "name": .string("named \(round)")]))
                let file = try project.taskspaceFile(Self.taskspace)
                #expect(file["description"] == .string("described \(round)"), "round \(round)")
                #expect(file["name"] == .string("named \(round)"), "round \(round)")
            }
        }
    }

    @Test func aNameFromUpdateTaskspaceThenADescriptionFromTaskspaceStateLeaveTheDaemonShowingBoth() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.taskspace], agent: "qcli")
        defer { project.remove() }
        try await withInProcessDaemon(configure: { $0.projects = [project.path] }) { daemon in
            let client = daemon.connect()
            for round in 0 ..< 20 {
                await Self.pipelined(client, ("update_taskspace", [
                    "taskspace_uuid": .string(Self.taskspace), "name": .string("named \(round)"),
                ]), ("taskspace_state", [
                    "project_path": "", "taskspace_uuid": .string(Self.taskspace), "name": .string("renamed \(round)"),
                    "description": .string("described \(round)"),
                ]))
                let entry = await client.request("registrar_status", ["taskspace": .string(Self.taskspace)])?["data"]?["taskspaces"]?
                    .arrayValue?.first
                #expect(entry?["name"] == .string("renamed \(round)"), "round \(round)")
                #expect(entry?["description"] == .string("described \(round)"), "round \(round)")
                let file = try project.taskspaceFile(Self.taskspace)
                #expect(file["name"] == .string("renamed \(round)"), "round \(round)")
            }
        }
    }
}

/// What the daemon writes into a project stays inside its taskspace's own directory, and a
/// change it could not write yet outlives a restart.
@Suite struct ProjectWriteEdgeTests {
    static let taskspace = "11111111-2222-4333-8444-555555555555"

    @Test func aTaskDirectoryThatIsALinkIsNotWrittenThrough() async throws {
        let project = try SymposiumProject.make(taskspaces: [])
        defer { project.remove() }
        // task-<UUID> links to the project itself: writing "its" taskspace.json would land in the root.
        try FileManager.default.createSymbolicLink(atPath: project.path + "/task-\(Self.taskspace)", withDestinationPath: ".")
        try Data(#"{"id":"\#(Self.taskspace)","name":"linked"}"#.utf8)
            .write(to: URL(fileURLWithPath: project.path + "/taskspace.json"))
        try await withInProcessDaemon(configure: { $0.projects = [project.path] }) { daemon in
            let client = daemon.connect()
            let status = try #require(await client.request("registrar_status", ["taskspace": .string(Self.taskspace)])?["data"])
            #expect(status["taskspaces"]?.arrayValue?.first?["directory"] == nil, "not learned as a task directory")
            _ = await client.request("update_taskspace", ["taskspace_uuid": .string(Self.taskspace), "name": "renamed"])
        }
        let root = try String(contentsOfFile: project.path + "/taskspace.json", encoding: .utf8)
        #expect(root.contains("linked") && !root.contains("renamed"), "the project's root is left alone")
    }

    @Test func aChangeNotYetWrittenIsWrittenAfterARestart() async throws {
        let project = try SymposiumProject.make(taskspaces: [Self.taskspace], agent: "qcli")
        defer { project.remove() }
        let file = project.path + "/task-\(Self.taskspace)/taskspace.json"
        let kept = try String(contentsOfFile: file, encoding: .utf8)
        try FileManager.default.removeItem(atPath: file)
        try FileManager.default.createDirectory(atPath: file + "/blocker", withIntermediateDirectories: true)
        let store = MemoryStateStore()
        try await withInProcessDaemon(store: store, configure: { $0.projects = [project.path] }) { daemon in
            let client = daemon.connect()
            let reply = await client.request("update_taskspace", ["taskspace_uuid": .string(Self.taskspace), "name": "renamed"])
            #expect(reply?["success"] == false, "the write failed and is waiting")
            #expect(await eventuallyTrue { store.saved?.pendingFileWrites?.first?.name == "renamed" })
        }
        // Stopped before it could retry. The file is put back as it was, older than the change.
        try FileManager.default.removeItem(atPath: file)
        try kept.write(toFile: file, atomically: true, encoding: .utf8)
        try await withInProcessDaemon(store: store, configure: { $0.projects = [project.path] }) { daemon in
            // The retrier sleeps 5 s between tries; time is moved on until it has tried.
            var written = false
            for _ in 0 ..< 200 where !written {
                daemon.advance(by: .seconds(5))
                await Task.yield()
                written = (try? project.taskspaceFile(Self.taskspace))?["name"] == "renamed"
                if !written { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(written, "the change wins over the older file")
            #expect(await eventuallyTrue { store.saved?.pendingFileWrites == nil })
        }
    }
}
