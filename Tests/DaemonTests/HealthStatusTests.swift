import Foundation
import Glibc
import Registrar
import Testing
import X11TestSupport
import X11Windows

/// `status`'s health section counts what happened to the real daemon: a registration answered
/// and one timed out, a client cut off for an over-long line, a window lost and its roll call
/// held back and then sent, the bytes, the writes, the memory.
@Suite(.timeLimit(.minutes(5))) struct HealthStatusTests {
    static let taskspace = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a"
    static let lonely = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

    static func health(_ daemon: DaemonProcess) async throws -> JSONValue {
        try #require(try await RegistrationTests.status(daemon)["health"])
    }

    static func count(_ health: JSONValue?, _ name: String) -> Int {
        health?["counts"]?[name]?.intValue.map(Int.init) ?? -1
    }

    @Test func whatHappenedIsCountedAndShownInWordsAndNumbers() async throws {
        try await withXServer(windowManager: true) { server in
            try await withDaemon(on: server, arguments: ["--registration-timeout", "1", "--line-limit", "4096"]) { daemon in
                let fresh = try await Self.health(daemon)
                #expect(Self.count(fresh, "registrations_answered") == 0)
                #expect(fresh["registration_p50_ms"] == nil)

                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "main.swift - project")
                let editor = ExtensionClient(client: try await daemon.connect(), maker: maker)
                let reply = try await editor.handshake(.updateTaskspace, window: window, title: "main.swift - project",
                                                       taskspace: Self.taskspace)
                #expect(reply["window_registered"] == true)
                // A marker no window shows: answered "not registered" at its 1 s deadline.
                let missing = try await editor.client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(Self.lonely), "window_uuid": .string(UUID().uuidString)])
                #expect(missing["window_registered"] == false)

                let raw = try RawSocket(path: daemon.socket)
                defer { raw.close() }
                try raw.write(Data(String(repeating: "x", count: 8192).utf8) + Data("\n".utf8))
                #expect(await raw.closedByPeer(within: 10), "an over-long line closes the connection")

                // The registered window goes within the roll-call quiet: its call is held back,
                // then sent once the quiet ends.
                maker.destroy(window)
                maker.sync()
                #expect(await eventually(timeout: .seconds(20)) {
                    Self.count(try? await Self.health(daemon), "roll_calls_sent") >= 1
                }, "the held roll call goes out after the quiet")

                let health = try await Self.health(daemon)
                #expect(Self.count(health, "registrations_answered") == 1)
                #expect(Self.count(health, "registrations_timed_out") == 1)
                #expect(Self.count(health, "registrations_failed") == 0)
                #expect(health["registrations_last_minute"]?.intValue == 1)
                let p50 = try #require(health["registration_p50_ms"]?.doubleValue)
                let p99 = try #require(health["registration_p99_ms"]?.doubleValue)
                #expect(p50 > 0 && p99 >= p50)
                #expect(Self.count(health, "roll_calls_held_back") >= 1)
                #expect(Self.count(health, "windows_seen") >= 1)
                #expect(Self.count(health, "windows_lost") >= 1)
                #expect(Self.count(health, "cut_off_long_line") == 1)
                #expect(Self.count(health, "clients_accepted") >= 3)
                #expect(Self.count(health, "bytes_in") > 4096, "what came before the line was cut off counts")
                #expect(Self.count(health, "bytes_out") > 0)
                #expect(Self.count(health, "x_reconnects") == 0)
                #expect(Self.count(health, "taskspace_writes_failed") == 0)
                #expect((health["rss_anon_bytes"]?.intValue ?? 0) > 1 << 20)
                #expect((health["uptime_seconds"]?.doubleValue ?? 0) > 0)
                #expect(await eventually(timeout: .seconds(10)) {
                    Self.count(try? await Self.health(daemon), "state_writes_ok") >= 1
                }, "learning a taskspace is saved")

                let words = try await daemon.command(["status"]).standardOutput
                #expect(words.contains("registrations 1 answered (1 in the last minute, round trip p50 "), "\(words)")
                #expect(words.contains("1 timed out"), "\(words)")
                #expect(words.contains("refused, 1 (long line 1) cut off"), "\(words)")
            }
        }
    }
}
