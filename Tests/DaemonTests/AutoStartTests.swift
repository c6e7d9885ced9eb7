import Foundation
import Glibc
import InProcessSupport
import Registrar
import Testing
import X11TestSupport

/// Commands that need the daemon start it when none serves, as Symposium's bridge starts its
/// own: detached, in a session of its own, its log in the state directory; racing starters end
/// with one daemon.
@Suite(.timeLimit(.minutes(5))) struct AutoStartTests {
    @Test func statusStartsTheDaemonWhenNoneServesAndRacingStartersShareOne() async throws {
        try await withXServer(windowManager: true) { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let socket = directory + "/registrar.sock"
            let environment: [String: String?] = ["XDG_STATE_HOME": directory, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"]
            let results = try await withThrowingTaskGroup(of: RegistrarCommand.Result.self) { group in
                for _ in 0 ..< 4 {
                    group.addTask {
                        try await RegistrarCommand.run(["status", "--json", "--socket", socket], display: server.display,
                                                       environment: environment)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.exitCode == 0 }, "\(results.map(\.standardError))")
            let pids = Set(results.compactMap { try? JSONLine.decode($0.standardOutput)["pid"]?.intValue })
            #expect(pids.count == 1, "one daemon serves them all: \(pids)")
            let pid = try #require(pids.first.map { pid_t($0) })
            defer { kill(pid, SIGTERM) }
            #expect(getsid(pid) == pid, "the daemon leads a session of its own")
            #expect(FileManager.default.fileExists(atPath: directory + "/symposium-registrar/daemon.log"), "its log is kept")

            let refused = try await RegistrarCommand.run(["status", "--socket", directory + "/other.sock", "--no-start"],
                                                         display: server.display, environment: environment)
            #expect(refused.exitCode == 4, "--no-start leaves it: \(refused.standardError)")
            #expect(!FileManager.default.fileExists(atPath: directory + "/other.sock"))
        }
    }

    /// A daemon that cannot serve says why at once, instead of the command waiting it out.
    @Test func aStartedDaemonThatLeavesAtOnceIsReportedWithItsReason() async throws {
        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                let directory = DaemonProcess.makeTemporaryDirectory()
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let result = try await RegistrarCommand.run(["status", "--socket", directory + "/second.sock"], display: server.display,
                                                            environment: ["XDG_STATE_HOME": directory])
                #expect(result.exitCode == 4)
                #expect(result.standardError.contains("left at once (status 7)"), "\(result.standardError)")
                #expect(result.standardError.contains("another registrar serves display \(server.display)"), "\(result.standardError)")
            }
        }
    }
}

/// Symposium's extension at login, before any daemon: it runs `/bin/sh -c 'symposium-mcp client
/// --identity-prefix vscode'` in the taskspace's worktree, sends `taskspace_state` at once and
/// gives up after 5 s, starting no agent (PROTOCOL.md 8.2, 8.3). The bridge starts the daemon,
/// which finds the project from the editor's directory and answers with the agent's command.
@Suite(.timeLimit(.minutes(5))) struct EditorBeforeDaemonTests {
    static let hatchling = "5A6B7C8D-1E2F-4A3B-8C4D-5E6F7A8B9C0D"

    @Test func anEditorStartedBeforeAnyDaemonGetsItsAgentCommand() async throws {
        try await withXServer(windowManager: true) { server in
            let project = try SymposiumProject.make(taskspaces: [Self.hatchling], agent: "qcli", hatchling: [Self.hatchling])
            defer { project.remove() }
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let socket = directory + "/registrar.sock"
            // The name the extension runs, on a PATH of its own.
            try FileManager.default.createSymbolicLink(atPath: directory + "/symposium-mcp", withDestinationPath: RegistrarCommand.binaryPath)
            let worktree = project.path + "/task-\(Self.hatchling)/repo"
            // The extension keeps its 5 s in a process of its own (the stand-in), so the limit is
            // the extension's, not this test process's scheduling.
            let editor = BackgroundProcess("python3", arguments: [SymposiumStandIns.fixture("extension_at_login.py"), worktree,
                                                                  Self.hatchling.lowercased()],
                                           environment: [
                                               "PATH": directory + ":/usr/bin:/bin", "DISPLAY": server.display,
                                               "SYMPOSIUM_REGISTRAR_SOCKET": socket, "XDG_STATE_HOME": directory,
                                               "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus",
                                           ])
            defer { Task { await editor.stop() } }
            let verdict = try JSONLine.decode(try await editor.waitForLine(timeout: .seconds(60)))
            let log = (try? String(contentsOfFile: directory + "/symposium-registrar/daemon.log", encoding: .utf8)) ?? "(no daemon log)"
            try #require(verdict["timed_out"] == nil, "no reply within the extension's 5 s: \(verdict); daemon log: \(log)")
            let reply = verdict["reply"]?["payload"]
            #expect(reply?["success"] == true, "\(verdict)")
            #expect(reply?["data"]?["agent_command"]?.arrayValue?.first == "q", "\(verdict)")
            #expect(reply?["data"]?["initial_prompt"] == "Fix the parser", "\(verdict)")

            let status = try JSONLine.decode(try await RegistrarCommand.run(["status", "--json", "--socket", socket, "--no-start"],
                                                                            display: server.display).standardOutput)
            let pid = try #require(status["pid"]?.intValue.map { pid_t($0) })
            defer { kill(pid, SIGTERM) }
            #expect(getsid(pid) == pid, "the daemon the bridge started leads a session of its own")
        }
    }
}
