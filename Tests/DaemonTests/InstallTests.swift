import Foundation
import Registrar
import RegistrarClient
import RegistrarServer
import Subprocess
import Testing
import X11TestSupport

/// `scripts/install.sh` into a temporary HOME: the files a desktop session needs, a unit systemd
/// accepts, and an uninstall that leaves nothing behind.
@Suite(.timeLimit(.minutes(5))) struct InstallTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func run(_ executable: String, _ arguments: [String], home: String) async throws -> (Int32?, String) {
        let result = try await Subprocess.run(
            .path(.init(executable)), arguments: Arguments(arguments),
            environment: .inherit.updating([
                "HOME": home, "XDG_CONFIG_HOME": nil, "XDG_DATA_HOME": nil, "XDG_RUNTIME_DIR": home + "/run",
            ]),
            output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
        let code: Int32? = if case .exited(let code) = result.terminationStatus { code } else { nil }
        return (code, result.standardOutput + result.standardError)
    }

    /// A temporary HOME with a private runtime directory.
    static func makeHome() throws -> String {
        let home = DaemonProcess.makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: home + "/run", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return home
    }

    @Test func installsAUnitAndUninstallsCleanly() async throws {
        let home = try Self.makeHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let script = Self.repository + "/scripts/install.sh"
        let (code, output) = try await Self.run(script, ["--binary", RegistrarCommand.binaryPath, "--no-enable"], home: home)
        #expect(code == 0, "\(output)")

        let unitPath = home + "/.config/systemd/user/symposium-registrar.service"
        let unit = try String(contentsOfFile: unitPath, encoding: .utf8)
        #expect(unit.contains("ExecStart=\(home)/.local/bin/symposium-registrar daemon"))
        #expect(unit.contains("PartOf=graphical-session.target"))
        #expect(unit.contains("WantedBy=graphical-session.target"))
        #expect(unit.contains("Restart=on-failure"))
        #expect(unit.contains("RestartPreventExitStatus=7"), "no restart loop while another registrar serves the display")
        #expect(unit.contains("Type=notify") && unit.contains("WatchdogSec="), "supervised: readiness and the watchdog")
        #expect(unit.contains("PassEnvironment=DISPLAY XAUTHORITY"))
        let autostart = try String(contentsOfFile: home + "/.config/autostart/symposium-registrar.desktop", encoding: .utf8)
        #expect(autostart.contains("Exec=\(home)/.local/bin/symposium-registrar daemon"))
        let bash = try String(contentsOfFile: home + "/.local/share/bash-completion/completions/symposium-registrar", encoding: .utf8)
        #expect(bash.contains("handshake") && bash.contains("--registration-timeout"), "completions know the commands")
        let (versionCode, version) = try await Self.run(home + "/.local/bin/symposium-registrar", ["--version"], home: home)
        #expect(versionCode == 0 && version.hasPrefix("0."))

        let (removed, removal) = try await Self.run(script, ["--uninstall"], home: home)
        #expect(removed == 0, "\(removal)")
        let left = FileManager.default.enumerator(atPath: home)?.compactMap { $0 as? String }
            .filter { $0.contains("symposium-registrar") } ?? []
        #expect(left.isEmpty, "left behind: \(left)")
    }

    /// systemd's own check of the unit, and proof that the check can fail. Recorded as skipped
    /// where systemd is not installed; `setup.sh` installs it, so CI always runs it.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"),
                   "systemd-analyze is not installed (Debian's systemd; scripts/setup.sh installs it)"))
    func systemdAcceptsTheInstalledUnitAndRefusesABrokenOne() async throws {
        let home = try Self.makeHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let script = Self.repository + "/scripts/install.sh"
        let (installed, output) = try await Self.run(script, ["--binary", RegistrarCommand.binaryPath, "--no-enable"], home: home)
        #expect(installed == 0, "\(output)")
        let unitPath = home + "/.config/systemd/user/symposium-registrar.service"
        let unit = try String(contentsOfFile: unitPath, encoding: .utf8)
        let (verified, complaints) = try await Self.run("/usr/bin/systemd-analyze", ["--user", "verify", unitPath], home: home)
        #expect(verified == 0, "systemd-analyze verify: \(complaints)")
        // The check can fail: a unit whose program does not exist is refused.
        let broken = home + "/broken.service"
        try unit.replacingOccurrences(of: "\(home)/.local/bin/symposium-registrar", with: "\(home)/missing")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let (refused, _) = try await Self.run("/usr/bin/systemd-analyze", ["--user", "verify", broken], home: home)
        #expect(refused != 0)
    }

    /// `install.sh --symposium-mcp` on a machine without Symposium's Rust components: the link
    /// Symposium's VS Code extension runs as `symposium-mcp client --identity-prefix vscode`.
    @Test func theSymposiumMcpLinkStandsInForSymposiumsBridge() async throws {
        let home = try Self.makeHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let script = Self.repository + "/scripts/install.sh"
        let (code, output) = try await Self.run(script, ["--binary", RegistrarCommand.binaryPath, "--no-enable", "--symposium-mcp"],
                                                home: home)
        #expect(code == 0, "\(output)")
        let link = home + "/.local/bin/symposium-mcp"
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == "symposium-registrar", "\(output)")

        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                let bridge = BackgroundProcess(link, arguments: ["client", "--identity-prefix", "vscode"],
                                               environment: ["SYMPOSIUM_REGISTRAR_SOCKET": daemon.socket, "DISPLAY": server.display])
                defer { Task { await bridge.stop() } }
                bridge.send(#"{"type":"registrar_status","id":"s1","payload":{}}"#)
                let reply = try await bridge.waitForLine { $0.contains("\"id\":\"s1\"") }
                let clients = try JSONLine.decode(reply)["payload"]?["data"]?["clients"]?.arrayValue ?? []
                let name = clients.compactMap { $0["name"]?.stringValue }.first { $0.hasPrefix("vscode(pid:") }
                #expect(name?.hasSuffix(",cwd:\(BridgeIdentity.shortened(FileManager.default.currentDirectoryPath)))") == true,
                        "\(clients)")
                await bridge.stop()
            }
        }

        let (removed, removal) = try await Self.run(script, ["--uninstall"], home: home)
        #expect(removed == 0, "\(removal)")
        #expect(!FileManager.default.fileExists(atPath: link), "the link goes with the rest")
    }
}
