import Foundation
import Glibc
import Registrar
import RegistrarServer
import Testing
import X11TestSupport
import X11Windows

/// Nobody else's socket, file or directory is taken for the registrar's own: each ends in a
/// clear refusal or a non-zero exit, never in a silent success.
@Suite(.timeLimit(.minutes(5))) struct TrustTests {
    static let nobody: UInt32 = 65534

    /// A directory under a fresh temporary one, owned by `nobody`. Modes are set outright:
    /// another test binding a socket in this process may have the umask narrowed just then.
    static func nobodysDirectory(in base: String) -> String {
        chmod(base, 0o755)
        let directory = base + "/nobody"
        mkdir(directory, 0o755)
        chmod(directory, 0o755)
        chown(directory, nobody, nobody)
        return directory
    }

    /// Listens on `socket` as `nobody` and writes how many bytes it received to `count` after
    /// every read: a squatter on a socket path.
    static func squat(_ socket: String, count: String) -> BackgroundProcess {
        let script = """
            import os, socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(sys.argv[1]); s.listen(16)
            open(sys.argv[2], "w").write("0")
            received = 0
            s.settimeout(60)
            while True:
                try:
                    c, _ = s.accept()
                except OSError:
                    break
                c.settimeout(3)
                try:
                    while True:
                        data = c.recv(65536)
                        if not data: break
                        received += len(data)
                        open(sys.argv[2], "w").write(str(received))
                except OSError:
                    pass
                c.close()
            """
        return BackgroundProcess("/usr/bin/setpriv", arguments: [
            "--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups", "/usr/bin/python3", "-c", script, socket, count,
        ])
    }

    @Test(.enabled(if: getuid() == 0, "needs root to listen as another user"))
    func aStrangersSocketIsRefusedByClientsAndIsNoRunningDaemon() async throws {
        try await withXServer { server in
            let base = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: base) }
            let shared = Self.nobodysDirectory(in: base)
            let socket = shared + "/registrar.sock", count = shared + "/received"
            let squatter = Self.squat(socket, count: count)
            defer { Task { await squatter.stop() } }
            #expect(await eventually { (try? String(contentsOfFile: count, encoding: .utf8)) == "0" })

            let status = try await RegistrarCommand.run(["status", "--socket", socket], display: server.display)
            #expect(status.exitCode == 6, "\(status.standardError)")
            #expect(status.standardError.contains("refusing \(socket): it is served by pid "), "\(status.standardError)")
            #expect(status.standardError.contains("of uid \(Self.nobody), not by this user (uid 0); nothing was sent to it"))

            let daemon = try await RegistrarCommand.run(
                ["daemon", "--socket", socket, "--state-file", base + "/state.json", "--symposium-bus", "off"], display: server.display)
            #expect(daemon.exitCode == 6, "\(daemon.standardOutput)\(daemon.standardError)")
            #expect(!daemon.standardOutput.contains("already running"))
            #expect(daemon.standardError.contains("not starting a daemon there"), "\(daemon.standardError)")

            let replace = try await RegistrarCommand.run(
                ["daemon", "--replace", "--socket", socket, "--state-file", base + "/state.json", "--symposium-bus", "off"],
                display: server.display)
            #expect(replace.exitCode == 6, "\(replace.standardError)")

            try await Task.sleep(for: .milliseconds(300))
            #expect((try? String(contentsOfFile: count, encoding: .utf8)) == "0", "not one byte reached the squatter")
        }
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run a daemon as another user"))
    func anotherUsersReplaceDisplacesTheDaemonWhichExitsNonZeroNamingIt() async throws {
        try await withXServer { server in
            let base = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: base) }
            let mine = try await DaemonRun.start(name: "mine", in: base, display: server.display)

            let theirs = Self.nobodysDirectory(in: base)
            let intruder = BackgroundProcess("/usr/bin/setpriv", arguments: [
                "--reuid=\(Self.nobody)", "--regid=\(Self.nobody)", "--clear-groups", RegistrarCommand.binaryPath, "daemon", "--replace",
                "--socket", theirs + "/theirs.sock", "--state-file", theirs + "/theirs.json", "--symposium-bus", "off",
            ], environment: ["DISPLAY": server.display])
            defer { Task { await intruder.stop() } }
            let result = try await mine.result()
            #expect(result.exitCode == 5, "\(result.standardError)")
            #expect(result.standardError.contains("\"symposium-registrar (uid \(Self.nobody))\" pid "), "\(result.standardError)")
        }
    }

    @Test func aPlantedLockSymlinkIsRefusedAndItsTargetLeftAlone() async throws {
        try await withXServer { server in
            let base = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: base) }
            let target = base + "/precious"
            try "precious".write(toFile: target, atomically: false, encoding: .utf8)
            symlink(target, base + "/r.sock.lock")
            let result = try await RegistrarCommand.run(
                ["daemon", "--socket", base + "/r.sock", "--state-file", base + "/s.json", "--symposium-bus", "off"],
                display: server.display)
            #expect(result.exitCode == 1)
            #expect(result.standardError.contains("refusing the lock file \(base)/r.sock.lock: it is a symbolic link to \(target)"),
                    "\(result.standardError)")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious")
        }
    }

    @Test func aPlantedStateSymlinkIsRefusedAndItsTargetLeftAlone() async throws {
        try await withXServer { server in
            let base = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: base) }
            let target = base + "/precious.json"
            let content = #"{"display":":0","taskspaces":[],"version":1}"#
            try content.write(toFile: target, atomically: false, encoding: .utf8)
            symlink(target, base + "/s.json")
            let result = try await RegistrarCommand.run(
                ["daemon", "--socket", base + "/r.sock", "--state-file", base + "/s.json", "--symposium-bus", "off"],
                display: server.display)
            #expect(result.exitCode == 1)
            #expect(result.standardError.contains("refusing the state file \(base)/s.json: it is a symbolic link to \(target)"),
                    "\(result.standardError)")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == content)
            #expect(!FileManager.default.fileExists(atPath: base + "/r.sock"), "it never listened")
        }
    }

    @Test(arguments: [0o777, 0o1777, 0o770])
    func aRuntimeDirectoryOthersMayWriteIsRefused(mode: Int) async throws {
        try await withXServer { server in
            let base = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: base) }
            let runtime = base + "/run"
            mkdir(runtime, 0o700)
            chmod(runtime, mode_t(mode))
            let result = try await RegistrarCommand.run(
                ["daemon", "--state-file", base + "/s.json", "--symposium-bus", "off"], display: server.display,
                environment: ["XDG_RUNTIME_DIR": runtime, SocketLocation.environmentVariable: nil])
            #expect(result.exitCode == 1)
            #expect(result.standardError.contains(
                "refusing the runtime directory ($XDG_RUNTIME_DIR) \(runtime): others may write into it (mode \(String(mode, radix: 8)))"),
                "\(result.standardError)")
            #expect(!FileManager.default.fileExists(atPath: runtime + "/symposium-registrar"), "nothing made inside it")
        }
    }

    /// The daemon stops, the registered window goes, and another window gets its id: the
    /// restarted daemon does not hand the taskspace to that stranger.
    @Test func aRestoredWindowIdNowWornByAnotherWindowIsNotTrusted() async throws {
        try await withXServer { server in
            let taskspace = "7A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"
            let first = try await DaemonProcess.start(display: server.display)
            defer { try? FileManager.default.removeItem(atPath: first.directory) }
            let editorMaker = try server.windowMaker()
            let editor = editorMaker.createWindow(title: "editor")
            editorMaker.sync()
            let reply = try await ExtensionClient(client: try await first.connect(), maker: editorMaker)
                .handshake(.updateTaskspace, window: editor, title: "editor", taskspace: taskspace)
            #expect(reply["data"]?["window_id"]?.stringValue == editor.hex)
            #expect(await eventually { editorMaker.stamp(of: editor) == taskspace.lowercased() }, "stamped at registration")
            #expect(await first.terminate())
            editorMaker.close()

            // New connections until one gets the dead window's id (X hands the freed range out again).
            var makers: [WindowMaker] = []
            defer { makers.forEach { $0.close() } }
            var stranger: WindowID?
            for _ in 0 ..< 30 where stranger == nil {
                let maker = try server.windowMaker()
                makers.append(maker)
                let window = maker.createWindow(title: "a stranger")
                maker.sync()
                if window == editor { stranger = window }
            }
            try #require(stranger != nil, "no connection got \(editor.hex) again")

            // Within an hour only the start-up roll call can go out: one the status shows for the
            // taskspace is it, heard or not by a client that connected in time.
            let second = try await DaemonProcess.start(display: server.display, arguments: ["--roll-call-interval", "3600"],
                                                       directory: first.directory)
            let status = try await RegistrationTests.status(second)
            let entry = status["taskspaces"]?.arrayValue?.first { $0["uuid"]?.stringValue == taskspace }
            #expect(entry?["state"] == "unregistered", "\(String(describing: entry))")
            let focus = try await second.command(["focus", taskspace])
            #expect(focus.exitCode != 0)
            #expect(focus.standardError.contains("has no window"), "\(focus.standardError)")
            #expect(await eventually(timeout: .seconds(15)) {
                let taskspaces = (try? await RegistrationTests.status(second))?["taskspaces"]?.arrayValue ?? []
                return taskspaces.first { $0["uuid"]?.stringValue == taskspace }?["last_roll_call"]?.stringValue != nil
            }, "called to register again")
            await second.process.stop()
        }
    }
}
