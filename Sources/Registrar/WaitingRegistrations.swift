/// The registrations waiting for a title, indexed so that nothing done per request or per title
/// event grows with how many wait: by marker for the marker lookups, in deadline order for
/// expiry (one timeout and a clock that only moves on make creation order deadline order).
struct WaitingRegistrations<C: Clock>: Sendable where C.Duration == Duration {
    struct Entry: Sendable {
        let taskspace: TaskspaceID
        let query: WindowQuery
        let startedAt: C.Instant
        let deadline: C.Instant
    }

    private var entries: [RegistrationTicket: Entry] = [:]
    /// Tickets in the order they were added; removed ones are skipped from `first` on.
    private var order: [RegistrationTicket] = []
    private var first = 0
    private var byMarker: [Marker: Set<RegistrationTicket>] = [:]
    /// Queries without a marker, searched as substrings: few, since Symposium sends markers.
    private var bySubstring: Set<RegistrationTicket> = []

    var count: Int { entries.count }
    var tickets: [RegistrationTicket] { entries.keys.sorted() }
    subscript(ticket: RegistrationTicket) -> Entry? { entries[ticket] }

    mutating func add(_ ticket: RegistrationTicket, _ entry: Entry) {
        entries[ticket] = entry
        order.append(ticket)
        switch entry.query {
        case .marker(let marker): byMarker[marker, default: []].insert(ticket)
        case .titleContains: bySubstring.insert(ticket)
        }
    }

    @discardableResult
    mutating func remove(_ ticket: RegistrationTicket) -> Entry? {
        guard let entry = entries.removeValue(forKey: ticket) else { return nil }
        switch entry.query {
        case .marker(let marker):
            byMarker[marker]?.remove(ticket)
            if byMarker[marker]?.isEmpty == true { byMarker[marker] = nil }
        case .titleContains:
            bySubstring.remove(ticket)
        }
        while first < order.count, entries[order[first]] == nil { first += 1 }
        if first > 1024, first * 2 > order.count {
            order.removeFirst(first)
            first = 0
        }
        return entry
    }

    /// The registration whose deadline comes first.
    var earliest: (ticket: RegistrationTicket, entry: Entry)? {
        first < order.count ? entries[order[first]].map { (order[first], $0) } : nil
    }

    /// Waiting registrations a window with this title could answer, oldest first.
    func candidates(for record: WindowRecord) -> [RegistrationTicket] {
        var tickets = record.marker.flatMap { byMarker[$0] } ?? []
        for ticket in bySubstring where entries[ticket]?.query.matches(record) == true { tickets.insert(ticket) }
        return tickets.sorted()
    }
}
