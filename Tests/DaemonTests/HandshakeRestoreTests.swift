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

    /// A handshake on a window that is never listed (unmapped), so its registration waits.
    static func startWaitingHandshake(on window: WindowID, daemon: DaemonProcess) -> BackgroundProcess {
        BackgroundProcess(RegistrarCommand.binaryPath, arguments: [
            "handshake", "--taskspace", taskspace, "--window", window.hex, "--timeout", "60", "--socket", daemon.socket,
        ], environment: ["DISPLAY": daemon.display])
    }

    static func marked(_ control: WindowControl, _ window: WindowID) async -> Bool {
        await eventually { control.snapshotTitle(of: window)?.text.hasPrefix("[SYMPOSIUM:") == true }
    }

    @Test func aTitleTheApplicationChangesDuringTheHandshakeKeepsTheChange() async throws {
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--registration-timeout", "60"]) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let control = try WindowControl(displayName: server.display)
                defer { control.close() }

                // The application puts a title of its own over the marked one.
                let replaced = maker.createWindow(title: "editor", mapped: false)
                maker.sync()
                let first = Self.startWaitingHandshake(on: replaced, daemon: daemon)
                #expect(await Self.marked(control, replaced))
                maker.setTitle("editor — notes.txt", of: replaced)
                maker.sync()
                first.signal(SIGINT)
                #expect(await first.waitForExit(timeout: .seconds(30)))
                #expect(control.snapshotTitle(of: replaced)?.text == "editor — notes.txt", "the application's title stays")

                // The application changes the title keeping the marker: only the marker goes.
                let edited = maker.createWindow(title: "editor", mapped: false)
                maker.sync()
                let second = Self.startWaitingHandshake(on: edited, daemon: daemon)
                #expect(await Self.marked(control, edited))
                let markedTitle = try #require(control.snapshotTitle(of: edited)?.text)
                maker.setTitle(markedTitle + " (modified)", of: edited)
                maker.sync()
                second.signal(SIGINT)
                #expect(await second.waitForExit(timeout: .seconds(30)))
                #expect(control.snapshotTitle(of: edited)?.text == "editor (modified)")
            }
        }
    }

    @Test func aMarkerLeftByAKilledHandshakeIsRemovedByTheNextAndClaimsNothingForAnother() async throws {
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--registration-timeout", "60"]) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let control = try WindowControl(displayName: server.display)
                defer { control.close() }
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
                next.signal(SIGINT)
                #expect(await next.waitForExit(timeout: .seconds(30)))
                #expect(control.snapshotTitle(of: window)?.text == "editor")
            }
        }
    }
}
