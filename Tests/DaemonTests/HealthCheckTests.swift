import Foundation
import Glibc
import Registrar
import Testing
import X11TestSupport

/// `status --check`: one line per problem and exit 8, for scripts and monitoring; exit 0 and
/// nothing printed once the problem is gone.
@Suite(.timeLimit(.minutes(5))) struct HealthCheckTests {
    static func check(_ daemon: DaemonProcess, _ extra: [String] = []) async -> RegistrarCommand.Result? {
        try? await daemon.command(["status", "--check", "--no-start"] + extra)
    }

    @Test func aStoppedXServerIsAProblemUntilItAnswers() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                #expect(await eventually(timeout: .seconds(20)) {
                    let check = await Self.check(daemon)
                    return check?.exitCode == 0 && check?.standardOutput.isEmpty == true
                }, "healthy: exit 0, nothing printed")

                server.signalXServer(SIGSTOP)
                defer { server.signalXServer(SIGCONT) }
                #expect(await eventually(timeout: .seconds(20)) {
                    let check = await Self.check(daemon)
                    return check?.exitCode == 8
                        && check?.standardOutput.hasPrefix("the X server on \(server.display) has not answered since") == true
                }, "a stopped X server is a problem")
                server.signalXServer(SIGCONT)
                let healthyAgain = await eventually(timeout: .seconds(20)) { await Self.check(daemon)?.exitCode == 0 }
                let last = await Self.check(daemon)
                #expect(healthyAgain, """
                    healthy again: \(last?.exitCode.map(String.init) ?? "no answer") \(last?.standardOutput ?? "") \(last?.standardError ?? "")
                    Xvfb \(server.xServerProcessState); the daemon said: \(daemon.process.outputLines.suffix(12).joined(separator: "\n"))
                    """)
            }
        }
    }

    /// Away up to the limit is not a problem (a display restarting); away past it is.
    @Test func aDisplayAwayLongerThanTheLimitIsAProblem() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                #expect(await eventually(timeout: .seconds(20)) { await Self.check(daemon)?.exitCode == 0 })
                await server.killXServer()
                #expect(await eventually(timeout: .seconds(20)) {
                    (try? await RegistrationTests.status(daemon))?["x11"]?["state"] == "disconnected"
                })
                let within = try #require(await Self.check(daemon, ["--display-away-limit", "3600"]))
                #expect(within.exitCode == 0, "\(within.standardOutput)")
                let past = try #require(await Self.check(daemon, ["--display-away-limit", "0"]))
                #expect(past.exitCode == 8)
                #expect(past.standardOutput.hasPrefix("the display \(server.display) is away since"), "\(past.standardOutput)")
                try await server.restartXServer()
                #expect(await eventually(timeout: .seconds(20)) { await Self.check(daemon, ["--display-away-limit", "0"])?.exitCode == 0 })
            }
        }
    }

    /// The state file's place taken by a directory: every save fails until it is gone.
    @Test func aStateFileThatCannotBeWrittenIsAProblemUntilAWriteSucceeds() async throws {
        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                let client = try await daemon.connect()
                defer { Task { await client.close() } }
                try? FileManager.default.removeItem(atPath: daemon.stateFile)
                try FileManager.default.createDirectory(atPath: daemon.stateFile + "/in-the-way", withIntermediateDirectories: true)
                _ = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(UUID().uuidString.lowercased()), "name": "first"])
                #expect(await eventually(timeout: .seconds(20)) {
                    let check = await Self.check(daemon)
                    return check?.exitCode == 8 && check?.standardOutput.split(separator: "\n")
                        .contains { $0.hasPrefix("the state file \(daemon.stateFile) cannot be written: ") } == true
                }, "a failing save is a problem")
                let failed = try #require(try await RegistrationTests.status(daemon)["health"]?["counts"]?["state_writes_failed"]?.intValue)
                #expect(failed >= 1)

                try FileManager.default.removeItem(atPath: daemon.stateFile)
                _ = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(UUID().uuidString.lowercased()), "name": "second"])
                #expect(await eventually(timeout: .seconds(20)) {
                    await Self.check(daemon)?.standardOutput.contains("the state file") == false
                }, "no longer a problem once a write succeeds")
                #expect(FileManager.default.fileExists(atPath: daemon.stateFile))
            }
        }
    }

    /// A `taskspace.json` that cannot be written (a directory in its place) is a problem, named
    /// by its path, while it is tried again.
    @Test func aTaskspaceFileThatCannotBeWrittenIsAProblem() async throws {
        let taskspace = "11111111-2222-4333-8444-555555555555"
        try await withXServer { server in
            try await withProjectDaemon(on: server, taskspaces: [taskspace]) { project, daemon in
                let file = project.path + "/task-\(taskspace)/taskspace.json"
                try FileManager.default.removeItem(atPath: file)
                try FileManager.default.createDirectory(atPath: file + "/blocker", withIntermediateDirectories: true)
                let client = try await daemon.connect()
                defer { Task { await client.close() } }
                let update = try await client.request("update_taskspace", payload: ["taskspace_uuid": .string(taskspace), "name": "renamed"])
                #expect(update["success"] == false)
                let check = try #require(await Self.check(daemon))
                #expect(check.exitCode == 8)
                // One line per problem: on a busy machine the X server may be late too.
                let lines = check.standardOutput.split(separator: "\n")
                #expect(lines.contains { $0.hasPrefix("\(file): refusing \(file): it is not a regular file") }, "\(check.standardOutput)")
            }
        }
    }
}
