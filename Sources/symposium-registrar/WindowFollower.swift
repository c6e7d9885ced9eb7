import Registrar
import RegistrarProtocol
import X11Windows

/// `windows --follow`: the live index as a stream of lines. It keeps a mirror of the index from
/// the source's own changes, subscribed before the source starts, and prints the listing from
/// that mirror: a change is then printed once, whether it came before or after the listing,
/// however far the source's own index has moved on meanwhile.
struct WindowFollower {
    let source: any WindowSource
    let markedOnly: Bool

    func run() async throws(RegistrarError) {
        let events = source.events()
        source.start()
        var printer = FollowPrinter(markedOnly: markedOnly)
        do {
            for await event in events {
                for line in printer.lines(for: event) { try Console.out(line + "\n") }
            }
        } catch {
            await source.stop()
            throw error
        }
    }
}

/// What `windows --follow` prints for each event: nothing until the first connection, then the
/// listing of everything seen so far, then one line per change. Pure, so tests feed it events.
struct FollowPrinter {
    let markedOnly: Bool
    private var mirror = WindowIndex()
    private var listed = false
    /// Status also changes with the active window; only the connection is worth a line.
    private var lastConnection: WatcherStatus.Connection?

    init(markedOnly: Bool) { self.markedOnly = markedOnly }

    mutating func lines(for event: WatcherEvent) -> [String] {
        switch event {
        case .status(let status):
            guard status.connection != lastConnection else { return [] }
            lastConnection = status.connection
            if case .connected(let mode) = status.connection, !listed {
                listed = true
                return [listing(display: status.display, mode: mode)]
            }
            return status.connection == .connecting ? [] : ["# \(Self.describe(status))"]
        case .window(let change):
            guard applied(change) else { return [] }
            return listed ? line(for: change).map { [$0] } ?? [] : []
        }
    }

    /// Applies the change to the mirror; false when it changed nothing there.
    private mutating func applied(_ change: WindowChange) -> Bool {
        switch change {
        case .appeared(let window), .retitled(let window, _):
            mirror.update(window.id, title: window.title, foreign: window.foreign) != nil
        case .gone(let id, _):
            mirror.remove(id) != nil
        }
    }

    private func listing(display: String, mode: DiscoveryMode) -> String {
        var out = WindowListing.header(display: display, mode: mode.description, count: mirror.count,
                                       marked: mirror.markedWindows.count)
        for window in markedOnly ? mirror.markedWindows : mirror.sortedWindows {
            out += WindowListing.row(window) + "\n"
        }
        return String(out.dropLast())
    }

    private func line(for change: WindowChange) -> String? {
        switch change {
        case .appeared(let window):
            return markedOnly && window.marker == nil ? nil : "+ " + WindowListing.row(window)
        case .retitled(let window, let previousMarker):
            return markedOnly && window.marker == nil && previousMarker == nil ? nil : "~ " + WindowListing.row(window)
        case .gone(let id, let lastMarker):
            return markedOnly && lastMarker == nil ? nil : "- \(id.hex)"
        }
    }

    static func describe(_ status: WatcherStatus) -> String {
        switch status.connection {
        case .connecting: "connecting to \(status.display)"
        case .connected(let mode): "connected to \(status.display): \(mode)"
        case .disconnected(let reason): "disconnected from \(status.display): \(reason); retrying"
        }
    }
}
