import Registrar
import Testing

@Suite struct WindowIndexTests {
    let a = WindowID(0x200001), b = WindowID(0x200002), c = WindowID(0x400003)
    let markerText = "[SYMPOSIUM:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee]"
    var marker: Marker { Marker(uuid: "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE")! }

    @Test func reportsAppearedRetitledAndUnchanged() {
        var index = WindowIndex()
        #expect(index.update(a, title: "one") == .appeared(WindowRecord(id: a, title: "one")))
        #expect(index.update(a, title: "one") == nil)
        #expect(index.update(a, title: "two") == .retitled(WindowRecord(id: a, title: "two"), previousMarker: nil))
        #expect(index[a]?.title == "two")
        #expect(index.count == 1)
    }

    @Test func looksUpWindowsByMarker() {
        var index = WindowIndex()
        index.update(a, title: "plain")
        index.update(b, title: "code \(markerText)")
        #expect(index.windows(with: marker).map(\.id) == [b])
        #expect(index.markedWindows.map(\.id) == [b])
    }

    @Test func aMarkerOnTwoWindowsReturnsBoth() {
        var index = WindowIndex()
        index.update(a, title: markerText)
        index.update(b, title: "x \(markerText)")
        #expect(index.windows(with: marker).map(\.id) == [a, b])
    }

    @Test func retitlingMovesTheMarker() {
        var index = WindowIndex()
        index.update(a, title: markerText)
        let change = index.update(a, title: "restored title")
        #expect(change == .retitled(WindowRecord(id: a, title: "restored title"), previousMarker: marker))
        #expect(index.windows(with: marker).isEmpty)
        index.update(b, title: markerText)
        #expect(index.windows(with: marker).map(\.id) == [b])
    }

    @Test func removingForgetsTheWindowAndItsMarker() {
        var index = WindowIndex()
        index.update(a, title: markerText)
        #expect(index.remove(a) == .gone(a, lastMarker: marker))
        #expect(index.remove(a) == nil)
        #expect(index.windows(with: marker).isEmpty)
        #expect(!index.contains(a))
    }

    @Test func replaceAllReportsOnlyDifferences() {
        var index = WindowIndex()
        index.update(a, title: "kept")
        index.update(b, title: "old")
        let changes = index.replaceAll(with: [a: "kept", b: "new", c: markerText])
        #expect(changes == [
            .retitled(WindowRecord(id: b, title: "new"), previousMarker: nil),
            .appeared(WindowRecord(id: c, title: markerText)),
        ])
        let dropped = index.replaceAll(with: [c: markerText])
        #expect(Set(dropped) == [.gone(a, lastMarker: nil), .gone(b, lastMarker: nil)])
        #expect(index.sortedWindows.map(\.id) == [c])
    }

    @Test func removeAllReportsEveryWindowGone() {
        var index = WindowIndex()
        index.update(a, title: "x")
        index.update(c, title: markerText)
        #expect(index.removeAll() == [.gone(a, lastMarker: nil), .gone(c, lastMarker: marker)])
        #expect(index.count == 0)
        #expect(index.markedWindows.isEmpty)
    }
}
