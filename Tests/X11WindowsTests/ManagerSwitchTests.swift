import Registrar
import Testing
import X11TestSupport
import X11Windows

/// The watcher changes how it finds clients when the window manager dies or starts: openbox
/// leaves a stale `_NET_SUPPORTING_WM_CHECK` when killed, which must not pass for a manager.
@Suite(.timeLimit(.minutes(5))) struct ManagerSwitchTests {
    @Test func killedManagerMeansTreeWalkAndARestartMeansEWMH() async throws {
        try await withXServer(windowManager: true) { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            var expected: [WindowID: String] = [:]
            for number in 0 ..< 5 {
                let title = "survivor \(number) [SYMPOSIUM:\(Marker.sample(number))]"
                expected[maker.createWindow(title: title)] = title
            }
            maker.sync()
            try await withWatcher(display: server.display) { watcher in
                #expect(await watcher.settles(to: expected))
                #expect(watcher.status.mode?.manager?.name == "Openbox")

                let check = try await server.rootProperty("_NET_SUPPORTING_WM_CHECK")
                #expect(check.contains("window id #"))
                await server.killWindowManager()
                #expect(try await server.rootProperty("_NET_SUPPORTING_WM_CHECK") == check,
                        "openbox no longer leaves a stale check property: this test lost its point")
                let walked = await eventually { watcher.status.mode == .treeWalk }
                #expect(walked, "still \(String(describing: watcher.status.mode)) after openbox died")
                #expect(await watcher.settles(to: expected))
                #expect(try await server.scan().mode == .treeWalk)

                let whileUnmanaged = maker.createWindow(title: "made while no manager ran")
                expected[whileUnmanaged] = "made while no manager ran"
                #expect(await watcher.settles(to: expected))

                try await server.startWindowManager()
                let managed = await eventually { watcher.status.mode?.manager?.name == "Openbox" }
                #expect(managed, "still \(String(describing: watcher.status.mode)) after openbox returned")
                #expect(await watcher.settles(to: expected))
                #expect(watcher.windows(with: Marker(uuid: Marker.sample(3))!).count == 1)
            }
        }
    }

    /// A manager that announces itself but lists no clients is walked beside; its name is read
    /// again when it changes, and read without control characters.
    @Test func aManagerWithoutAClientListIsWalkedBesideAndItsNameFollowed() async throws {
        try await withXServer { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            let window = maker.createWindow(title: "plain client")
            maker.sync()
            let manager = try AnnouncedManager(displayName: server.display, name: "Weston WM", supported: ["_NET_SUPPORTING_WM_CHECK"])
            defer { manager.close() }
            try await withWatcher(display: server.display) { watcher in
                #expect(await watcher.settles(to: [window: "plain client"]), "found by walking the tree")
                #expect(watcher.status.mode == .treeWalkBeside(WindowManagerInfo(
                    checkWindow: manager.checkWindow, name: "Weston WM", listsClients: false)))
                #expect(watcher.status.mode?.description == "tree walk (Weston WM keeps no _NET_CLIENT_LIST)")

                manager.rename("Weston\u{1b}]0;owned\u{7}\u{0} WM")
                #expect(await eventually { watcher.status.mode?.announcedManager?.name == "Weston]0;owned WM" },
                        "renamed, without controls: \(String(describing: watcher.status.mode))")
                let later = maker.createWindow(title: "later client")
                #expect(await watcher.settles(to: [window: "plain client", later: "later client"]))
            }
        }
    }
}
