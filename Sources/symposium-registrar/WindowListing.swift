import Foundation
import Registrar
import X11Windows

/// The `windows` command's output: a line per window for people, or one JSON document.
struct WindowListing {
    let scan: WindowScan
    let markedOnly: Bool

    private var shown: [WindowRecord] { markedOnly ? scan.windows.filter { $0.marker != nil } : scan.windows }

    /// A header naming the display and the mode, then `id  marker-uuid-or-dash  title`.
    func text() -> String {
        let marked = scan.windows.filter { $0.marker != nil }.count
        var out = Self.header(display: scan.display, mode: scan.mode, count: scan.windows.count, marked: marked)
        for window in shown { out += Self.row(window) + "\n" }
        return out
    }

    /// The first line: which display, how windows were found, how many.
    static func header(display: String, mode: DiscoveryMode, count: Int, marked: Int) -> String {
        "# display \(display): \(mode); \(count) client windows, \(marked) marked\n"
    }

    /// `id  marker-uuid-or-dash  title`, the marker column padded so titles line up.
    static func row(_ window: WindowRecord) -> String {
        let marker = window.marker?.uuid ?? "-"
        let padding = String(repeating: " ", count: max(0, 36 - marker.count))
        return "\(window.id.hex)  \(marker)\(padding)  \(printable(window.title))"
    }

    func json() throws -> String {
        struct Document: Encodable {
            let display: String
            let mode: String
            let manager: String?
            let count: Int
            let windows: [Entry]
        }
        struct Entry: Encodable {
            let id: String
            let title: String
            let marker: String?
        }
        let document = Document(
            display: scan.display, mode: scan.mode.name, manager: scan.mode.manager?.name,
            count: shown.count,
            windows: shown.map { Entry(id: $0.id.hex, title: $0.title, marker: $0.marker?.uuid) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    /// One line per window even when a title holds line breaks or other control characters.
    static func printable(_ title: String) -> String {
        guard title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return title }
        var out = ""
        for scalar in title.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.properties.generalCategory == .control:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
