import Foundation
import Glibc
import Registrar
import RegistrarClient
import Testing
import X11TestSupport

/// `spawn_taskspace` and `new` as Symposium's app makes a taskspace, with the real git on a
/// bare repository the test makes, and a stand-in editor that records how it was started.
@Suite(.timeLimit(.minutes(5))) struct SpawnTests {
    /// A project `demo.symposium` whose `.git` is a bare clone of a repository with one commit.
    struct GitProject {
        let root: String
        let path: String

        /// Made off the cooperative pool: git blocks while it runs.
        static func make(defaultBranch: String? = nil) async throws -> GitProject {
            try await offPool { try makeBlocking(defaultBranch: defaultBranch) }
        }

        private static func makeBlocking(defaultBranch: String?) throws -> GitProject {
            let root = DaemonProcess.makeTemporaryDirectory()
            let source = root + "/source"
            let path = root + "/demo.symposium"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try gitBlocking(["init", "-q", "-b", "main", source], in: root)
            try "hello\n".write(toFile: source + "/README", atomically: true, encoding: .utf8)
            try gitBlocking(["add", "README"], in: source)
            try gitBlocking(["commit", "-q", "-m", "first"], in: source)
            try gitBlocking(["clone", "-q", "--bare", source, path + "/.git"], in: root)
            var project: [String: Any] = [
                "version": 1, "id": UUID().uuidString, "name": "demo", "gitURL": "https://example.invalid/demo.git",
                "directoryPath": path, "taskspaces": [], "createdAt": "2026-11-01T10:00:00Z", "agent": "qcli",
            ]
            if let defaultBranch { project["defaultBranch"] = defaultBranch }
            try JSONSerialization.data(withJSONObject: project).write(to: URL(fileURLWithPath: path + "/project.json"))
            return GitProject(root: root, path: path)
        }

        static func git(_ arguments: [String], in directory: String) async throws -> String {
            try await offPool { try gitBlocking(arguments, in: directory) }
        }

        @discardableResult
        private static func gitBlocking(_ arguments: [String], in directory: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.environment = ProcessInfo.processInfo.environment.merging([
                "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@example.invalid",
            ]) { _, new in new }
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw HarnessError("git \(arguments) failed") }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func json(_ path: String) throws -> JSONValue {
            try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    /// A stand-in editor: writes its arguments, directory, pid and session, then stays.
    static func standInEditor(in directory: String) throws -> (program: String, record: String) {
        let program = directory + "/editor.sh", record = directory + "/editor.out"
        try """
            #!/bin/sh
            echo "$PWD|$*|$$|$(ps -o sid= -p $$ | tr -d ' ')" > \(record)
            exec sleep 300
            """.write(toFile: program, atomically: true, encoding: .utf8)
        chmod(program, 0o755)
        return (program, record)
    }

    @Test func newMakesTheWorktreeTheFilesAndStartsTheEditorOutsideTheDaemon() async throws {
        let project = try await GitProject.make()
        defer { project.remove() }
        let editor = try Self.standInEditor(in: project.root)
        try await withXServer(windowManager: true) { server in
            let daemon = try await DaemonProcess.start(display: server.display, arguments: [
                "--project", project.path, "--editor", editor.program])
            let run = try await daemon.command(["new", "--project", project.path, "--name", "Fix the parser",
                                                "--description", "Trailing commas", "--prompt", "The parser drops trailing commas",
                                                "--json"])
            #expect(run.exitCode == 0, "\(run.standardError)")
            let spawned = try JSONLine.decode(run.standardOutput)
            let uuid = try #require(spawned["taskspace_uuid"]?.stringValue)
            #expect(uuid == uuid.uppercased())
            let directory = project.path + "/task-\(uuid)"
            #expect(spawned["directory"] == .string(directory))
            #expect(spawned["worktree"] == .string(directory + "/demo"))
            #expect(spawned["branch"] == .string("taskspace-\(uuid)"))
            #expect(spawned["base_branch"] == "main")
            #expect(spawned["editor_launch"] == "session", "no user manager in the test: a session of its own")
            #expect(try await GitProject.git(["rev-parse", "--abbrev-ref", "HEAD"], in: directory + "/demo") == "taskspace-\(uuid)")
            #expect(FileManager.default.fileExists(atPath: directory + "/demo/README"))

            let file = try project.json(directory + "/taskspace.json")
            #expect(file["id"] == .string(uuid))
            #expect(file["name"] == "Fix the parser")
            #expect(file["description"] == "Trailing commas")
            let prompt = try #require(file["state"]?["hatchling"]?["initialPrompt"]?.stringValue)
            #expect(prompt.hasPrefix("Hi, welcome! You are a new agent just getting started as part of the project demo. "))
            #expect(prompt.hasSuffix("\n\nUser's task description:\nThe parser drops trailing commas"))
            let listed = try project.json(project.path + "/project.json")["taskspaces"]?.arrayValue ?? []
            #expect(listed.map { $0["id"] } == [.string(uuid)], "listed in project.json")

            // The editor: started in the worktree, in a session of its own, and it outlives the daemon.
            #expect(await eventually { FileManager.default.fileExists(atPath: editor.record) })
            let fields = try String(contentsOfFile: editor.record, encoding: .utf8).trimmingCharacters(in: .newlines)
                .split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            #expect(fields.count == 4)
            #expect(fields.first == directory + "/demo")
            #expect(fields.dropFirst().first == directory + "/demo")
            let editorPID = try #require(Int32(fields[2]))
            defer { kill(editorPID, SIGKILL) }
            #expect(fields[3] == fields[2], "the editor leads a session of its own")
            #expect(await daemon.terminate())
            #expect(kill(editorPID, 0) == 0, "stopping the daemon left the editor running")
        }
    }

    @Test func aFailedGitStepLeavesNothingBehindAndSaysWhy() async throws {
        let project = try await GitProject.make(defaultBranch: "no-such-branch")
        defer { project.remove() }
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--project", project.path, "--editor", ""]) { daemon in
                let before = try String(contentsOfFile: project.path + "/project.json", encoding: .utf8)
                let client = try await daemon.connect()
                let reply = try await client.request("spawn_taskspace", payload: [
                    "project_path": .string(project.path), "taskspace_uuid": .string(UUID().uuidString), "name": "n",
                    "task_description": "d", "initial_prompt": "p",
                ], timeout: .seconds(60))
                #expect(reply["success"] == false)
                let error = reply["error"]?.stringValue ?? ""
                #expect(error.hasPrefix("git worktree add failed: fatal: ") && error.contains("no-such-branch"), "\(reply)")
                let entries = try FileManager.default.contentsOfDirectory(atPath: project.path)
                #expect(!entries.contains { $0.hasPrefix("task-") }, "no task directory left: \(entries)")
                #expect(try String(contentsOfFile: project.path + "/project.json", encoding: .utf8) == before)
                #expect(try await GitProject.git(["branch", "--list", "taskspace-*"], in: project.path).isEmpty, "no branch left")
            }
        }
    }

    /// An agent's `delete_taskspace` waits for the user; `delete --yes` decides: the editor's
    /// window (a real xterm) is closed as its close button would, then the worktree, branch,
    /// directory and `project.json` entry go, and the agent is answered.
    @Test func deleteWaitsForTheUserThenClosesTheEditorAndRemovesEverything() async throws {
        let project = try await GitProject.make()
        defer { project.remove() }
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server, arguments: ["--project", project.path, "--editor", ""]) { daemon in
                let made = try await daemon.command(["new", "--project", project.path, "--name", "Doomed", "--json"])
                let uuid = try #require(try JSONLine.decode(made.standardOutput)["taskspace_uuid"]?.stringValue, "\(made.standardError)")
                let marker = UUID().uuidString.lowercased()
                let xterm = BackgroundProcess("xterm", arguments: ["-T", "[SYMPOSIUM:\(marker)] editor", "-e", "sleep", "300"],
                                              environment: ["DISPLAY": server.display])
                defer { Task { await xterm.stop() } }
                let agent = try await daemon.connect()
                #expect(await eventually(timeout: .seconds(20)) { (try? await RegistrationTests.markedWindows(agent)) == 1 })
                let registered = try await agent.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(uuid), "window_uuid": .string(marker)])
                #expect(registered["window_registered"] == true)

                let deleteID = UUID().uuidString
                agent.send(Envelope(type: "delete_taskspace", id: deleteID, payload: [
                    "project_path": .string(project.path), "taskspace_uuid": .string(uuid.lowercased())]))
                // Ordered, not timed: the status sent after it is answered while it still waits.
                let status = try await agent.request("registrar_status")
                #expect(status["success"] == true)
                #expect(!agent.hasLine { $0.contains(deleteID) }, "the agent's request waits for the user")

                let decided = try await daemon.command(["delete", uuid, "--yes", "--delete-branch"])
                #expect(decided.exitCode == 0, "\(decided.standardError)")
                #expect(decided.standardOutput.contains("commits not in its base: 0"), "\(decided.standardOutput)")
                #expect(decided.standardOutput.hasSuffix("1 window(s) closed, branch deleted\n"), "\(decided.standardOutput)")
                let answer = await agent.nextMessage(timeout: .seconds(30)) { $0["id"]?.stringValue == deleteID }
                #expect(answer?["payload"]?["success"] == true, "\(String(describing: answer))")
                #expect(await xterm.waitForExit(timeout: .seconds(10)), "the editor closed on its own terms")
                #expect(!FileManager.default.fileExists(atPath: project.path + "/task-\(uuid)"))
                #expect((try project.json(project.path + "/project.json")["taskspaces"]?.arrayValue ?? []).isEmpty)
                #expect(try await GitProject.git(["branch", "--list", "taskspace-*"], in: project.path).isEmpty)
                #expect(try await GitProject.git(["worktree", "list"], in: project.path).split(separator: "\n").count == 1)
            }
        }
    }

    /// Keep: the agent is told in Symposium's words, and nothing changes.
    @Test func keepingAnswersTheAgentAsCancelled() async throws {
        let project = try await GitProject.make()
        defer { project.remove() }
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--project", project.path, "--editor", ""]) { daemon in
                let made = try await daemon.command(["new", "--project", project.path, "--name", "Kept", "--json"])
                let uuid = try #require(try JSONLine.decode(made.standardOutput)["taskspace_uuid"]?.stringValue)
                let agent = try await daemon.connect()
                let deleteID = UUID().uuidString
                agent.send(Envelope(type: "delete_taskspace", id: deleteID, payload: [
                    "project_path": .string(project.path), "taskspace_uuid": .string(uuid)]))
                _ = try await agent.request("registrar_status")  // answered after the delete was taken
                let kept = try await daemon.command(["delete", uuid], input: "n\n")
                #expect(kept.standardOutput.contains("its agent waits for this decision"), "\(kept.standardOutput)")
                #expect(kept.standardOutput.hasSuffix("kept \(uuid) (\"Kept\")\n"), "\(kept.standardOutput) \(kept.exitCode) \(kept.standardError)")
                let answer = await agent.nextMessage(timeout: .seconds(30)) { $0["id"]?.stringValue == deleteID }
                #expect(answer?["payload"]?["success"] == false)
                #expect(answer?["payload"]?["error"] == "Taskspace deletion was cancelled by user")
                #expect(FileManager.default.fileExists(atPath: project.path + "/task-\(uuid)"))
            }
        }
    }

    /// The notification asks too: its Delete action (picked in dunst's menu) deletes and
    /// answers the agent.
    @Test func theNotificationsDeleteActionDeletes() async throws {
        let project = try await GitProject.make()
        defer { project.remove() }
        try await withXServer { server in
            let bus = try await SessionBus.start(display: server.display, menuChoice: "Delete")
            defer { Task { await bus.stop() } }
            try await withDaemon(on: server, arguments: ["--project", project.path, "--editor", ""], environment: bus.environment) { daemon in
                let made = try await daemon.command(["new", "--project", project.path, "--name", "Doomed", "--json"])
                let uuid = try #require(try JSONLine.decode(made.standardOutput)["taskspace_uuid"]?.stringValue)
                let agent = try await daemon.connect()
                let deleteID = UUID().uuidString
                agent.send(Envelope(type: "delete_taskspace", id: deleteID, payload: [
                    "project_path": .string(project.path), "taskspace_uuid": .string(uuid)]))
                #expect(await eventually { (try? await bus.displayedCount()) == 1 }, "the user is asked")
                try await bus.openContextMenu()
                let answer = await agent.nextMessage(timeout: .seconds(30)) { $0["id"]?.stringValue == deleteID }
                #expect(answer?["payload"]?["success"] == true, "\(String(describing: answer))")
                #expect(!FileManager.default.fileExists(atPath: project.path + "/task-\(uuid)"))
                #expect(await eventually { (try? await bus.displayedCount()) == 0 }, "the question closed")
            }
        }
    }

    /// With the user's service manager running, the editor becomes a transient unit of its own:
    /// `systemd-run --user` gets the unit, the worktree, the display and the command. (A stand-in
    /// `systemd-run` records its arguments: the machine's own manager is not the test's to use.)
    @Test func withAUserManagerTheEditorIsATransientUnit() async throws {
        let project = try await GitProject.make()
        defer { project.remove() }
        let bin = project.root + "/bin", runtime = project.root + "/runtime", record = project.root + "/systemd-run.args"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: runtime + "/systemd", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: runtime + "/systemd/private", contents: nil)
        try "#!/bin/sh\nprintf '%s\\n' \"$@\" > \(record)\n".write(toFile: bin + "/systemd-run", atomically: true, encoding: .utf8)
        chmod(bin + "/systemd-run", 0o755)
        try await withXServer { server in
            let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            try await withDaemon(on: server, arguments: ["--project", project.path, "--editor", "code", "--editor-arg=--new-window"],
                                 environment: ["PATH": path, "XDG_RUNTIME_DIR": runtime]) { daemon in
                let made = try await daemon.command(["new", "--project", project.path, "--name", "Unit", "--json"])
                let spawned = try JSONLine.decode(made.standardOutput)
                #expect(spawned["editor_launch"] == "systemd-run", "\(made.standardOutput)")
                let uuid = try #require(spawned["taskspace_uuid"]?.stringValue)
                let arguments = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init)
                let worktree = project.path + "/task-\(uuid)/demo"
                #expect(Array(arguments.prefix(4)) == ["--user", "--collect", "--quiet", "--unit=symposium-editor-\(uuid.lowercased())"])
                #expect(arguments.contains("--working-directory=\(worktree)"))
                #expect(arguments.contains("--setenv=DISPLAY=\(server.display)"))
                #expect(Array(arguments.suffix(4)) == ["--", "code", "--new-window", worktree], "\(arguments)")
            }
        }
    }
}
