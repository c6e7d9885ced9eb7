import Foundation
import Glibc
import Registrar
import Testing
import X11TestSupport

/// The daemon as a `Type=notify` unit: what its sd_notify tells the socket systemd would give
/// it (a datagram socket of the test's own), readiness, status, the watchdog, stopping.
@Suite(.timeLimit(.minutes(5))) struct SystemdNotifyTests {
    @Test func readyStatusWatchdogAndStoppingReachTheNotifySocket() async throws {
        try await withXServer(windowManager: true) { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let notify = try NotifySocket(in: directory)
            let daemon = try await DaemonProcess.start(display: server.display, directory: directory, environment: [
                "NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "2000000", "SYMPOSIUM_REGISTRAR_TEST_HOOKS": "1"])
            let ready = try await notify.first { $0.hasPrefix("READY=1") }
            #expect(ready?.contains("STATUS=X \(server.display) connected; ") == true, "\(String(describing: ready))")
            #expect(try await notify.first { $0 == "WATCHDOG=1" } != nil, "the watchdog is pinged while all answers")

            // X stopped: the X thread still answers (it waits on its wake-up pipe), so the pings go on.
            server.signalXServer(SIGSTOP)
            let stopped = try await notify.first { $0.hasPrefix("STATUS=X \(server.display) not answering") }
            #expect(stopped != nil, "the status says so")
            #expect(try await notify.first { $0 == "WATCHDOG=1" } != nil, "a display that does not answer is no reason to restart")
            server.signalXServer(SIGCONT)

            // A wedged core: the check fails, the status says why, and the pings stop (systemd
            // then restarts the daemon).
            daemon.process.signal(SIGUSR2)
            var seen: [String] = []
            var failed: String?
            while failed == nil, let message = try await notify.next(timeout: .seconds(20)) {
                seen.append(message)
                if message.hasPrefix("STATUS=not answering") { failed = message }
            }
            let alive = daemon.process.isRunning
            #expect(failed != nil, "\(seen) alive: \(alive)")
            #expect(failed == "STATUS=not answering: the daemon's core did not answer within 1.0 seconds", "\(String(describing: failed))")
            daemon.process.signal(SIGKILL)
            _ = await daemon.process.waitForExit()
        }
    }

    /// A unit started while a daemon a client started already serves: ready, and why it leaves,
    /// so systemd records a clean exit instead of a start that failed ("protocol").
    @Test func aDaemonThatFindsAnotherServingSaysReadyAndWhyItLeaves() async throws {
        try await withXServer { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let notify = try NotifySocket(in: directory)
            let first = try await DaemonProcess.start(display: server.display, directory: directory)
            let second = try await RegistrarCommand.run(["daemon", "--socket", first.socket], display: server.display,
                                                        environment: ["NOTIFY_SOCKET": notify.path])
            #expect(second.exitCode == 0, "\(second.standardError)")
            let pid = try #require(first.process.pid)
            let said = try await notify.first { $0.hasPrefix("READY=1") }
            #expect(said == "READY=1\nSTATUS=another daemon (pid \(pid)) serves \(first.socket); this one left", "\(String(describing: said))")
            #expect(await first.terminate())
        }
    }

    @Test func aStopSaysStopping() async throws {
        try await withXServer { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let notify = try NotifySocket(in: directory)
            let daemon = try await DaemonProcess.start(display: server.display, directory: directory,
                                                       environment: ["NOTIFY_SOCKET": notify.path])
            #expect(try await notify.first { $0.hasPrefix("READY=1") } != nil)
            #expect(await daemon.terminate())
            #expect(try await notify.first { $0 == "STOPPING=1" } != nil)
        }
    }
}

/// Under systemd, standard error is the journal's stream: each line carries its priority.
@Suite(.timeLimit(.minutes(5))) struct JournalStreamTests {
    @Test func linesCarryTheirPriorityWhenStandardErrorIsTheJournal() async throws {
        try await withXServer { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let log = directory + "/journal"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            var info = stat()
            #expect(stat(log, &info) == 0)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: RegistrarCommand.binaryPath)
            process.arguments = ["daemon", "--socket", directory + "/r.sock", "--state-file", directory + "/s.json",
                                 "--symposium-bus", "off", "--log-level", "notice"]
            process.environment = ProcessInfo.processInfo.environment.merging([
                "DISPLAY": server.display, "JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino)",
                "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"]) { $1 }
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            #expect(await eventually { FileManager.default.fileExists(atPath: directory + "/r.sock") })
            process.terminate()
            process.waitUntilExit()
            let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            #expect(lines.contains { $0.hasPrefix("<5>symposium-registrar: ") && $0.hasSuffix("[RegistrarServer] listening") },
                    "\(lines)")
            #expect(lines.allSatisfy { $0.hasPrefix("<") }, "every line has its priority: \(lines)")
            #expect(process.terminationStatus == 0, "\(process.terminationStatus) \(process.terminationReason.rawValue)")
        }
    }
}
