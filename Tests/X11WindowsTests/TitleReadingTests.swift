import Registrar
import Testing
import X11TestSupport
import X11Windows

/// Titles are read whole and in every encoding clients use, through a one-shot scan.
@Suite(.timeLimit(.minutes(5))) struct TitleReadingTests {
    static let uuid = "0b7c1e52-9a7d-4c41-8f3e-52d5e6a1b2c3"
    static let marker = "[SYMPOSIUM:\(uuid)]"

    @Test(arguments: [
        (TitleEncoding.netWMNameAndWMName, "main.swift — café 設計"),
        (.netWMNameOnly, "only in _NET_WM_NAME — ε"),
        (.wmNameString, "Latin-1 STRING: café naïve"),
        (.wmNameCompoundText, "Документ — 設計書 — Ελληνικά"),
        (.wmNameUTF8, "WM_NAME as UTF8_STRING — 🦀"),
    ])
    func everyEncodingIsReadBack(encoding: TitleEncoding, title: String) async throws {
        try await withXServer { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            let window = maker.createWindow(title: title + " " + Self.marker, encoding: encoding)
            maker.sync()
            let scan = try await server.scan()
            let record = try #require(scan.windows.first { $0.id == window })
            #expect(record.title == title + " " + Self.marker)
            #expect(record.marker?.uuid == Self.uuid)
        }
    }

    @Test(arguments: [5_000, 64 * 1024], [TitleEncoding.netWMNameOnly, .wmNameUTF8, .wmNameCompoundText])
    func longTitlesAreReadWholeWithTheMarkerAtTheEnd(bytes: Int, encoding: TitleEncoding) async throws {
        try await withXServer { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            let filler = encoding == .wmNameCompoundText ? "ж" : "x"
            let title = String(repeating: filler, count: (bytes - Self.marker.utf8.count) / filler.utf8.count) + Self.marker
            #expect(title.utf8.count >= bytes - 1)
            let window = maker.createWindow(title: title, encoding: encoding)
            maker.sync()
            let scan = try await server.scan()
            let record = try #require(scan.windows.first { $0.id == window })
            #expect(record.title.utf8.count == title.utf8.count)
            #expect(record.title == title)
            #expect(record.marker?.uuid == Self.uuid)
        }
    }
}
