import Foundation
import Registrar
import Testing
import X11TestSupport
import X11Windows

/// The `windows` command as a person or a script runs it.
@Suite(.timeLimit(.minutes(5))) struct WindowsCommandTests {
    @Test func withoutADisplayItSaysSoInOneLine() async throws {
        let result = try await RegistrarCommand.run(["windows"], display: nil)
        #expect(result.exitCode == 3)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError == "symposium-registrar: no X display: DISPLAY is not set (start an X session or pass --display)\n")
    }

    @Test func aDisplayNobodyServesIsNamed() async throws {
        let result = try await RegistrarCommand.run(["windows", "--display", ":4093"], display: nil)
        #expect(result.exitCode == 3)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("cannot open X display ':4093'") == true)
    }

    @Test func listsWindowsMarkersAndJSON() async throws {
        try await withXServer(windowManager: true) { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            let uuid = "9f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2c"
            let marked = maker.createWindow(title: "[SYMPOSIUM:\(uuid.uppercased())] editor", encoding: .netWMNameOnly)
            let plain = maker.createWindow(title: "Документ", encoding: .wmNameCompoundText)
            maker.sync()
            #expect(await eventually { (try? await server.scan())?.windows.count == 2 })

            let text = try await RegistrarCommand.run(["windows"], display: server.display)
            #expect(text.exitCode == 0)
            let lines = text.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.first?.contains("EWMH client list of Openbox") == true)
            #expect(lines.contains { $0.hasPrefix(marked.hex) && $0.contains(uuid) && $0.hasSuffix("editor") })
            #expect(lines.contains { $0.hasPrefix(plain.hex) && $0.hasSuffix("Документ") })

            let markersOnly = try await RegistrarCommand.run(["windows", "--markers"], display: server.display)
            let rows = markersOnly.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("#") }
            #expect(rows.count == 1)
            #expect(rows.first?.hasPrefix(marked.hex) == true)

            let json = try await RegistrarCommand.run(["windows", "--json", "--markers"], display: server.display)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            #expect(object["mode"] as? String == "ewmh")
            #expect(object["manager"] as? String == "Openbox")
            let windows = try #require(object["windows"] as? [[String: Any]])
            #expect(windows.count == 1)
            #expect(windows.first?["id"] as? String == marked.hex)
            #expect(windows.first?["marker"] as? String == uuid)
        }
    }

    @Test func treeWalkModeIsNamedWithoutAManager() async throws {
        try await withXServer { server in
            let result = try await RegistrarCommand.run(["windows"], display: server.display)
            #expect(result.exitCode == 0)
            #expect(result.standardOutput.hasPrefix("# display \(server.display): tree walk (no EWMH window manager); 0 client windows"))
        }
    }

    /// Through a daemon, `--markers` asks for the marked windows only; the header still counts
    /// the whole index.
    @Test func markersFromTheDaemonCountEveryWindow() async throws {
        try await withXServer { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            let uuid = "9f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2c"
            let marked = maker.createWindow(title: "[SYMPOSIUM:\(uuid)] editor")
            for number in 0 ..< 3 { maker.createWindow(title: "plain \(number)") }
            maker.sync()
            try await withDaemon(on: server) { daemon in
                #expect(await eventually {
                    (try? await daemon.command(["windows", "--markers"]))?.standardOutput
                        .hasPrefix("# display \(server.display): tree walk (no EWMH window manager); 4 client windows, 1 marked") == true
                })
                let listed = try await daemon.command(["windows", "--markers"])
                let rows = listed.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("#") }
                #expect(rows.count == 1 && rows.first?.hasPrefix(marked.hex) == true, "\(listed.standardOutput)")
                let json = try await daemon.command(["windows", "--markers", "--json"])
                #expect(json.standardOutput.contains("\"source\":\"daemon\""), "\(json.standardOutput)")
            }
        }
    }
}
