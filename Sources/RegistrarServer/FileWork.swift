import Dispatch

/// Reading and writing project files (`taskspace.json`) off the core's actor and off Swift's
/// cooperative pool, one at a time, in the order asked: a slow disk then delays only the
/// requests that write, and two writes of one file never interleave.
enum FileWork {
    private static let queue = DispatchQueue(label: "symposium-registrar.files")

    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
