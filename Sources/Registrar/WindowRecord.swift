/// What the registrar knows about one client window: its title, the marker found in it, and the
/// taskspace stamp the registrar left on it (`WindowStamp`). The marker is derived once, when
/// the title is stored, so lookups never rescan titles.
public struct WindowRecord: Hashable, Sendable {
    public let id: WindowID
    public let title: String
    public let marker: Marker?
    /// The `_SYMPOSIUM_TASKSPACE` property: the taskspace this window was registered for, by
    /// this registrar or one before it. A window that reuses a dead one's id has none.
    public let stamp: String?
    /// Owned by a local process of another user (X-Resource): its title is kept and shown, but
    /// a marker in it is never taken for one (`marker` is nil), so a copycat cannot make an
    /// editor's marker ambiguous.
    public let foreign: Bool

    public init(id: WindowID, title: String, stamp: String? = nil, foreign: Bool = false) {
        self.id = id
        self.title = title
        self.marker = foreign ? nil : Marker.find(in: title)
        self.stamp = stamp
        self.foreign = foreign
    }
}

/// One change to the set of client windows, as consumers (the registry, the CLI) see it.
public enum WindowChange: Hashable, Sendable {
    /// A client window joined the index.
    case appeared(WindowRecord)
    /// A known window's title changed; `previousMarker` lets a consumer notice a marker leaving.
    case retitled(WindowRecord, previousMarker: Marker?)
    /// A window left the index: destroyed, unmapped without a manager, or off the client list.
    case gone(WindowID, lastMarker: Marker?)

    public var windowID: WindowID {
        switch self {
        case .appeared(let record), .retitled(let record, _): record.id
        case .gone(let id, _): id
        }
    }
}
