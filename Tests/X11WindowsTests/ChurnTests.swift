import Foundation
import Synchronization
import Registrar
import Testing
import X11TestSupport
import X11Windows

/// Windows created, retitled, mapped and destroyed without pause for ten seconds, some gone
/// before anyone could read them, while the watcher follows and `windows` runs again and again:
/// nothing crashes, and afterwards the index agrees with the server exactly.
@Suite(.timeLimit(.minutes(5))) struct ChurnTests {
    @Test(arguments: [true, false])
    func indexStaysConsistentUnderChurn(windowManager: Bool) async throws {
        try await withXServer(windowManager: windowManager) { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            try await withWatcher(display: server.display) { watcher in
                let commandsDone = Flag()
                async let commandRuns = Self.runWindowsCommandRepeatedly(display: server.display, for: .seconds(10),
                                                                         done: commandsDone)
                // The loops below run until there were enough steps and runs (within a minute):
                // what is checked is what the watcher and `windows` made of them.
                let (expected, _) = try await Self.churn(maker, for: .seconds(10), until: commandsDone)
                let runs = try await commandRuns
                #expect(runs.failures.isEmpty, "failed runs of `windows`: \(runs.failures.prefix(3))")
                #expect(watcher.status.isConnected)
                let settled = await watcher.settles(to: expected)
                let held = watcher.snapshot.windows
                #expect(settled, "index holds \(held.count) windows, server \(expected.count)")

                let final = try await RegistrarCommand.run(["windows", "--json"], display: server.display)
                let listed = try JSONDecoder().decode(Listing.self, from: Data(final.standardOutput.utf8))
                #expect(Set(listed.windows.map(\.id)) == Set(expected.keys.map(\.hex)))
            }
        }
    }

    static let minimumSteps = 500

    struct Listing: Decodable {
        struct Window: Decodable { let id: String }
        let windows: [Window]
    }

    /// Churns windows on `maker` for `duration`, a step (two windows made, one destroyed at once,
    /// often a retitle or a destruction) every couple of milliseconds: as fast as openbox keeps up
    /// with. Answers what should be left (id -> title) and how many steps ran.
    static func churn(_ maker: WindowMaker, for duration: Duration, until commands: Flag) async throws -> ([WindowID: String], Int) {
        var live: [WindowID: String] = [:]
        var order: [WindowID] = []
        var generator = SystemRandomNumberGenerator()
        var step = 0
        let end = ContinuousClock.now + duration
        // On a loaded machine (other suites run in parallel) the steps go on past `duration`
        // until there were enough of them, and the `windows` runs had theirs, within a minute.
        let limit = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < end || ((step < minimumSteps || !commands.isSet) && ContinuousClock.now < limit) {
            step += 1
            let encoding = TitleEncoding.allCases[step % TitleEncoding.allCases.count]
            let marker = step % 3 == 0 ? " [SYMPOSIUM:\(Marker.sample(step))]" : ""
            let title = "churn \(step)\(marker)"
            let window = maker.createWindow(title: title, encoding: encoding)
            live[window] = title
            order.append(window)
            // A window that is gone before the watcher can read it.
            maker.destroy(maker.createWindow(title: "blink \(step)"))
            if let victim = order.randomElement(using: &generator), step % 2 == 0 {
                let retitle = "retitled \(step) [SYMPOSIUM:\(Marker.sample(step + 1_000_000))]"
                maker.setTitle(retitle, of: victim, encoding: .netWMNameOnly)
                live[victim] = retitle
            }
            if order.count > 40 {
                let victim = order.remove(at: Int.random(in: 0 ..< order.count, using: &generator))
                maker.destroy(victim)
                live[victim] = nil
            }
            if step % 50 == 0 { maker.sync() }
            try await Task.sleep(for: .milliseconds(2))
        }
        maker.sync()
        return (live, step)
    }

    /// Runs `windows --json` for `duration`, and on past it (within a minute, while the churn
    /// goes on) until it ran at least five times; sets `done` when finished.
    static func runWindowsCommandRepeatedly(
        display: String, for duration: Duration, done: Flag
    ) async throws -> (total: Int, failures: [String]) {
        defer { done.set() }
        var total = 0
        var failures: [String] = []
        let end = ContinuousClock.now + duration
        let limit = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < end || (total < 5 && ContinuousClock.now < limit) {
            let result = try await RegistrarCommand.run(["windows", "--json"], display: display)
            total += 1
            let decodes = (try? JSONDecoder().decode(Listing.self, from: Data(result.standardOutput.utf8))) != nil
            if result.exitCode != 0 || !decodes {
                failures.append("exit \(String(describing: result.exitCode)): \(result.standardError.prefix(200))")
            }
        }
        return (total, failures)
    }
}

/// A flag one task sets and another reads.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
