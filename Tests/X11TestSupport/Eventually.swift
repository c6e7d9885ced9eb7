/// Polls `condition` until it holds or `timeout` passes; answers whether it held. Tests use it
/// with generous timeouts: it checks behaviour, not speed.
@discardableResult
public func eventually(
    timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: interval)
    }
}
