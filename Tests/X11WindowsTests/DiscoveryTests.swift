import Registrar
import Testing
import X11TestSupport
import X11Windows

/// Client windows are found with a live EWMH manager (its client list) and without one (the tree).
@Suite(.timeLimit(.minutes(5))) struct DiscoveryTests {
    @Test(arguments: [false, true])
    func findsEveryClientAndSaysHow(windowManager: Bool) async throws {
        try await withXServer(windowManager: windowManager) { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            var expected: [WindowID: String] = [:]
            for (number, encoding) in TitleEncoding.allCases.enumerated() {
                let title = "window \(number) \(encoding.rawValue)"
                expected[maker.createWindow(title: title, encoding: encoding)] = title
            }
            let unmapped = maker.createWindow(title: "never mapped", mapped: false)
            maker.sync()
            let found = await eventually {
                let scan = try? await server.scan()
                return expected.keys.allSatisfy { id in scan?.windows.contains { $0.id == id } == true }
            }
            #expect(found)
            let scan = try await server.scan()
            for window in scan.windows where expected[window.id] != nil {
                #expect(window.title == expected[window.id])
            }
            #expect(!scan.windows.contains { $0.id == unmapped })
            if windowManager {
                #expect(scan.mode.manager?.name == "Openbox")
                #expect(scan.windows.count == expected.count)
            } else {
                #expect(scan.mode == .treeWalk)
                #expect(Set(scan.windows.map(\.id)) == Set(expected.keys))
            }
        }
    }

    @Test func readsTheWholeClientListPast1024Windows() async throws {
        try await withXServer(windowManager: true) { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            for number in 0 ..< 1100 {
                let marker = number % 11 == 0 ? " [SYMPOSIUM:\(Marker.sample(number))]" : ""
                maker.createWindow(title: "client \(number)\(marker)", encoding: number % 2 == 0 ? .netWMNameOnly : .netWMNameAndWMName)
            }
            maker.sync()
            let expected = maker.liveWindows
            let listed = await eventually(timeout: .seconds(120), every: .milliseconds(250)) {
                let scan = try? await server.scan()
                return scan.map { Set($0.windows.map(\.id)) == expected } ?? false
            }
            #expect(listed, "openbox's _NET_CLIENT_LIST never held all 1100 windows")
            let scan = try await server.scan()
            #expect(scan.mode.manager != nil)
            #expect(scan.windows.count == 1100)
            #expect(scan.windows.filter { $0.marker != nil }.count == 100)

            try await withWatcher(display: server.display) { watcher in
                #expect(watcher.snapshot.count == 1100)
                #expect(watcher.snapshot.markedWindows.count == 100)
                #expect(watcher.windows(with: Marker(uuid: Marker.sample(0))!).count == 1)
            }
        }
    }
}

extension Marker {
    /// A well-formed UUID made from a number, so tests can name markers they expect.
    static func sample(_ number: Int) -> String {
        let digits = String(number, radix: 16)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - digits.count) + digits
    }
}
