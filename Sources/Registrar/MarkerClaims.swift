/// Which taskspace each marker was registered for. A marker is made fresh for one registration
/// of one window (Symposium's extension makes a new UUID every time), so the same marker named
/// for a second taskspace is a mistake or a client reading someone else's titles, and a marker
/// that outlived its registration in a title (an editor or `handshake` killed before restoring
/// it) must not let another taskspace take that window. Bounded: the oldest claims are
/// forgotten first, long after their registrations ended.
struct MarkerClaims: Sendable {
    static let defaultCapacity = 16_384

    private var owners: [Marker: TaskspaceID] = [:]
    private var order: [Marker] = []
    private var first = 0
    let capacity: Int

    init(capacity: Int = defaultCapacity) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    var count: Int { owners.count }

    /// Claims `marker` for `taskspace`; answers the taskspace that holds it already when that
    /// is another one (and leaves the claim as it was).
    mutating func claim(_ marker: Marker, for taskspace: TaskspaceID) -> TaskspaceID? {
        if let holder = owners[marker] { return holder == taskspace ? nil : holder }
        owners[marker] = taskspace
        order.append(marker)
        if owners.count > capacity {
            owners[order[first]] = nil
            first += 1
            if first * 2 > order.count {
                order.removeFirst(first)
                first = 0
            }
        }
        return nil
    }
}
