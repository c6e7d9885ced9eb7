import Registrar
import Testing

/// What `handshake` takes back from a title: its own marker, and markers earlier ones left.
@Suite struct HandshakeTitleTests {
    let marker = Marker(uuid: "0a0b0c0d-1111-4222-8333-444455556666")!

    @Test func leftoverMarkersAtTheFrontAreRemovedAndOthersKept() {
        let stale = "[SYMPOSIUM:9F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F]"
        #expect(HandshakeTitle.withoutLeadingMarkers("\(stale) \(marker) vim") == "vim")
        #expect(HandshakeTitle.withoutLeadingMarkers("\(marker)vim") == "vim")
        #expect(HandshakeTitle.withoutLeadingMarkers("vim \(marker)") == "vim \(marker)", "only what a handshake adds: the front")
        #expect(HandshakeTitle.withoutLeadingMarkers("[SYMPOSIUM:not-a-uuid] vim") == "[SYMPOSIUM:not-a-uuid] vim")
        #expect(HandshakeTitle.withoutLeadingMarkers("") == "")
    }

    @Test func anUntouchedTitleGetsItsOriginalBack() {
        let marked = HandshakeTitle.marked("vim", with: marker)
        #expect(marked == "\(marker) vim")
        #expect(HandshakeTitle.restore(current: marked, marked: marked, marker: marker) == .original)
    }

    @Test func aTitleTheApplicationChangedKeepsTheChangeWithoutTheMarker() {
        let marked = HandshakeTitle.marked("vim", with: marker)
        #expect(HandshakeTitle.restore(current: "\(marker) vim - file.txt", marked: marked, marker: marker) == .set("vim - file.txt"))
        #expect(HandshakeTitle.restore(current: "file.txt \(marker)", marked: marked, marker: marker) == .set("file.txt "))
        #expect(HandshakeTitle.restore(current: "file.txt", marked: marked, marker: marker) == .leave)
        #expect(HandshakeTitle.restore(current: nil, marked: marked, marker: marker) == .leave)
    }
}
