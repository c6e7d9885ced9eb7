import Foundation
import Glibc
import InProcessSupport
import Registrar
import Subprocess
import Testing
import X11TestSupport
import X11Windows

/// Symposium's stacked windows under real window managers, with real windows: a stack forms on
/// focus, follows a move made with xdotool, takes in a window that registers, is reported as
/// not effective under a tiling manager, stops following when turned off.
@Suite(.timeLimit(.minutes(5))) struct StackTests {
    static let taskspaces = (1 ... 4).map { "5A6B7C8D-1E2F-4A3B-8C4D-5E6F7A8B9C0\($0)" }

    /// A daemon on `manager` with a project of four taskspaces, three of them with a window.
    static func withStack<T>(
        _ manager: WindowManagerKind, _ body: (XTestServer, SymposiumProject, DaemonProcess, WindowMaker, [WindowID]) async throws -> T
    ) async throws -> T {
        try await withXServer { server in
            try await server.startWindowManager(manager)
            return try await withProjectDaemon(on: server, taskspaces: taskspaces) { project, daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                var windows: [WindowID] = []
                for taskspace in taskspaces.prefix(3) {
                    let window = maker.createWindow(title: "editor \(windows.count)")
                    let editor = ExtensionClient(client: try await daemon.connect(), maker: maker)
                    let reply = try await editor.handshake(.updateTaskspace, window: window, title: "editor \(windows.count)", taskspace: taskspace)
                    #expect(reply["window_registered"] == true, "\(reply)")
                    windows.append(window)
                }
                return try await body(server, project, daemon, maker, windows)
            }
        }
    }

    static func stack(_ daemon: DaemonProcess, _ action: String, _ project: SymposiumProject) async throws -> (Int32?, JSONValue) {
        let result = try await daemon.command(["stack", action, "--project", project.path, "--json", "--no-start"])
        return (result.exitCode, (try? JSONLine.decode(result.standardOutput)) ?? .null)
    }


    static func tool(_ name: String, _ arguments: [String], display: String) async throws {
        let result = try await Subprocess.run(.name(name), arguments: Arguments(arguments), environment: .inherit.updating(["DISPLAY": display]),
                                              output: .string(limit: 1 << 16), error: .string(limit: 1 << 16))
        guard case .exited(0) = result.terminationStatus else { throw HarnessError("\(name) \(arguments) failed: \(result.standardError)") }
    }

    /// `_NET_WM_DESKTOP` as xprop reads it.
    static func desktop(of window: WindowID, display: String) async -> Int? {
        let result = try? await Subprocess.run(.name("xprop"), arguments: ["-display", display, "-id", window.hex, "_NET_WM_DESKTOP"],
                                               output: .string(limit: 1 << 16))
        return result?.standardOutput.split(separator: "=").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @Test(arguments: [WindowManagerKind.openbox, .metacity])
    func aStackFormsOnFocusFollowsMovesAndTakesInANewWindow(manager: WindowManagerKind) async throws {
        try await Self.withStack(manager) { server, project, daemon, maker, windows in
            let (code, on) = try await Self.stack(daemon, "on", project)
            #expect(code == 0, "\(on)")
            #expect(on["enabled"] == true)
            let file = try JSONLine.decode(String(contentsOfFile: project.path + "/project.json", encoding: .utf8))
            #expect(file["stackedWindowsEnabled"] == true)
            #expect(file["name"] == "demo", "every other member kept")

            // One window on a second desktop, as a user may have left it.
            try await Self.tool("wmctrl", ["-n", "2"], display: server.display)
            try await Self.tool("wmctrl", ["-i", "-r", windows[2].hex, "-t", "1"], display: server.display)
            #expect(await eventually { await Self.desktop(of: windows[2], display: server.display) == 1 })

            // Focus puts the deck in order: the others at the focused window's client rectangle,
            // on its desktop, below it.
            let focus = try await daemon.command(["focus", Self.taskspaces[1]])
            #expect(focus.exitCode == 0, "\(focus.standardError)")
            let top = windows[1]
            let rect = try #require(maker.clientRect(of: top))
            // `focus` answers once the arrangement was read back.
            for window in windows { #expect(maker.clientRect(of: window) == rect, "\(window.hex) at the stack") }
            #expect(await Self.desktop(of: windows[2], display: server.display) == Self.desktop(of: top, display: server.display))
            let stacking = try await server.rootProperty("_NET_CLIENT_LIST_STACKING")  // bottom to top
            let listed = stacking.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" })
                .compactMap { $0.hasPrefix("0x") ? UInt($0.dropFirst(2), radix: 16) : nil }
            let order = windows.map { listed.firstIndex(of: $0.rawValue) }
            let topAt = try #require(order[1], "\(stacking)")
            for index in [0, 2] { #expect(order[index].map { $0 < topAt } == true, "\(windows[index].hex) below the top: \(stacking)") }
            let (_, status) = try await Self.stack(daemon, "status", project)
            #expect(status["effective"] == true, "\(status)")
            #expect(status["top"]?.stringValue == top.hex)

            // A move of the top window made as a user's tool makes it is followed.
            try await Self.tool("xdotool", ["windowmove", "--sync", String(top.rawValue), "300", "200"], display: server.display)
            let moved = try #require(maker.clientRect(of: top))
            #expect(moved != rect)
            #expect(await eventually(timeout: .seconds(10)) { windows.allSatisfy { maker.clientRect(of: $0) == moved } },
                    "every window follows the move")
            try await Self.tool("xdotool", ["windowsize", "--sync", String(top.rawValue), "400", "300"], display: server.display)
            let resized = try #require(maker.clientRect(of: top))
            #expect(resized.width == 400 && resized.height == 300)
            #expect(await eventually(timeout: .seconds(10)) { windows.allSatisfy { maker.clientRect(of: $0) == resized } },
                    "and the resize")

            // A window that registers joins at the stack's rectangle.
            let newcomer = maker.createWindow(title: "editor 3")
            let editor = ExtensionClient(client: try await daemon.connect(), maker: maker)
            _ = try await editor.handshake(.updateTaskspace, window: newcomer, title: "editor 3", taskspace: Self.taskspaces[3])
            #expect(await eventually(timeout: .seconds(10)) { maker.clientRect(of: newcomer) == resized }, "the newcomer joins")

            // The rectangle is kept for a restart.
            #expect(await eventually(timeout: .seconds(10)) {
                let state = try? JSONLine.decode(String(contentsOfFile: daemon.stateFile, encoding: .utf8))
                return state?["stacks"]?[project.path]?["x"]?.intValue == Int64(resized.x)
            })
        }
    }

    /// dwm tiles: asked to stack, its windows stay in their tiles, and `stack` says so (exit 9).
    @Test func aTilingManagerIsReportedNotClaimed() async throws {
        try await Self.withStack(.dwm) { _, project, daemon, _, _ in
            // Turned on, the stack is arranged around its top window at once (dwm answers a
            // focus request with the urgency hint, so no focus is asked here).
            let (code, on) = try await Self.stack(daemon, "on", project)
            #expect(code == 9, "\(on)")
            #expect(on["effective"] == false)
            #expect(on["reason"]?.stringValue?.hasPrefix("dwm is a tiling window manager: it places windows itself") == true, "\(on)")
            let status = try await RegistrationTests.status(daemon)
            #expect(status["stacks"]?.arrayValue?.first?["effective"] == false)
        }
    }

    /// Turned off, a stack's moves are no longer followed; turned on in `project.json` by someone
    /// else (Symposium's app), it is followed again. Whether a move was left alone is known by a
    /// move of a second stack made after it being followed: the stacker reads events in order.
    @Test func offStopsFollowingAndTheFileIsFollowed() async throws {
        try await Self.withStack(.openbox) { server, project, daemon, maker, windows in
            _ = try await Self.stack(daemon, "on", project)
            #expect(try await daemon.command(["focus", Self.taskspaces[0]]).exitCode == 0)
            let rect = try #require(maker.clientRect(of: windows[0]))
            #expect(windows.allSatisfy { maker.clientRect(of: $0) == rect })

            // A second project, stacked, whose follow proves the first move was read.
            let other = try SymposiumProject.make(taskspaces: ["0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D", "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4E"],
                                                  name: "other")
            defer { other.remove() }
            var others: [WindowID] = []
            for (index, taskspace) in ["0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D", "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4E"].enumerated() {
                let window = maker.createWindow(title: "other \(index)")
                others.append(window)
                _ = try await daemon.command(["stack", "status", "--project", other.path])  // loads it
                let editor = ExtensionClient(client: try await daemon.connect(), maker: maker)
                _ = try await editor.handshake(.updateTaskspace, window: window, title: "other \(index)", taskspace: taskspace)
            }
            #expect(try await Self.stack(daemon, "on", other).0 == 0)
            #expect(try await daemon.command(["focus", "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"]).exitCode == 0)

            let (code, off) = try await Self.stack(daemon, "off", project)
            #expect(code == 0 && off["enabled"] == false)
            let file = try JSONLine.decode(String(contentsOfFile: project.path + "/project.json", encoding: .utf8))
            #expect(file["stackedWindowsEnabled"] == false)

            try await Self.tool("xdotool", ["windowmove", "--sync", String(windows[0].rawValue), "500", "400"], display: server.display)
            try await Self.tool("xdotool", ["windowmove", "--sync", String(others[0].rawValue), "100", "600"], display: server.display)
            let otherRect = try #require(maker.clientRect(of: others[0]))
            #expect(await eventually(timeout: .seconds(10)) { maker.clientRect(of: others[1]) == otherRect }, "the stack still on follows")
            #expect(maker.clientRect(of: windows[1]) == rect, "the stack turned off did not follow")

            // Symposium's app turns it on again in the file: the daemon follows the file.
            var members = try #require(try JSONLine.decode(String(contentsOfFile: project.path + "/project.json", encoding: .utf8)).objectValue)
            members["stackedWindowsEnabled"] = true
            try JSONLine.encode(.object(members)).write(toFile: project.path + "/project.json", atomically: true, encoding: .utf8)
            #expect(await eventually(timeout: .seconds(10)) {
                (try? await RegistrationTests.status(daemon))?["stacks"]?.arrayValue?.contains { $0["project_path"]?.stringValue == project.path } == true
            }, "turned on in project.json by someone else")
        }
    }

    /// A terminal grows by character cells: it joins at the stack's position with the largest
    /// size its `WM_NORMAL_HINTS` allow within the stack's, and the difference is reported.
    @Test func aTerminalsSizeStepsAreRespectedAndReported() async throws {
        try await withXServer { server in
            try await server.startWindowManager(.openbox)
            try await withProjectDaemon(on: server, taskspaces: Array(Self.taskspaces.prefix(2))) { project, daemon in
                let maker = try server.windowMaker()
                defer { maker.close() }
                let top = maker.createWindow(title: "editor")
                let editor = ExtensionClient(client: try await daemon.connect(), maker: maker)
                _ = try await editor.handshake(.updateTaskspace, window: top, title: "editor", taskspace: Self.taskspaces[0])

                let title = "stack-terminal-\(UUID().uuidString.prefix(8))"
                let xterm = BackgroundProcess("xterm", arguments: ["-T", title, "-geometry", "40x10+600+500"], environment: ["DISPLAY": server.display])
                defer { Task { await xterm.stop() } }
                var terminal: WindowID?
                #expect(await eventually(timeout: .seconds(10)) {
                    terminal = (try? await server.scan())?.windows.first { $0.title == title }?.id
                    return terminal != nil
                })
                let window = try #require(terminal)
                let handshake = try await daemon.command(["handshake", "--taskspace", Self.taskspaces[1], "--window", window.hex])
                #expect(handshake.exitCode == 0, "\(handshake.standardError)")

                _ = try await Self.stack(daemon, "on", project)
                #expect(try await daemon.command(["focus", Self.taskspaces[0]]).exitCode == 0)
                try await Self.tool("xdotool", ["windowsize", "--sync", String(top.rawValue), "503", "311"], display: server.display)
                let rect = try #require(maker.clientRect(of: top))
                #expect(await eventually(timeout: .seconds(10)) { maker.clientRect(of: window).map { $0.x == rect.x && $0.y == rect.y } == true },
                        "the terminal follows the resize: \(String(describing: maker.clientRect(of: window))) against \(rect)")
                #expect(try await daemon.command(["focus", Self.taskspaces[0]]).exitCode == 0)
                let placed = try #require(maker.clientRect(of: window))
                #expect(placed.x == rect.x && placed.y == rect.y, "\(placed) at the stack's corner \(rect)")
                #expect(placed.width <= rect.width && placed.height <= rect.height && placed != rect, "\(placed) within \(rect)")
                let (code, status) = try await Self.stack(daemon, "status", project)
                #expect(code == 0 && status["effective"] == true, "\(status)")
                let note = status["windows"]?.arrayValue?.first { $0["window_id"]?.stringValue == window.hex }?["note"]?.stringValue
                #expect(note == "its size hints allow \(placed.width)x\(placed.height), not 503x311", "\(String(describing: note))")
            }
        }
    }

    /// The stack's rectangle is the daemon's to keep: after a restart, with no other window of
    /// the project left, a window that registers joins where the stack was.
    @Test func theRectangleSurvivesARestart() async throws {
        try await withXServer { server in
            try await server.startWindowManager(.openbox)
            let project = try SymposiumProject.make(taskspaces: Array(Self.taskspaces.prefix(2)))
            defer { project.remove() }
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let maker = try server.windowMaker()
            defer { maker.close() }
            let first = try await DaemonProcess.start(display: server.display, arguments: ["--project", project.path], directory: directory)
            let window = maker.createWindow(title: "editor")
            let editor = ExtensionClient(client: try await first.connect(), maker: maker)
            _ = try await editor.handshake(.updateTaskspace, window: window, title: "editor", taskspace: Self.taskspaces[0])
            #expect(try await Self.stack(first, "on", project).0 == 0)
            try await Self.tool("xdotool", ["windowmove", "--sync", String(window.rawValue), "420", "310"], display: server.display)
            try await Self.tool("xdotool", ["windowsize", "--sync", String(window.rawValue), "333", "222"], display: server.display)
            let kept = try #require(maker.clientRect(of: window))
            #expect(await eventually(timeout: .seconds(10)) {
                let (_, report) = (try? await Self.stack(first, "status", project)) ?? (nil, .null)
                return report["rect"]?.stringValue == kept.description
            }, "the stack follows its only window")
            #expect(await first.terminate())
            maker.destroy(window)
            maker.sync()

            let second = try await DaemonProcess.start(display: server.display, arguments: ["--project", project.path], directory: directory)
            defer { Task { await second.process.stop() } }
            let newcomer = maker.createWindow(title: "editor again")
            let again = ExtensionClient(client: try await second.connect(), maker: maker)
            _ = try await again.handshake(.updateTaskspace, window: newcomer, title: "editor again", taskspace: Self.taskspaces[1])
            #expect(await eventually(timeout: .seconds(10)) { maker.clientRect(of: newcomer) == kept },
                    "joins at \(kept): \(String(describing: maker.clientRect(of: newcomer)))")
        }
    }
}
