import Dispatch
import Synchronization

/// Reading and writing project files (`taskspace.json`) off the core's actor and off Swift's
/// cooperative pool, one at a time, in the order asked: a slow disk then delays only the
/// requests that write, and two writes of one file never interleave. The core queues a
/// request's file work when it takes the request (`start`), not when the follow-up that waits
/// for it runs, so changes reach a file in the order they were made.
enum FileWork {
    private static let queue = DispatchQueue(label: "symposium-registrar.files")

    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await start(work).value
    }

    /// Queues `work` now; its result is awaited later.
    static func start<T: Sendable>(_ work: @escaping @Sendable () -> T) -> Job<T> {
        let job = Job<T>()
        queue.async { job.finish(work()) }
        return job
    }

    /// File work queued, and its result once done.
    final class Job<T: Sendable>: Sendable {
        private struct State {
            var result: T?
            var waiters: [CheckedContinuation<T, Never>] = []
        }

        private let state = Mutex(State())

        fileprivate func finish(_ result: T) {
            let waiters = state.withLock { state in
                state.result = result
                defer { state.waiters.removeAll() }
                return state.waiters
            }
            waiters.forEach { $0.resume(returning: result) }
        }

        var value: T {
            get async {
                await withCheckedContinuation { continuation in
                    let done = state.withLock { state -> T? in
                        if let result = state.result { return result }
                        state.waiters.append(continuation)
                        return nil
                    }
                    if let done { continuation.resume(returning: done) }
                }
            }
        }
    }
}
