import CX11
import Registrar

/// How the X thread keeps the index: following the client list or the top-levels of a tree
/// walk, reading titles together, and polling the windows a title storm muted.
extension WatcherLoop {
    /// Makes the index follow `_NET_CLIENT_LIST`; answers the windows it read titles for.
    func syncClientList(_ listed: [UInt], on connection: XConnection) -> Set<UInt> {
        let listedSet = Set(listed.filter { $0 != 0 })
        let known = Set(shared.withIndex { $0.windows.keys.map(\.rawValue) })
        for window in known.subtracting(listedSet) {
            connection.unwatchClient(window)
            remove(window)
        }
        let added = listedSet.subtracting(known)
        for window in added { connection.watchClient(window) }
        refreshTitles(Array(added), on: connection)
        return added
    }

    func adoptTopLevel(_ topLevel: UInt, on connection: XConnection) {
        guard let client = connection.clientOfTopLevel(topLevel) else { return }
        topLevels[topLevel] = client
        holders[client] = topLevel
        connection.watchClient(client)
        refreshTitle(client, on: connection)
    }

    func forgetTopLevel(_ topLevel: UInt) {
        guard let client = topLevels.removeValue(forKey: topLevel), holders[client] == topLevel else { return }
        holders[client] = nil
        remove(client)
    }

    func refreshTitle(_ window: UInt, on connection: XConnection) {
        refreshTitles([window], on: connection)
    }

    /// Reads the windows' titles together and applies them in one change of the index: a
    /// window that could not be read has vanished and leaves it. Answers what was read.
    @discardableResult
    func refreshTitles(_ windows: [UInt], on connection: XConnection) -> [UInt: WindowRead] {
        guard !windows.isEmpty else { return [:] }
        let reads = connection.readTitles(windows)
        let titles = reads.compactMapValues { $0.title.indexedTitle }
        let foreign = owners.foreign(among: titles, on: connection)
        shared.mutateIndex { index in
            windows.compactMap { window in
                let id = WindowID(window)
                if let read = reads[window], let title = titles[window] {
                    return index.update(id, title: title, stamp: read.stamp, foreign: foreign.contains(window))
                }
                return index.remove(id)
            }
        }
        return reads
    }

    func remove(_ window: UInt) {
        owners.forget(window)
        let wasMuted = storms.isMuted(window)
        storms.forget(window)
        if wasMuted { shared.setMuted(storms.mutedCount) }
        shared.mutateIndex { $0.remove(WindowID(window)).map { [$0] } ?? [] }
    }

    /// Reads the muted windows whose poll is due, into the index; one whose title held still
    /// since its last poll is watched by events again (and read once more, since a title set
    /// between the poll and the selection would send no event).
    func pollStorms(on connection: XConnection) {
        let due = storms.due(at: .now)
        guard !due.isEmpty else { return }
        let reads = refreshTitles(due, on: connection)
        var calm: [UInt] = []
        for window in due {
            // Title and stamp together: either changing means the storm goes on.
            let title = reads[window].flatMap { read in
                read.title.indexedTitle.map { Array($0.utf8) + [0] + Array((read.stamp ?? "").utf8) }
            }
            if storms.polled(window, title: title, at: .now) {
                connection.watchClient(window)
                calm.append(window)
            }
        }
        refreshTitles(calm, on: connection)
        shared.setMuted(storms.mutedCount)
    }
}
