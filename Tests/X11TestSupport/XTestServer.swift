import Foundation
import Glibc
import Registrar
import Subprocess
import Synchronization
import X11Windows

/// The window managers the tests run for real.
public enum WindowManagerKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// EWMH, reparenting.
    case openbox
    /// No EWMH at all, reparenting.
    case twm
    /// EWMH client list, no reparenting; answers `_NET_ACTIVE_WINDOW` with the urgency hint.
    /// Tiling: it places windows itself.
    case dwm
    /// GNOME's classic manager: EWMH, reparenting, `_NET_MOVERESIZE_WINDOW` and `_NET_RESTACK_WINDOW`.
    case metacity

    var announcesItself: Bool { self != .twm }
    public var description: String { rawValue }
}

/// A private X server (Xvfb on a display it picks itself) and, when asked, openbox on it. Tests
/// reach it through `withXServer`, which always tears both down, also when the test fails.
public final class XTestServer: Sendable {
    private struct Processes {
        var xvfb: BackgroundProcess?
        var manager: BackgroundProcess?
    }

    /// Like `:7`.
    public let display: String
    private let processes: Mutex<Processes>

    private init(display: String, xvfb: BackgroundProcess) {
        self.display = display
        self.processes = Mutex(Processes(xvfb: xvfb))
    }

    /// Display numbers are handed out once per test process, from a random base, never the
    /// lowest free one: a daemon whose test killed its X server reconnects to the same number
    /// for a while, and must not find the next test's server there (it would claim that
    /// display's selection, and the next test's daemon would be refused).
    private static let nextDisplay = Mutex(Int.random(in: 1000 ..< 30000))

    static func start() async throws -> XTestServer {
        for _ in 0 ..< 20 {
            let number = nextDisplay.withLock { number in
                defer { number += 1 }
                return number
            }
            // In use (another test run, a leftover lock file): Xvfb exits at once; try the next.
            if FileManager.default.fileExists(atPath: "/tmp/.X\(number)-lock") { continue }
            let xvfb = BackgroundProcess("Xvfb", arguments: [":\(number)", "-displayfd", "1"] + xvfbOptions)
            do {
                _ = try await xvfb.waitForLine { Int($0.trimmingCharacters(in: .whitespaces)) == number }
                return XTestServer(display: ":\(number)", xvfb: xvfb)
            } catch {
                await xvfb.stop()  // Xvfb never said it serves the display: it is of no use, and must not linger.
            }
        }
        throw HarnessError("Xvfb started on none of 20 display numbers")
    }

    private static let xvfbOptions = ["-nolisten", "tcp", "-noreset", "-screen", "0", "1280x1024x24"]

    // MARK: Window manager

    /// Starts `manager` (openbox unless told) and waits until it manages windows. A check
    /// property appears before a manager is ready: a window mapped during its start-up may wait
    /// for the next event to reach it, so readiness is proved by probe windows being managed:
    /// listed in `_NET_CLIENT_LIST` (openbox, dwm), or framed (twm, which has no EWMH).
    public func startWindowManager(_ manager: WindowManagerKind = .openbox) async throws {
        let arguments = manager == .openbox || manager == .metacity ? ["--sm-disable"] : []
        let process = BackgroundProcess(manager.rawValue, arguments: arguments, environment: ["DISPLAY": display])
        processes.withLock { $0.manager = process }
        if manager.announcesItself {
            let announced = await eventually(timeout: .seconds(20)) {
                (try? await self.scan())?.mode.announcedManager != nil
            }
            guard announced else { throw HarnessError("\(manager) did not come up on \(display)") }
        }
        let probes = try windowMaker()
        defer { probes.close() }
        let managed = await eventually(timeout: .seconds(20), every: .milliseconds(100)) {
            let probe = probes.createWindow(title: "harness probe")
            probes.sync()
            return await eventually(timeout: .milliseconds(400)) {
                if !manager.announcesItself { return probes.parent(of: probe).map { $0 != probes.root } == true }
                return (try? await self.scan())?.windows.contains { $0.id == probe } == true
            }
        }
        guard managed else { throw HarnessError("\(manager) on \(display) never managed a window") }
        let probeWindows = probes.liveWindows
        for probe in probeWindows { probes.destroy(probe) }
        probes.sync()
        let cleared = await eventually(timeout: .seconds(10)) {
            (try? await self.scan())?.windows.contains { probeWindows.contains($0.id) } == false
        }
        guard cleared else { throw HarnessError("\(manager) on \(display) kept the probe windows listed") }
    }

