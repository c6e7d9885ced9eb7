/// When the registry calls taskspaces back: start-up and periodic calls from its policy,
/// confirmations of restored associations, requests, a new listener, all through the quiet
/// that keeps roll calls out of registrations.
extension Registry {
    /// Roll calls whose time has come (start-up, periodic), and those held back whose
    /// taskspace's registration is over and which still have no window.
    public mutating func tick(at now: C.Instant) -> [RegistryAction] {
        let released = quiet.release(at: now) { taskspaces[$0]?.isRegistered == true }
        let due = gated(policy.tick(at: now).map(RegistryAction.rollCall) + dueConfirmations(at: now), at: now)
        // One call per taskspace, whatever the reasons.
        let called = Set(due.compactMap { if case .rollCall(let call) = $0 { call.taskspace } else { nil } })
        return due + released.filter { !called.contains($0.taskspace) }.map(RegistryAction.rollCall)
    }

    mutating func dueConfirmations(at now: C.Instant) -> [RegistryAction] {
        guard now >= confirmationsDue, !confirmations.isEmpty else { return [] }
        defer { confirmations.removeAll() }
        return confirmations.map { .rollCall(policy.confirm($0, at: now)) }
    }

    /// A roll call asked for by a client: one taskspace, or all of them when `id` is nil.
    /// Answers the calls to send now and how many were held back (a registration is under way).
    public mutating func requestRollCall(_ id: TaskspaceID?, at now: C.Instant) -> (actions: [RegistryAction], heldBack: Int) {
        if let id { learn(Taskspace(id: id)) }
        let gate = quiet.gate(policy.request(id.flatMap { taskspaces[$0]?.id }, at: now), at: now)
        return (gate.send.map(RegistryAction.rollCall), gate.held)
    }

    /// Roll calls for a listener that just joined (Symposium's bus), held back like any other.
    public mutating func rollCallsForNewListener(at now: C.Instant) -> [RollCall] {
        quiet.gate(policy.newListener(at: now), at: now).send
    }

    /// Roll calls among `actions` for taskspaces in their quiet period are held back.
    mutating func gated(_ actions: [RegistryAction], at now: C.Instant) -> [RegistryAction] {
        let calls = actions.compactMap { action -> RollCall? in
            if case .rollCall(let call) = action { return call }
            return nil
        }
        guard !calls.isEmpty else { return actions }
        let send = Set(quiet.gate(calls, at: now).send)
        return actions.filter { action in
            if case .rollCall(let call) = action { return send.contains(call) }
            return true
        }
    }
}
