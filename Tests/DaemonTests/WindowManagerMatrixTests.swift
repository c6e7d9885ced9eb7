import Foundation
import Glibc
import Registrar
import RegistrarServer
import Testing
import X11TestSupport
import X11Windows

/// The holdout: every scenario under the managers that broke the registrar before: twm (no EWMH,
/// reparenting), dwm (EWMH list, urgency instead of activation), none at all, and a manager
/// that announces itself without a client list (Weston's XWayland manager, played by
/// `AnnouncedManager`, which also claims `_NET_ACTIVE_WINDOW` and never acts on it).
@Suite(.timeLimit(.minutes(5))) struct WindowManagerMatrixTests {
    enum Setup: String, CaseIterable, CustomStringConvertible {
        case twm, dwm, none, announcedOnly
        var description: String { rawValue }
        var kind: WindowManagerKind? {
            switch self {
            case .twm: .twm
            case .dwm: .dwm
            case .none, .announcedOnly: nil
            }
        }
    }

    static let taskspace = "7A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"
    static let second = "11111111-2222-4333-8444-555555555555"

    @Test(arguments: Setup.allCases)
    func everyScenarioHolds(setup: Setup) async throws {
        try await withXServer(manager: setup.kind) { server in
            let announced = setup == .announcedOnly
                ? try AnnouncedManager(displayName: server.display, name: "Weston WM",
                                       supported: ["_NET_SUPPORTING_WM_CHECK", "_NET_ACTIVE_WINDOW"])
                : nil
            defer { announced?.close() }
            try await withDaemon(on: server) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let editor = maker.createWindow(title: "editor")
                let terminal = maker.createWindow(title: "terminal")
                maker.sync()

                // How the windows are found, said honestly.
                let (mode, manager): (JSONValue, JSONValue?) = switch setup {
                case .dwm: ("ewmh", "dwm")
                case .announcedOnly: ("tree-walk", "Weston WM")
                case .twm, .none: ("tree-walk", nil)
                }
                #expect(await eventually {
                    let x11 = try? await RegistrationTests.status(daemon)["x11"]
                    return x11?["mode"] == mode && x11?["manager"] == manager
                }, "mode \(mode), manager \(String(describing: manager))")

                // Registration by marker.
                let client = try await daemon.connect()
                let reply = try await ExtensionClient(client: client, maker: maker)
                    .handshake(.updateTaskspace, window: editor, title: "editor", taskspace: Self.taskspace)
                #expect(reply["data"]?["window_id"]?.stringValue == editor.hex, "\(reply)")

                // Focus: reported only when it happened, and then the window has it.
                let focus = try await daemon.command(["focus", Self.taskspace])
                if focus.exitCode == 0 {
                    let control = try WindowControl(displayName: server.display)
                    defer { control.close() }
                    #expect(await eventually { control.focus().input.map { maker.parent(of: $0) == editor || $0 == editor } == true
                        || control.focus().active == editor }, "\(focus.standardOutput)")
                    if setup == .announcedOnly {
                        #expect(focus.standardOutput.contains("directly (Weston WM did not activate the window)"), "\(focus.standardOutput)")
                    }
                } else {
                    #expect(focus.standardError.contains("was not focused"), "an honest refusal: \(focus.standardError)")
                }

                // The CLI handshake on another window.
                let handshake = try await daemon.command(["handshake", "--taskspace", Self.second, "--window", terminal.hex])
                #expect(handshake.exitCode == 0, "\(handshake.standardError)")

                // A retitle reaches the index.
                maker.setTitle("editor — saved", of: editor)
                maker.sync()
                #expect(await eventually {
                    let windows = try? await client.request("registrar_windows")
                    return windows?["data"]?["windows"]?.arrayValue?.contains { $0["title"] == "editor — saved" } == true
                })

                // The manager dies: no window leaves the index for it.
                if setup.kind != nil { await server.killWindowManager() }
                announced?.close()
                try await Task.sleep(for: .milliseconds(500))
                let windows = try await client.request("registrar_windows")["data"]?["windows"]?.arrayValue ?? []
                let ids = Set(windows.compactMap { $0["id"]?.stringValue })
                #expect(ids.isSuperset(of: [editor.hex, terminal.hex]), "after the manager died: \(ids)")
                let status = try await RegistrationTests.status(daemon)
                let entry = status["taskspaces"]?.arrayValue?.first { $0["uuid"]?.stringValue == Self.taskspace }
                #expect(entry?["windows"] == [.string(editor.hex)], "the association survives the manager")

                // The window goes: the association is dropped and the taskspace is called.
                maker.destroy(editor)
                maker.sync()
                let rollCall = await client.nextMessage(timeout: .seconds(10)) {
                    $0["type"] == "taskspace_roll_call" && $0["payload"]?["taskspace_uuid"]?.stringValue == Self.taskspace
                }
                #expect(rollCall != nil, "called back once its window was gone")
            }
        }
    }
}
