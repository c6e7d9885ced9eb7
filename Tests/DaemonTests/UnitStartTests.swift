import Foundation
import Glibc
import InProcessSupport
import Registrar
import Testing
import X11TestSupport

/// A command that finds no daemon starts it through the user unit only where the unit's daemon
/// would serve the socket the command waits on (the manager's DISPLAY is the command's), and
/// starts it itself when the manager's display is another or the unit cannot be started. The
/// machine's own service manager is not the test's to use: a stand-in `systemctl` answers
/// `show-environment` with a given DISPLAY and, for `start`, starts the daemon as the unit's
/// ExecStart would and returns once it listens (Type=notify).
@Suite(.timeLimit(.minutes(5))) struct UnitStartTests {
    struct Run {
        let calls: [String]
        let pid: pid_t
        let unitPid: pid_t?
        let log: String
        let directory: String

        /// Stops the daemon, then removes what the run made.
        func finish() async {
            kill(pid, SIGTERM)
            _ = await eventually { kill(pid, 0) != 0 }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    struct StatusFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `status --json` with no daemon, the stand-in manager's DISPLAY `unitDisplay` (the
    /// server's when nil), its `start` failing as for a unit that is not installed when `missing`,
    /// its `show-environment` never answering when `hangs`.
    func runStatus(on server: XTestServer, unitDisplay: String? = nil, missing: Bool = false, hangs: Bool = false) async throws -> Run {
        let directory = DaemonProcess.makeTemporaryDirectory()
        let bin = directory + "/bin", runtime = directory + "/runtime"
        try FileManager.default.createDirectory(atPath: runtime + "/systemd", withIntermediateDirectories: true)
        chmod(runtime, 0o700)
        _ = FileManager.default.createFile(atPath: runtime + "/systemd/private", contents: nil)
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let socket = runtime + "/symposium-registrar/" + SocketLocation.fileName(display: unitDisplay ?? server.display) + ".sock"
        try """
            #!/bin/sh
            printf '%s\\n' "$*" >> "\(directory)/calls"
            case "$*" in
              "--user show-environment")
                [ -n "$UNIT_HANGS" ] && exec sleep 600
                printf 'HOME=%s\\nDISPLAY=%s\\nXDG_RUNTIME_DIR=%s\\n' "$HOME" "$UNIT_DISPLAY" "$XDG_RUNTIME_DIR" ;;
              "--user start symposium-registrar.service")
                if [ -n "$UNIT_MISSING" ]; then
                  echo "Failed to start symposium-registrar.service: Unit symposium-registrar.service not found." >&2
                  exit 5
                fi
                DISPLAY="$UNIT_DISPLAY" setsid "\(RegistrarCommand.binaryPath)" daemon >> "\(directory)/unit.log" 2>&1 < /dev/null &
                echo $! > "\(directory)/unit.pid"
                i=0
                while [ ! -S "\(socket)" ]; do i=$((i + 1)); [ $i -gt 600 ] && exit 1; sleep 0.05; done ;;
              *) exit 1 ;;
            esac
            """.write(toFile: bin + "/systemctl", atomically: true, encoding: .utf8)
        chmod(bin + "/systemctl", 0o755)
        let result = try await RegistrarCommand.run(["status", "--json"], display: server.display, environment: [
            "PATH": bin + ":/usr/bin:/bin", "XDG_RUNTIME_DIR": runtime, "XDG_STATE_HOME": directory,
            "SYMPOSIUM_REGISTRAR_SOCKET": nil, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus",
            "UNIT_DISPLAY": unitDisplay ?? server.display, "UNIT_MISSING": missing ? "1" : nil, "UNIT_HANGS": hangs ? "1" : nil,
        ])
        let status = try? JSONLine.decode(result.standardOutput)
        let pid = status?["pid"]?.intValue.map { pid_t($0) }
        let unitPid = (try? String(contentsOfFile: directory + "/unit.pid", encoding: .utf8))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let calls = ((try? String(contentsOfFile: directory + "/calls", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        let log = (try? String(contentsOfFile: directory + "/symposium-registrar/daemon.log", encoding: .utf8)) ?? ""
        // The stand-in's daemon, should the command have failed before naming it.
        if let unitPid, unitPid != pid { kill(unitPid, SIGTERM) }
        guard result.exitCode == 0, let pid else {
            try? FileManager.default.removeItem(atPath: directory)
            throw StatusFailed(description: "status failed (\(String(describing: result.exitCode))): \(result.standardError) calls: \(calls) log: \(log)")
        }
        return Run(calls: calls, pid: pid, unitPid: unitPid, log: log, directory: directory)
    }

    @Test func theUnitStartsTheDaemonWhenItsDaemonWouldServeThisDisplay() async throws {
        try await withXServer { server in
            let run = try await runStatus(on: server)
            #expect(run.calls == ["--user show-environment", "--user start symposium-registrar.service"], "\(run.calls)")
            #expect(run.unitPid == run.pid, "the daemon that answers is the unit's")
            await run.finish()
        }
    }

    @Test func aManagerOnAnotherDisplayIsLeftAloneAndTheDaemonStartedDetached() async throws {
        try await withXServer { server in
            let run = try await runStatus(on: server, unitDisplay: ":\(Int.random(in: 700 ..< 900))")
            #expect(run.calls == ["--user show-environment"], "no start through the unit: \(run.calls)")
            #expect(run.unitPid == nil)
            #expect(run.log.contains("without the user unit: the unit's daemon would listen on"), "why, in the log: \(run.log)")
            #expect(getsid(run.pid) == run.pid, "a detached daemon, in a session of its own")
            await run.finish()
        }
    }

    @Test func aUnitThatCannotBeStartedLeavesTheStartToTheCommand() async throws {
        try await withXServer { server in
            let run = try await runStatus(on: server, missing: true)
            #expect(run.calls == ["--user show-environment", "--user start symposium-registrar.service"], "\(run.calls)")
            #expect(run.unitPid == nil)
            #expect(getsid(run.pid) == run.pid, "a detached daemon, in a session of its own")
            #expect(run.log.contains("Unit symposium-registrar.service not found"), "systemctl's word is in the daemon's log: \(run.log)")
            await run.finish()
        }
    }

    @Test func aManagerThatDoesNotAnswerDoesNotHoldUpTheStart() async throws {
        try await withXServer { server in
            let run = try await runStatus(on: server, hangs: true)
            #expect(run.calls == ["--user show-environment"], "\(run.calls)")
            #expect(run.log.contains("without the user unit: systemctl --user show-environment failed or did not answer"), "\(run.log)")
            #expect(run.unitPid == nil)
            #expect(getsid(run.pid) == run.pid, "a detached daemon, in a session of its own")
            #expect(kill(run.pid, 0) == 0)
            await run.finish()
        }
    }
}
