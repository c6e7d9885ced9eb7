import Registrar
import Testing
import X11TestSupport
import X11Windows

/// The watcher's index follows X events: new windows, retitles and destruction, with and
/// without a window manager.
@Suite(.timeLimit(.minutes(5))) struct LiveIndexTests {
    @Test(arguments: [false, true])
    func followsWindowsThroughTheirLife(windowManager: Bool) async throws {
        try await withXServer(windowManager: windowManager) { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            let early = maker.createWindow(title: "there before the watcher")
            maker.sync()
            try await withWatcher(display: server.display) { watcher in
                #expect(await watcher.settles(to: [early: "there before the watcher"]))
                let mode = watcher.status.mode
                #expect(windowManager ? mode?.manager?.name == "Openbox" : mode == .treeWalk)

                let events = watcher.events()
                let late = maker.createWindow(title: "plain title")
                let appeared = await events.first(within: .seconds(10)) {
                    if case .window(.appeared(let record)) = $0 { record.id == late } else { false }
                }
                #expect(appeared != nil, "no .appeared event for a new window")

                let marker = try #require(Marker(uuid: "c0ffee00-1234-4abc-9def-0123456789ab"))
                maker.setTitle("\(marker.text) plain title", of: late, encoding: .netWMNameOnly)
                let retitled = await events.first(within: .seconds(10)) {
                    if case .window(.retitled(let record, _)) = $0 { record.id == late && record.marker != nil } else { false }
                }
                #expect(retitled != nil, "no .retitled event carrying the marker")
                #expect(watcher.windows(with: marker).map(\.id) == [late])

                maker.setTitle("plain title again", of: late, encoding: .wmNameCompoundText)
                let restored = await events.first(within: .seconds(10)) {
                    if case .window(.retitled(let record, let previous)) = $0 {
                        record.id == late && record.title == "plain title again" && previous == marker
                    } else { false }
                }
                #expect(restored != nil, "the restored title was not seen")
                #expect(watcher.windows(with: marker).isEmpty)

                maker.destroy(late)
                let gone = await events.first(within: .seconds(10)) {
                    if case .window(.gone(let id, _)) = $0 { id == late } else { false }
                }
                #expect(gone != nil, "no .gone event for a destroyed window")
                #expect(watcher.window(late) == nil)
                #expect(await watcher.settles(to: [early: "there before the watcher"]))
            }
        }
    }

    @Test func aWindowUnmappedWithoutAManagerLeavesAndReturns() async throws {
        try await withXServer { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            let window = maker.createWindow(title: "blinking")
            maker.sync()
            try await withWatcher(display: server.display) { watcher in
                #expect(await watcher.settles(to: [window: "blinking"]))
                maker.unmap(window)
                #expect(await watcher.settles(to: [:]))
                maker.map(window)
                #expect(await watcher.settles(to: [window: "blinking"]))
            }
        }
    }
}
