import Dispatch
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

/// Runs blocking work (a socket read with a timeout, a write of megabytes) on a thread of
/// Dispatch's, not on Swift's cooperative pool: the pool has one thread per core, and a test
/// blocking one of them for seconds stalls every other test's tasks.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
