import Foundation
import Glibc
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

/// `status --check`: one line per problem and exit 8, for scripts and monitoring.
@Suite(.timeLimit(.minutes(5))) struct HealthCheckTests {
    @Test func eachProblemIsALineAndMakesTheCheckFail() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let healthy = try await daemon.command(["status", "--check"])
                #expect(healthy.exitCode == 0, "\(healthy.standardOutput)")
                #expect(healthy.standardOutput.isEmpty)

                server.signalXServer(SIGSTOP)
                defer { server.signalXServer(SIGCONT) }
                #expect(await eventually(timeout: .seconds(20)) {
                    let check = try? await daemon.command(["status", "--check"])
                    return check?.exitCode == 8
                        && check?.standardOutput.hasPrefix("the X server on \(server.display) has not answered since") == true
                }, "a stopped X server is a problem")
                server.signalXServer(SIGCONT)
                #expect(await eventually(timeout: .seconds(20)) { (try? await daemon.command(["status", "--check"]))?.exitCode == 0 })
            }
        }
    }
}
