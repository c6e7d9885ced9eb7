import Foundation
import Registrar
import Testing
import X11TestSupport

/// Names and titles are stored as given; the CLI's text output shows their control characters
/// escaped, so none reaches the terminal.
@Suite(.timeLimit(.minutes(2))) struct PrintableOutputTests {
    @Test func statusAndWindowsEscapeWhatWouldActOnTheTerminal() async throws {
        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                let taskspace = UUID().uuidString.lowercased()
                let name = "evil\u{1B}]0;pwned\u{07} \u{202E}txt.exe"
                let client = try await daemon.connect()
                let reply = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(taskspace), "name": .string(name)])
                #expect(reply["success"] == true)

                let text = try await daemon.command(["status"])
                #expect(text.exitCode == 0)
                #expect(!text.standardOutput.unicodeScalars.contains { $0.isTerminalControl && $0 != "\n" },
                        "\(text.standardOutput.debugDescription)")
                #expect(text.standardOutput.contains("evil\\u{1b}]0;pwned\\u{7} \\u{202e}txt.exe"))
                let json = try await daemon.command(["status", "--json"])
                let stored = try JSONLine.decode(json.standardOutput)["taskspaces"]?.arrayValue?.first { $0["uuid"]?.stringValue == taskspace }
                #expect(stored?["name"]?.stringValue == name, "kept as given")

                let maker = try server.windowMaker()
                defer { maker.close() }
                _ = maker.createWindow(title: "title\u{1B}[2J with\nbreak")
                maker.sync()
                #expect(await eventually {
                    let windows = (try? await daemon.command(["windows"]))?.standardOutput ?? ""
                    return windows.contains("title\\u{1b}[2J with\\nbreak")
                        && !windows.unicodeScalars.contains { $0.isTerminalControl && $0 != "\n" }
                })
            }
        }
    }
}
