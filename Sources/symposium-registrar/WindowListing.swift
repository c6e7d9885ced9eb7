import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol
import X11Windows

/// The `windows` command's output: a line per window for people, or one JSON document; the
/// same whether the list came from the daemon's live index or from a scan of our own.
struct WindowListing {
    let display: String
    /// `ewmh` or `tree-walk`.
    let modeName: String
    let modeDescription: String
    let manager: String?
    /// `daemon` or `scan`.
    let source: String
    let windows: [WindowRecord]
    let markedOnly: Bool
    /// Every window and the marked ones, counted where the list was made (the daemon may send
    /// only the marked ones).
    let counts: (all: Int, marked: Int)

    init(scan: WindowScan, markedOnly: Bool) {
        display = scan.display
        modeName = scan.mode.name
        modeDescription = scan.mode.description
        manager = scan.mode.announcedManager?.name
        source = "scan"
        windows = scan.windows
        self.markedOnly = markedOnly
        counts = (scan.windows.count, scan.windows.filter { $0.marker != nil }.count)
    }

    /// From a `registrar_windows` reply's data; nil when the daemon is not connected to X.
    init?(daemonData data: WindowsData, markedOnly: Bool) {
        guard data.connected, let modeName = data.mode else { return nil }
        display = data.display
        self.modeName = modeName
        modeDescription = data.modeDescription ?? modeName
        manager = data.manager
        source = "daemon"
        let windows = data.windows.compactMap { entry in
            WindowID(parsing: entry.id).map { WindowRecord(id: $0, title: entry.title, foreign: entry.foreign == true) }
        }
        self.windows = windows
        self.markedOnly = markedOnly
        counts = (data.total ?? windows.count, data.marked ?? windows.filter { $0.marker != nil }.count)
    }

    private var shown: [WindowRecord] { markedOnly ? windows.filter { $0.marker != nil } : windows }

    /// A header naming the display and the mode, then `id  marker-uuid-or-dash  title`.
    func text() -> String {
        var out = Self.header(display: display, mode: modeDescription, count: counts.all, marked: counts.marked)
        for window in shown { out += Self.row(window) + "\n" }
        return out
    }

    /// The first line: which display, how windows were found, how many.
    static func header(display: String, mode: String, count: Int, marked: Int) -> String {
        "# display \(display): \(mode); \(count) client windows, \(marked) marked\n"
    }

    /// `id  marker-uuid-or-dash  title`, the marker column padded so titles line up; another
    /// user's window says `foreign` there, whatever its title carries.
    static func row(_ window: WindowRecord) -> String {
        let marker = window.foreign ? "foreign" : window.marker?.uuid ?? "-"
        let padding = String(repeating: " ", count: max(0, 36 - marker.count))
        return "\(window.id.hex)  \(marker)\(padding)  \(window.title.printable)"
    }

    func json() -> String {
        struct Document: Encodable {
            let display: String
            let mode: String
            let manager: String?
            let source: String
            let count: Int
            let windows: [Entry]
        }
        struct Entry: Encodable {
            let id: String
            let title: String
            let marker: String?
            let foreign: Bool?
        }
        let document = Document(
            display: display, mode: modeName, manager: manager, source: source, count: shown.count,
            windows: shown.map { Entry(id: $0.id.hex, title: $0.title, marker: $0.marker?.uuid, foreign: $0.foreign ? true : nil) })
        return WireJSON.encode(document) + "\n"
    }
}
