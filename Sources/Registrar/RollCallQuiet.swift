/// No roll call into a registration (PROTOCOL.md section 5): Symposium's extension, called
/// while its own registration is under way, takes the marked title for the original and leaves
/// `[SYMPOSIUM:…]` in the title for good. So a roll call of any kind for a taskspace with a
/// registration waiting, or answered less than `period` ago, is held back, and sent once the
/// quiet ends if the taskspace still has no window. Pure, over the registry's clock.
public struct RollCallQuiet<C: Clock>: Sendable where C.Duration == Duration {
    public let period: Duration
    private var waiting: [TaskspaceID: Int] = [:]
    /// When each taskspace's quiet ends, once its registrations are over.
    private var quietUntil: [TaskspaceID: C.Instant] = [:]
    /// Roll calls held back, one per taskspace (the first reason is kept).
    private var held: [TaskspaceID: RollCall] = [:]

    public init(period: Duration) { self.period = period }

    public var heldCount: Int { held.count }
    /// Roll calls held back so far, one per call gated (a taskspace held twice counts twice).
    public private(set) var heldTotal = 0

    /// True while a registration for the taskspace waits.
    func hasWaiting(_ taskspace: TaskspaceID) -> Bool { waiting[taskspace] != nil }

    /// The taskspace is forgotten: nothing held or remembered for it.
    mutating func forget(_ taskspace: TaskspaceID) {
        held[taskspace] = nil
        quietUntil[taskspace] = nil
    }

    mutating func registrationStarted(_ taskspace: TaskspaceID) {
        waiting[taskspace, default: 0] += 1
    }

    /// A registration was answered: its extension is busy restoring its title for `period`.
    mutating func registrationEnded(_ taskspace: TaskspaceID, at now: C.Instant) {
        if let count = waiting[taskspace] { waiting[taskspace] = count > 1 ? count - 1 : nil }
        quietUntil[taskspace] = max(quietUntil[taskspace] ?? now, now.advanced(by: period))
    }

    /// A registration ended with nobody busy: it failed at its deadline (found no window), or
    /// its asker left. It starts no quiet; a call held for it goes out now (unless a quiet
    /// from an earlier answer still runs).
    mutating func registrationFailed(_ taskspace: TaskspaceID, at now: C.Instant) {
        if let count = waiting[taskspace] { waiting[taskspace] = count > 1 ? count - 1 : nil }
        if held[taskspace] != nil, quietUntil[taskspace] == nil { quietUntil[taskspace] = now }
    }

    /// True while a registration for the taskspace waits, or was answered less than `period` ago.
    func isQuiet(_ taskspace: TaskspaceID, at now: C.Instant) -> Bool {
        if waiting[taskspace] != nil { return true }
        guard let until = quietUntil[taskspace] else { return false }
        return now < until
    }

    /// The calls that may go now; the others are held. Answers those that may go and how many
    /// were held back.
    mutating func gate(_ calls: [RollCall], at now: C.Instant) -> (send: [RollCall], held: Int) {
        guard !(waiting.isEmpty && quietUntil.isEmpty) else { return (calls, 0) }
        var send: [RollCall] = []
        var heldNow = 0
        for call in calls {
            if isQuiet(call.taskspace, at: now) {
                if held[call.taskspace] == nil { held[call.taskspace] = call }
                heldNow += 1
            } else {
                send.append(call)
            }
        }
        heldTotal += heldNow
        return (send, heldNow)
    }

    /// When the first held call's quiet ends (nil: none held, or all still waiting).
    var nextRelease: C.Instant? {
        held.keys.compactMap { waiting[$0] == nil ? quietUntil[$0] : nil }.min()
    }

    /// Held calls whose quiet has ended, for taskspaces that still have no window; the rest are
    /// dropped. Forgets answers older than the period.
    mutating func release(at now: C.Instant, hasWindow: (TaskspaceID) -> Bool) -> [RollCall] {
        let due = held.keys.filter { !isQuiet($0, at: now) }.sorted { $0.key < $1.key }
        var calls: [RollCall] = []
        for taskspace in due {
            if let call = held.removeValue(forKey: taskspace), !hasWindow(taskspace) { calls.append(call) }
        }
        quietUntil = quietUntil.filter { now < $0.value || held[$0.key] != nil }
        return calls
    }
}
