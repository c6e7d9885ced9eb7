import Registrar
import Testing

@Suite struct MarkerTests {
    let uuid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"

    @Test func findsAMarkerAnywhereInTheTitle() throws {
        for title in ["[SYMPOSIUM:\(uuid)]", "[SYMPOSIUM:\(uuid)] main.swift - project", "edit — [SYMPOSIUM:\(uuid)]",
                      "a [[SYMPOSIUM:\(uuid)]] b", "λ файл 設計 [SYMPOSIUM:\(uuid)] end"] {
            #expect(Marker.find(in: title)?.uuid == uuid, "in \(title)")
        }
    }

    @Test func uuidCaseDoesNotMatter() throws {
        let upper = try #require(Marker.find(in: "x [SYMPOSIUM:\(uuid.uppercased())] y"))
        let lower = try #require(Marker(uuid: uuid))
        #expect(upper == lower)
        #expect(upper.uuid == uuid)
        #expect(upper.text == "[SYMPOSIUM:\(uuid)]")
    }

    @Test(arguments: [
        "no marker here",
        "[SYMPOSIUM:3f2504e0-4f89-11d3-9a0c-0305e82c330]",    // one digit short
        "[SYMPOSIUM:3f2504e0-4f89-11d3-9a0c-0305e82c33011]",  // one digit long
        "[SYMPOSIUM:3f2504e0-4f89-11d3-9a0c-0305e82c330g]",   // not hex
        "[SYMPOSIUM:3f2504e04f89-11d3-9a0c-0305e82c3301-]",   // dash misplaced
        "[symposium:3f2504e0-4f89-11d3-9a0c-0305e82c3301]",   // prefix is upper case
        "SYMPOSIUM:3f2504e0-4f89-11d3-9a0c-0305e82c3301]",    // no opening bracket
        "[SYMPOSIUM:3f2504e0-4f89-11d3-9a0c-0305e82c3301",    // no closing bracket
        "[SYMPOSIUM: 3f2504e0-4f89-11d3-9a0c-0305e82c3301]",  // space
        "",
    ])
    func rejectsMalformedMarkers(title: String) {
        #expect(Marker.find(in: title) == nil)
    }

    @Test func takesTheFirstWellFormedMarker() {
        let second = "11111111-2222-3333-4444-555555555555"
        let title = "[SYMPOSIUM:broken] [SYMPOSIUM:\(uuid)] [SYMPOSIUM:\(second)]"
        #expect(Marker.find(in: title)?.uuid == uuid)
    }

    @Test func findsAMarkerAtTheEndOfA64KiBTitle() {
        let title = String(repeating: "ж", count: 32 * 1024) + "[SYMPOSIUM:\(uuid)]"
        #expect(title.utf8.count > 64 * 1024)
        #expect(Marker.find(in: title)?.uuid == uuid)
    }

    @Test func bareUUIDsAreValidated() {
        #expect(Marker(uuid: uuid.uppercased())?.uuid == uuid)
        #expect(Marker(uuid: "not-a-uuid") == nil)
        #expect(Marker(uuid: "[SYMPOSIUM:\(uuid)]") == nil)
    }
}
