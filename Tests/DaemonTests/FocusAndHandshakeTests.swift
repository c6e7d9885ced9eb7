import Foundation
import Glibc
import Registrar
import RegistrarServer
import Testing
import X11TestSupport
import X11Windows

/// `focus` and `handshake` as a person runs them, against real windows.
@Suite(.timeLimit(.minutes(5))) struct FocusAndHandshakeTests {
    static let taskspace = "7A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"

    @Test(arguments: [true, false])
    func focusBringsTheTaskspaceWindowForward(windowManager: Bool) async throws {
        try await withXServer(windowManager: windowManager) { server in
            try await withDaemon(on: server) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "focus me")
                _ = maker.createWindow(title: "another window")
                let editor = ExtensionClient(client: try await daemon.connect(), maker: maker)
                _ = try await editor.handshake(.updateTaskspace, window: window, title: "focus me", taskspace: Self.taskspace)
                _ = try await editor.client.request("update_taskspace", payload: ["taskspace_uuid": .string(Self.taskspace), "name": "Focus test"])

                let result = try await daemon.command(["focus", "Focus test"])
                #expect(result.exitCode == 0, "\(result.standardError)")
                let how = windowManager ? "through the window manager" : "directly (no window manager activates windows)"
                #expect(result.standardOutput == "focused \(Self.taskspace) (\"Focus test\"): window \(window.hex), \(how)\n")
                let control = try WindowControl(displayName: server.display)
                defer { control.close() }
                if windowManager {
                    #expect(await eventually { control.focus().active == window }, "_NET_ACTIVE_WINDOW is the window")
                } else {
                    #expect(control.focus().input == window, "the window has the input focus")
                }
            }
        }
    }

    @Test func focusWithoutAWindowOrTaskspaceSaysSo() async throws {
        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                let client = try await daemon.connect()
                _ = try await client.request("update_taskspace", payload: ["taskspace_uuid": .string(Self.taskspace)])
                let noWindow = try await daemon.command(["focus", Self.taskspace.lowercased()])
                #expect(noWindow.exitCode == 1)
                #expect(noWindow.standardError == "symposium-registrar: taskspace \(Self.taskspace) has no window\n")
                let unknown = try await daemon.command(["focus", "nothing by this name"])
                #expect(unknown.exitCode == 12)
                #expect(unknown.standardError.contains("unknown taskspace nothing by this name"))
            }
        }
    }

    /// Every combination of title properties comes back exactly as it was.
    @Test(arguments: ["both", "net-only", "wm-compound-only", "wm-string-only", "none"])
    func handshakeRegistersAndRestoresTheTitleExactly(properties: String) async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let window: WindowID = switch properties {
                case "both": maker.createWindow(title: "Документ — notes", encoding: .netWMNameAndWMName)
                case "net-only": maker.createWindow(title: "Документ — notes", encoding: .netWMNameOnly)
                case "wm-compound-only": maker.createWindow(title: "Документ — notes", encoding: .wmNameCompoundText)
                case "wm-string-only": maker.createWindow(title: "café notes", encoding: .wmNameString)
                default: maker.createWindow(title: nil)
                }
                maker.sync()
                let control = try WindowControl(displayName: server.display)
                defer { control.close() }
                let before = try #require(control.snapshotTitle(of: window))

                let result = try await daemon.command(["handshake", "--taskspace", Self.taskspace, "--window", window.hex])
                #expect(result.exitCode == 0, "\(result.standardError)")
                #expect(result.standardOutput == "registered window \(window.hex) for taskspace \(Self.taskspace)\n")
                #expect(control.snapshotTitle(of: window) == before, "title properties restored exactly")
                let entry = try await RegistrationTests.status(daemon)["taskspaces"]?.arrayValue?.first
                #expect(entry?["windows"] == [.string(window.hex)])
            }
        }
    }

    @Test func handshakeRestoresTheTitleOnSIGINTAndWithoutADaemon() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server, arguments: ["--registration-timeout", "60"]) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                // Never mapped, so never listed: the registration waits until interrupted.
                let hidden = maker.createWindow(title: "hidden editor", mapped: false)
                maker.sync()
                let control = try WindowControl(displayName: server.display)
                defer { control.close() }
                let before = try #require(control.snapshotTitle(of: hidden))
                let waiting = BackgroundProcess(RegistrarCommand.binaryPath, arguments: [
                    "handshake", "--taskspace", Self.taskspace, "--window", hidden.hex, "--timeout", "60", "--socket", daemon.socket,
                ], environment: ["DISPLAY": server.display])
                #expect(await eventually { control.snapshotTitle(of: hidden)?.text.hasPrefix("[SYMPOSIUM:") == true })
                #expect(await eventually { (try? await RegistrationTests.status(daemon))?["pending_registrations"] == 1 })
                waiting.signal(SIGINT)
                #expect(await waiting.waitForExit())
                if case .exited(let code) = waiting.terminationStatus { #expect(code == 128 + SIGINT) } else {
                    Issue.record("handshake ended by \(String(describing: waiting.terminationStatus))")
                }
                #expect(control.snapshotTitle(of: hidden) == before, "title restored after SIGINT")

                let window = maker.createWindow(title: "lonely editor")
                maker.sync()
                let untouched = try #require(control.snapshotTitle(of: window))
                let orphan = try await RegistrarCommand.run(
                    ["handshake", "--taskspace", Self.taskspace, "--window", window.hex, "--socket", daemon.directory + "/none.sock", "--no-start"],
                    display: server.display)
                #expect(orphan.exitCode == 4)
                #expect(orphan.standardError.contains("no registrar daemon is listening"))
                #expect(control.snapshotTitle(of: window) == untouched, "title restored without a daemon")
            }
        }
    }
}
