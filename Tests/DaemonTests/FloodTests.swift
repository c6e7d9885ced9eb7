import Dispatch
import Foundation
import Registrar
import RegistrarServer
import Testing
import X11TestSupport
import X11Windows

/// Floods from X and from clients end with the daemon caught up and open to well-behaved
/// clients. Real Xvfb, no window manager (the daemon walks the tree; X itself is the truth).
@Suite(.timeLimit(.minutes(5))) struct FloodTests {
    /// After a storm of retitles on 100 windows, the last title is in the index at once: the
    /// X thread drained the storm rather than falling behind it, and its memory stayed bounded.
    @Test func aTitleStormEndsWithTheIndexCaughtUp() async throws {
        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                let pid = try #require(daemon.process.pid)
                let maker = try server.windowMaker()
                defer { maker.close() }
                let windows = (0 ..< 100).map { maker.createWindow(title: "storm window \($0)") }
                maker.sync()
                let client = try await daemon.connect()
                #expect(await eventually { (try? await client.request("registrar_status"))?["data"]?["windows"]?.intValue ?? 0 >= 100 })
                let before = try #require(anonymousKiB(of: pid))
                let retitles = await storm(windows, with: maker, for: .seconds(2))
                let peak = anonymousKiB(of: pid) ?? 0

                let marker = UUID().uuidString.lowercased()
                maker.setTitle("[SYMPOSIUM:\(marker)] after the storm", of: windows[99])
                maker.sync()
                var registered = false
                for _ in 0 ..< 3 where !registered {  // each waits --registration-timeout (4 s)
                    let reply = try await client.request("update_taskspace", payload: [
                        "taskspace_uuid": .string(UUID().uuidString), "window_uuid": .string(marker)], timeout: .seconds(10))
                    registered = reply["window_registered"] == true
                }
                #expect(registered, "the title set after \(retitles) retitles never reached the index")
                #expect(peak < before + 32 * 1024, "RssAnon \(before) KiB before the storm, \(peak) KiB at its end")
            }
        }
    }

    /// A window retitled nonstop is muted (its title events no longer selected) and polled: the
    /// daemon says so in `status`, a marker its titles show still registers during the storm,
    /// and once the titles hold still the window is watched by events again.
    @Test func aWindowRetitledNonstopIsPolledAndItsMarkerStillRegisters() async throws {
        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "quiet")
                maker.sync()
                let client = try await daemon.connect()
                let muted = { (try? await client.request("registrar_status"))?["data"]?["x11"]?["muted_windows"]?.intValue }
                #expect(await eventually { (try? await client.request("registrar_status"))?["data"]?["windows"]?.intValue == 1 })
                let marker = UUID().uuidString.lowercased()
                let storming = StormRunner(maker: maker, window: window, prefix: "[SYMPOSIUM:\(marker)] storm ")
                storming.start()
                #expect(await eventually { await muted() == 1 }, "the storming window is muted")
                let reply = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(UUID().uuidString), "window_uuid": .string(marker)], timeout: .seconds(10))
                #expect(reply["window_registered"] == true, "a marker the storm shows registers: \(reply)")
                await storming.stop()
                maker.setTitle("calm", of: window)
                maker.sync()
                #expect(await eventually { await muted() == nil }, "watched by events again")
                #expect(await eventually {
                    (try? await client.request("registrar_windows"))?["data"]?["windows"]?.arrayValue?.first?["title"] == "calm"
                })
                maker.setTitle("calm again", of: window)
                maker.sync()
                #expect(await eventually {
                    (try? await client.request("registrar_windows"))?["data"]?["windows"]?.arrayValue?.first?["title"] == "calm again"
                }, "a retitle after the storm arrives as an event")
            }
        }
    }

    /// Windows whose client disconnects all go at once; the index lets go of every one.
    @Test func windowsOfAClientThatLeavesAllLeaveTheIndex() async throws {
        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                let client = try await daemon.connect()
                let count = { try? await client.request("registrar_status")["data"]?["windows"]?.intValue }
                let baseline = try #require(await count())
                let maker = try server.windowMaker()
                for number in 0 ..< 3000 { _ = maker.createWindow(title: "flood window \(number)") }
                maker.sync()
                #expect(await eventually(timeout: .seconds(60)) { await count() == baseline + 3000 })
                maker.close()
                #expect(await eventually(timeout: .seconds(60)) { await count() == baseline })
            }
        }
    }

    /// With every connection taken, a new client gets in by closing one whose last lines were
    /// all invalid, rather than being refused while garbage holds the table.
    @Test func aFullTableMakesRoomByClosingAConnectionThatSendsOnlyGarbage() async throws {
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--max-connections", "3"]) { daemon in
                let good = try await daemon.connect()
                let garbage = try (0 ..< 2).map { _ in try RawSocket(path: daemon.socket) }
                defer { garbage.forEach { $0.close() } }
                for socket in garbage {
                    try socket.write(Data(String(repeating: "not json {{\n", count: 5).utf8))
                    for _ in 0 ..< 5 { #expect(await socket.readLine(timeout: 10)?.contains("invalid JSON") == true) }
                }
                let newcomer = try await daemon.connect()
                #expect(try await newcomer.request("registrar_status")["success"] == true)
                #expect(await RawSocket.closedByPeer(garbage, within: 5) == 1, "one garbage connection made room")
                #expect(try await good.request("registrar_status")["success"] == true)
            }
        }
    }

    /// Retitles `windows` round-robin as fast as the server takes them, on a thread of its own.
    private func storm(_ windows: [WindowID], with maker: WindowMaker, for duration: Duration) async -> Int {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let end = ContinuousClock.now + duration
                var count = 0
                while ContinuousClock.now < end {
                    maker.setTitle("storm title \(count)", of: windows[count % windows.count])
                    count += 1
                }
                maker.sync()
                continuation.resume(returning: count)
            }
        }
    }
}

/// Retitles one window nonstop on a thread of its own until stopped.
final class StormRunner: @unchecked Sendable {
    private let maker: WindowMaker
    private let window: WindowID
    private let prefix: String
    private let lock = NSLock()
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    init(maker: WindowMaker, window: WindowID, prefix: String) {
        self.maker = maker
        self.window = window
        self.prefix = prefix
    }

    func start() {
        Thread { [self] in
            var count = 0
            while !lock.withLock({ stopping }) {
                maker.setTitle(prefix + String(count), of: window)
                count += 1
            }
            maker.sync()
            finished.signal()
        }.start()
    }

    func stop() async {
        lock.withLock { stopping = true }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.finished.wait()
                continuation.resume()
            }
        }
    }
}