    /// Kills the window manager with SIGKILL, as a crash would, and waits until it is gone.
    public func killWindowManager() async {
        guard let manager = processes.withLock({ $0.manager }) else { return }
        manager.signal(SIGKILL)
        await manager.waitForExit()
        processes.withLock { $0.manager = nil }
    }

    // MARK: X server

    /// Sends `signal` to Xvfb (SIGSTOP makes a server that accepts but never answers).
    public func signalXServer(_ signal: Int32) {
        processes.withLock { $0.xvfb }?.signal(signal)
    }

    /// Xvfb's process state as the kernel shows it (`R`, `S`, `T` for stopped), for messages.
    public var xServerProcessState: String {
        guard let pid = processes.withLock({ $0.xvfb })?.pid,
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return "gone" }
        return String(stat[stat.index(close, offsetBy: 2)...].prefix(1))
    }

    /// Kills Xvfb with SIGKILL and waits until it is gone.
    public func killXServer() async {
        guard let xvfb = processes.withLock({ $0.xvfb }) else { return }
        xvfb.signal(SIGKILL)
        await xvfb.waitForExit()
        processes.withLock { $0.xvfb = nil }
    }

    /// Starts Xvfb again on the same display number and waits until it accepts connections.
    public func restartXServer() async throws {
        let xvfb = BackgroundProcess("Xvfb", arguments: [display] + Self.xvfbOptions)
        processes.withLock { $0.xvfb = xvfb }
        let up = await eventually(timeout: .seconds(20)) { (try? await self.scan()) != nil }
        guard up else { throw HarnessError("Xvfb did not come back on \(display)") }
    }

    /// `xprop -root NAME` as printed, to check the server's state with a tool of its own.
    public func rootProperty(_ name: String) async throws -> String {
        let result = try await Subprocess.run(
            .name("xprop"), arguments: ["-display", display, "-root", name], output: .string(limit: 1 << 20))
        return result.standardOutput
    }

    /// A new client connection for creating windows. Close it when done.
    public func windowMaker() throws -> WindowMaker { try WindowMaker(displayName: display) }

    /// The display scanned on a connection of its own, off the cooperative pool: connecting and
    /// reading every window blocks while a busy server answers, and two tests blocking the
    /// pool's two threads stall every other test's tasks.
    public func scan() async throws -> WindowScan {
        let display = display
        return try await offPool { try WindowScan.scan(displayName: display) }
    }

    func shutdown() async {
        let (manager, xvfb) = processes.withLock { ($0.manager, $0.xvfb) }
        await manager?.stop()
        await xvfb?.stop()
        processes.withLock { $0 = Processes() }
    }
}

/// Runs `body` against a fresh private X server (with openbox when `windowManager`), then
/// tears everything down whether `body` returned or threw.
public func withXServer<T>(
    windowManager: Bool = false, _ body: (XTestServer) async throws -> T
) async throws -> T {
    try await withXServer(manager: windowManager ? .openbox : nil, body)
}

/// The same with `manager` (none when nil).
public func withXServer<T>(
    manager: WindowManagerKind?, _ body: (XTestServer) async throws -> T
) async throws -> T {
    let server = try await XTestServer.start()
    return try await withCleanup({
        if let manager { try await server.startWindowManager(manager) }
        return try await body(server)
    }, cleanup: server.shutdown)
}
