/// The live set of client windows with their titles, and the reverse map from marker to windows.
/// Pure data: the X side feeds it observations and it answers with the changes they made, so the
/// same rules hold whether the index is fed by X events or by a test.
public struct WindowIndex: Sendable {
    public private(set) var windows: [WindowID: WindowRecord] = [:]
    private var windowsByMarker: [Marker: Set<WindowID>] = [:]

    public init() {}

    public var count: Int { windows.count }

    public func contains(_ id: WindowID) -> Bool { windows[id] != nil }

    public subscript(id: WindowID) -> WindowRecord? { windows[id] }

    /// Windows whose title carries `marker`: more than one means the marker is ambiguous.
    public func windows(with marker: Marker) -> [WindowRecord] {
        guard let ids = windowsByMarker[marker] else { return [] }
        return ids.sorted().compactMap { windows[$0] }
    }

    /// Every marked window, ordered by id.
    public var markedWindows: [WindowRecord] {
        windowsByMarker.values.flatMap { $0 }.sorted().compactMap { windows[$0] }
    }

    /// Every window, ordered by id.
    public var sortedWindows: [WindowRecord] { windows.keys.sorted().compactMap { windows[$0] } }

    /// Records `title` and `stamp` for `id`; `.appeared` for a new window, `.retitled` for a
    /// changed title or stamp, nil when nothing changed. `foreign` is another user's window.
    @discardableResult
    public mutating func update(_ id: WindowID, title: String, stamp: String? = nil, foreign: Bool = false) -> WindowChange? {
        let record = WindowRecord(id: id, title: title, stamp: stamp, foreign: foreign)
        let previous = windows.updateValue(record, forKey: id)
        if let previous, previous.title == title, previous.stamp == stamp, previous.foreign == foreign { return nil }
        if let previousMarker = previous?.marker, previousMarker != record.marker {
            unlink(id, from: previousMarker)
        }
        if let marker = record.marker, marker != previous?.marker {
            windowsByMarker[marker, default: []].insert(id)
        }
        guard let previous else { return .appeared(record) }
        return .retitled(record, previousMarker: previous.marker)
    }

    /// Records a window as another index holds it (a mirror fed by changes).
    @discardableResult
    public mutating func update(_ record: WindowRecord) -> WindowChange? {
        update(record.id, title: record.title, stamp: record.stamp, foreign: record.foreign)
    }

    /// Drops `id`; nil when it was not known.
    @discardableResult
    public mutating func remove(_ id: WindowID) -> WindowChange? {
        guard let previous = windows.removeValue(forKey: id) else { return nil }
        if let marker = previous.marker { unlink(id, from: marker) }
        return .gone(id, lastMarker: previous.marker)
    }

    /// Makes the index hold exactly `titles` (with `stamps`), answering the changes one by one:
    /// used after a full scan, so windows that are still there keep their identity and only real
    /// differences show.
    public mutating func replaceAll(
        with titles: [WindowID: String], stamps: [WindowID: String] = [:], foreign: Set<WindowID> = []
    ) -> [WindowChange] {
        var changes: [WindowChange] = []
        for id in windows.keys.sorted() where titles[id] == nil {
            if let change = remove(id) { changes.append(change) }
        }
        for id in titles.keys.sorted() {
            if let change = update(id, title: titles[id]!, stamp: stamps[id], foreign: foreign.contains(id)) {
                changes.append(change)
            }
        }
        return changes
    }

    /// Empties the index, answering a `.gone` for every window.
    public mutating func removeAll() -> [WindowChange] {
        windows.keys.sorted().compactMap { remove($0) }
    }

    private mutating func unlink(_ id: WindowID, from marker: Marker) {
        windowsByMarker[marker]?.remove(id)
        if windowsByMarker[marker]?.isEmpty == true { windowsByMarker[marker] = nil }
    }
}
