import Registrar
/// A one-shot list of a display's client windows, for the `windows` command and for
/// measuring what a scan per request costs. The live index (WindowWatcher) is the same scan
/// kept current by events.
public struct WindowScan: Sendable {
    public let display: String
    public let mode: DiscoveryMode
    /// Ordered by window id.
    public let windows: [WindowRecord]

    /// Opens `displayName` (or `$DISPLAY`), scans and closes.
    public static func scan(displayName: String?) throws(XDisplayError) -> WindowScan {
        let connection = try XConnection(displayName: displayName)
        defer { connection.close() }
        let scan = connection.scanClients(watching: false)
        var owners = WindowOwnership()
        let foreign = owners.foreign(among: Dictionary(uniqueKeysWithValues: scan.titles.map { ($0.key.rawValue, $0.value) }),
                                     on: connection)
        let windows = scan.titles.keys.sorted().map {
            WindowRecord(id: $0, title: scan.titles[$0]!, foreign: foreign.contains($0.rawValue))
        }
        return WindowScan(display: connection.name, mode: scan.mode, windows: windows)
    }
}
