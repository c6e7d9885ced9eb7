import Registrar

/// The events one subscriber has not taken yet, coalesced per window so that no storm can grow
/// them: a retitle merges into the window's waiting `appeared` or `retitled` (the latest title
/// wins), a window that appears and goes unseen leaves nothing, one retitled and then gone
/// leaves its `gone`. What remains is at most a few entries per live window, and the consumer
/// still ends up with exactly the index the X side has. Status events keep their order.
struct EventMailbox: Sendable {
    private var entries: [UInt64: WatcherEvent] = [:]
    private var head: UInt64 = 0
    private var tail: UInt64 = 0
    /// The sequence number of each window's last waiting change.
    private var lastForWindow: [WindowID: UInt64] = [:]

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    mutating func append(_ event: WatcherEvent) {
        guard case .window(let change) = event else { return push(event) }
        let id = change.windowID
        guard let last = lastForWindow[id], case .window(let waiting) = entries[last] else { return push(event) }
        switch (waiting, change) {
        case (.appeared, .retitled(let record, _)):
            entries[last] = .window(.appeared(record))
        case (.retitled(_, let previousMarker), .retitled(let record, _)):
            entries[last] = .window(.retitled(record, previousMarker: previousMarker))
        case (.appeared, .gone):
            entries[last] = nil
            lastForWindow[id] = nil
        case (.retitled(_, let previousMarker), .gone):
            entries[last] = .window(.gone(id, lastMarker: previousMarker))
        default:
            push(event)
        }
    }

    mutating func popFirst() -> WatcherEvent? {
        while head < tail {
            let sequence = head
            head += 1
            guard let event = entries.removeValue(forKey: sequence) else { continue }
            if case .window(let change) = event, lastForWindow[change.windowID] == sequence {
                lastForWindow[change.windowID] = nil
            }
            return event
        }
        return nil
    }

    private mutating func push(_ event: WatcherEvent) {
        entries[tail] = event
        if case .window(let change) = event { lastForWindow[change.windowID] = tail }
        tail += 1
    }
}
