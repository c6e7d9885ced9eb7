import Registrar
import X11Windows

/// Runs `body` with a started WindowWatcher on `display` that has connected; stops it afterwards,
/// also when `body` throws.
public func withWatcher<T>(display: String, _ body: (WindowWatcher) async throws -> T) async throws -> T {
    let watcher = WindowWatcher(displayName: display)
    watcher.start()
    return try await withCleanup({
        guard await watcher.waitUntilConnected(timeout: .seconds(20)).isConnected else {
            throw HarnessError("the watcher did not connect to \(display)")
        }
        return try await body(watcher)
    }, cleanup: watcher.stop)
}

extension AsyncSequence where Self: Sendable, Element: Sendable, Failure == Never {
    /// The first element satisfying `predicate` within `timeout`, or nil.
    public func first(
        within timeout: Duration, where predicate: @escaping @Sendable (Element) -> Bool
    ) async -> Element? {
        await withinLimit(timeout) {
            for await element in self where predicate(element) { return element }
            return nil
        }
    }
}

extension WindowWatcher {
    /// Waits until the index holds exactly `expected` (id -> title), answering whether it did.
    public func settles(to expected: [WindowID: String], timeout: Duration = .seconds(20)) async -> Bool {
        await eventually(timeout: timeout) {
            let windows = snapshot.windows
            return windows.count == expected.count && expected.allSatisfy { windows[$0.key]?.title == $0.value }
        }
    }
}
