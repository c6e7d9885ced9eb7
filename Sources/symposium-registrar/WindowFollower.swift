import Registrar
import X11Windows

/// `windows --follow`: the live index as a stream of lines, fed by the watcher's events.
struct WindowFollower {
    let displayName: String?
    let markedOnly: Bool

    func run() async throws {
        let watcher = WindowWatcher(displayName: displayName)
        let events = watcher.events()
        watcher.start()
        var listed = false
        for await event in events {
            switch event {
            case .status(let status):
                if case .connected(let mode) = status.connection, !listed {
                    listed = true
                    printSnapshot(of: watcher, display: status.display, mode: mode)
                } else if status.connection != .connecting {
                    Console.out("# \(Self.describe(status))\n")
                }
            case .window(let change) where listed:
                if let line = line(for: change) { Console.out(line + "\n") }
            case .window:
                break
            }
        }
    }

    private func printSnapshot(of watcher: WindowWatcher, display: String, mode: DiscoveryMode) {
        let index = watcher.snapshot
        var out = WindowListing.header(display: display, mode: mode.description, count: index.count, marked: index.markedWindows.count)
        for window in markedOnly ? index.markedWindows : index.sortedWindows {
            out += WindowListing.row(window) + "\n"
        }
        Console.out(out)
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
