/// Runs `body`, then `cleanup`, whether `body` returned or threw: the harness's one way of
/// making sure a process or a watcher it started is stopped.
func withCleanup<T>(_ body: () async throws -> T, cleanup: () async -> Void) async throws -> T {
    do {
        let result = try await body()
        await cleanup()
        return result
    } catch {
        await cleanup()
        throw error
    }
}
