import Foundation
import Glibc
import Registrar
import RegistrarServer
import Testing
import X11TestSupport
import X11Windows

/// X gives every client every title, so another user's client can copy an editor's marker into
/// a window of its own. Through X-Resource the registrar sees whose window that is and never
/// takes it for a marker.
@Suite(.timeLimit(.minutes(5))) struct ForeignWindowTests {
    @Test(.enabled(if: getuid() == 0, "needs root to open a window as another user"))
    func anotherUsersCopyOfAMarkerTitleIsForeignAndLeavesTheMarkerUnambiguous() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server) { daemon in
                let marker = UUID().uuidString.lowercased()
                let taskspace = UUID().uuidString.lowercased()
                let title = "[SYMPOSIUM:\(marker)] editor"
                let copycat = try await ForeignWindow.open(title: title, display: server.display)
                defer { Task { await copycat.close() } }
                let copycatID = try #require(WindowID(parsing: copycat.id))
                let maker = try server.windowMaker()
                defer { maker.close() }
                let own = maker.createWindow(title: title)
                maker.sync()

                // Both windows are in the index before the registration, the copycat as foreign.
                let client = try await daemon.connect()
                #expect(await eventually {
                    let windows = try? await client.request("registrar_windows")["data"]?["windows"]?.arrayValue
                    let entries = Dictionary((windows ?? []).compactMap { entry in
                        entry["id"]?.stringValue.map { ($0, entry) }
                    }, uniquingKeysWith: { first, _ in first })
                    return entries[copycatID.hex]?["foreign"] == true && entries[own.hex]?["marker"] == .string(marker)
                }, "the copycat's window is listed as foreign, the editor's with its marker")

                let reply = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(taskspace), "window_uuid": .string(marker)])
                #expect(reply["window_registered"] == true, "not ambiguous: \(reply)")
                let entry = try await RegistrationTests.status(daemon)["taskspaces"]?.arrayValue?.first
                #expect(entry?["windows"] == [.string(own.hex)])

                let listed = try await daemon.command(["windows"])
                let row = listed.standardOutput.split(separator: "\n").first { $0.hasPrefix(copycatID.hex) }
                #expect(row?.contains("  foreign") == true, "\(listed.standardOutput)")
                #expect(row?.contains(title) == true, "its title is still shown")
            }
        }
    }
}
