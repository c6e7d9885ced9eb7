import Foundation
import Glibc
import Registrar
import RegistrarServer
import Testing
import X11TestSupport

/// One daemon per socket, however many are started, and however the last one ended.
@Suite(.timeLimit(.minutes(5))) struct SingleInstanceTests {
    @Test func tenDaemonsStartedAtOnceLeaveExactlyOneServing() async throws {
        try await withXServer(windowManager: true) { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let socket = directory + "/registrar.sock"
            let daemons = (0 ..< 10).map { _ in
                RegistrarCommand.start(["daemon", "--socket", socket, "--state-file", directory + "/state.json", "--symposium-bus", "off"],
                                       display: server.display)
            }
            defer { for daemon in daemons { Task { await daemon.stop() } } }
            // Everyone either serves or leaves.
            #expect(await eventually(timeout: .seconds(30)) {
                daemons.allSatisfy { !$0.isRunning || $0.outputLines.contains("listening on \(socket)") }
            })
            let serving = daemons.filter { $0.isRunning }
            try #require(serving.count == 1)
            let pid = try #require(serving[0].pid)
            for daemon in daemons where daemon !== serving[0] {
                #expect(daemon.outputLines == ["already running (pid \(pid), socket \(socket))"])
                if case .exited(let code) = daemon.terminationStatus { #expect(code == 0) } else {
                    Issue.record("a second daemon did not exit normally: \(String(describing: daemon.terminationStatus))")
                }
            }
            let record = try #require(InstanceLock.readRecord(socketPath: socket))
            #expect(record.pid == pid)
            #expect(record.display == server.display)
        }
    }

    @Test func aDaemonKilledWithSIGKILLIsReplacedAtOnce() async throws {
        try await withXServer(windowManager: true) { server in
            let first = try await DaemonProcess.start(display: server.display)
            defer { try? FileManager.default.removeItem(atPath: first.directory) }
            first.process.signal(SIGKILL)
            #expect(await first.process.waitForExit())
            #expect(FileManager.default.fileExists(atPath: first.socket), "a killed daemon leaves its socket file")

            let started = ContinuousClock.now
            let next = try await DaemonProcess.start(display: server.display, directory: first.directory)
            let took = ContinuousClock.now - started
            #expect(took < .seconds(10), "took \(took)")
            let status = try await RegistrationTests.status(next)
            #expect(status["pid"]?.intValue == Int64(next.process.pid ?? -1))
            #expect(status["heartbeat"]?.stringValue != nil)
            await next.process.stop()
        }
    }

    @Test func replaceAsksTheRunningDaemonToLeaveAndTakesOver() async throws {
        try await withXServer(windowManager: true) { server in
            let first = try await DaemonProcess.start(display: server.display)
            defer { try? FileManager.default.removeItem(atPath: first.directory) }
            let client = try await first.connect()
            let second = try await DaemonProcess.start(display: server.display, arguments: ["--replace"], directory: first.directory)
            #expect(await first.process.waitForExit(timeout: .seconds(15)))
            #expect(first.exitCode == 0, "the replaced daemon shut down gracefully")
            #expect(await client.next(timeout: .seconds(5)) == nil, "its clients were closed")
            let status = try await RegistrationTests.status(second)
            #expect(status["pid"]?.intValue == Int64(second.process.pid ?? -1))
            await second.process.stop()
        }
    }
}
