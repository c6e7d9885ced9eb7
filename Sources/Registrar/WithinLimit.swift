/// The answer of `work`, or nil when `limit` passes first; `work` is then cancelled (a
/// subprocess is killed, a stream stops), so a wait on something that may never answer — a
/// display, a service manager, git — always ends.
public func withinLimit<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async -> T?) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await work() }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
