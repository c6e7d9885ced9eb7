import Foundation
import Glibc
import Registrar
import RegistrarServer
import Testing
import X11TestSupport
import X11Windows

/// `handshake` takes back what it added and nothing else; a marker outliving its handshake is
/// removed by the next one and gives its window to nobody else.
@Suite(.timeLimit(.minutes(5))) struct HandshakeRestoreTests {
    static let taskspace = "7A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"
    static let other = "11111111-2222-4333-8444-555555555555"

    /// A handshake on a window that is never listed (unmapped), so its registration waits. It
    /// is started with SIGINT, SIGTERM and SIGHUP blocked, as a parent that blocks them (a test
    /// runner with signal handling of its own did) leaves them to its children: the handshake
    /// must still restore on them.
    static func startWaitingHandshake(on window: WindowID, daemon: DaemonProcess) -> BackgroundProcess {
        let blocked = """
            import os, signal, sys
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
            os.execv(sys.argv[1], sys.argv[1:])
            """
        return BackgroundProcess("/usr/bin/python3", arguments: [
            "-c", blocked, RegistrarCommand.binaryPath,
            "handshake", "--taskspace", taskspace, "--window", window.hex, "--timeout", "60", "--socket", daemon.socket,
        ], environment: ["DISPLAY": daemon.display])
    }

    /// Sends SIGINT and waits for the handshake to leave; when it does not, says what its
    /// signal state and threads were doing, for the failure message.
    static func interrupt(_ handshake: BackgroundProcess) async -> String? {
        handshake.signal(SIGINT)
        if await handshake.waitForExit(timeout: .seconds(30)) { return nil }
        guard let pid = handshake.pid else { return "no pid" }
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let signals = status.split(separator: "\n").filter { $0.hasPrefix("Sig") || $0.hasPrefix("ShdPnd") }
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        let waits = tasks.map { task in
            let wchan = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/wchan", encoding: .utf8)) ?? "?"
            let blocked = ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8)) ?? "")
                .split(separator: "\n").first { $0.hasPrefix("SigBlk") } ?? ""
            return "\(task):\(wchan) \(blocked)"
        }
        handshake.signal(SIGKILL)
        return "still running after SIGINT: \(signals.joined(separator: "; ")); threads: \(waits.joined(separator: ", "))"
    }

    /// A display with a daemon whose registrations wait a minute, a window maker and a control
    /// connection for reading titles back.
    static func withHandshakeSetup(
        _ body: (DaemonProcess, WindowMaker, WindowControl) async throws -> Void
    ) async throws {
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--registration-timeout", "60"]) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let control = try WindowControl(displayName: server.display)
                defer { control.close() }
                try await body(daemon, maker, control)
            }
        }
    }

    static func marked(_ control: WindowControl, _ window: WindowID) async -> Bool {
        await eventually { control.snapshotTitle(of: window)?.text.hasPrefix("[SYMPOSIUM:") == true }
    }

    @Test func aTitleTheApplicationChangesDuringTheHandshakeKeepsTheChange() async throws {
        try await Self.withHandshakeSetup { daemon, maker, control in
            // The application puts a title of its own over the marked one.
            let replaced = maker.createWindow(title: "editor", mapped: false)
            maker.sync()
            let first = Self.startWaitingHandshake(on: replaced, daemon: daemon)
            #expect(await Self.marked(control, replaced))
            maker.setTitle("editor — notes.txt", of: replaced)
            maker.sync()
            let firstStuck = await Self.interrupt(first)
            #expect(firstStuck == nil, "\(firstStuck ?? "")")
            #expect(control.snapshotTitle(of: replaced)?.text == "editor — notes.txt", "the application's title stays")

            // The application changes the title keeping the marker: only the marker goes.
            let edited = maker.createWindow(title: "editor", mapped: false)
            maker.sync()
            let second = Self.startWaitingHandshake(on: edited, daemon: daemon)
            #expect(await Self.marked(control, edited))
            let markedTitle = try #require(control.snapshotTitle(of: edited)?.text)
            maker.setTitle(markedTitle + " (modified)", of: edited)
            maker.sync()
            let secondStuck = await Self.interrupt(second)
            #expect(secondStuck == nil, "\(secondStuck ?? "")")
            #expect(control.snapshotTitle(of: edited)?.text == "editor (modified)")
        }
    }

    @Test func aMarkerLeftByAKilledHandshakeIsRemovedByTheNextAndClaimsNothingForAnother() async throws {
        try await Self.withHandshakeSetup { daemon, maker, control in
            let window = maker.createWindow(title: "editor", mapped: false)
            maker.sync()

            let killed = Self.startWaitingHandshake(on: window, daemon: daemon)
            #expect(await Self.marked(control, window))
            #expect(await eventually { (try? await RegistrationTests.status(daemon))?["pending_registrations"] == 1 })
            killed.signal(SIGKILL)
            #expect(await killed.waitForExit(timeout: .seconds(30)))
            let leftover = try #require(control.snapshotTitle(of: window)?.text)
            let stale = try #require(Marker.find(in: leftover), "SIGKILL leaves the marker: \(leftover)")
            #expect(leftover == "\(stale) editor")

            // Another taskspace naming the leftover marker is told whose it is.
            let client = try await daemon.connect()
            let reply = try await client.request("update_taskspace", payload: [
                "taskspace_uuid": .string(Self.other), "window_uuid": .string(stale.uuid),
            ])
            #expect(reply["success"] == false)
            #expect(reply["error"]?.stringValue?.contains("marker \(stale) is already claimed by taskspace \(Self.taskspace)") == true,
                    "\(reply)")

            // The next handshake on the window removes the leftover along with its own marker.
            let next = Self.startWaitingHandshake(on: window, daemon: daemon)
            #expect(await eventually {
                let title = control.snapshotTitle(of: window)?.text ?? ""
                return title.hasPrefix("[SYMPOSIUM:") && !title.contains(stale.text)
            }, "marked once, without the leftover")
            let nextStuck = await Self.interrupt(next)
            #expect(nextStuck == nil, "\(nextStuck ?? "")")
            #expect(control.snapshotTitle(of: window)?.text == "editor")
        }
    }
}
