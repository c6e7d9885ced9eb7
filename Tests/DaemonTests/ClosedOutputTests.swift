import Foundation
import Registrar
import RegistrarServer
import Subprocess
import Testing
import X11TestSupport
import X11Windows

/// A reader that goes away (`| head -1`) ends every command quietly: no trap, no crash report,
/// nothing on stderr, exit 0.
@Suite(.timeLimit(.minutes(5))) struct ClosedOutputTests {
    @Test func windowsPipedIntoHeadWithAThousandWindowsExitsQuietly() async throws {
        try await withXServer { server in
            let maker = try server.windowMaker()
            defer { maker.close() }
            let padding = String(repeating: "x", count: 120)
            for number in 0 ..< 1000 { maker.createWindow(title: "window \(number) \(padding)") }
            maker.sync()
            let script = "set -o pipefail; \"$0\" windows --scan | head -1"
            let result = try await Subprocess.run(
                .name("bash"), arguments: ["-c", script, RegistrarCommand.binaryPath],
                environment: .inherit.updating(["DISPLAY": server.display]),
                output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
            #expect(result.terminationStatus == .exited(0))
            #expect(result.standardError == "")
            #expect(result.standardOutput.hasPrefix("# display \(server.display): tree walk"))
            #expect(result.standardOutput.split(separator: "\n").count == 1)
        }
    }

    @Test func everyClientCommandExitsQuietlyIntoAClosedPipe() async throws {
        try await withXServer(windowManager: true) { server in
            try await withProjectDaemon(on: server, taskspaces: ["5A6B7C8D-1E2F-4A3B-8C4D-5E6F7A8B9C0D"]) { project, daemon in
                _ = project
                let taskspace = "5A6B7C8D-1E2F-4A3B-8C4D-5E6F7A8B9C0D"
                let maker = try server.windowMaker()
                defer { maker.close() }
                let window = maker.createWindow(title: "editor")
                let editor = ExtensionClient(client: try await daemon.connect(), maker: maker)
                let registered = try await editor.handshake(.updateTaskspace, window: window, title: "editor", taskspace: taskspace)
                #expect(registered["window_registered"] == true)

                let socket = ["--socket", daemon.socket]
                let status = #"{"type":"registrar_status","id":"s","payload":{}}"# + "\n"
                let commands: [([String], String)] = [
                    (["status"] + socket, ""), (["status", "--json"] + socket, ""), (["client"] + socket, status),
                    (["register", "--all"] + socket, ""), (["focus", taskspace] + socket, ""), (["open", taskspace] + socket, ""),
                    (["handshake", "--taskspace", taskspace, "--window", window.hex] + socket, ""),
                    (["windows"] + socket, ""), (["windows", "--scan"], ""),
                ]
                for (arguments, input) in commands {
                    let result = try await RegistrarCommand.runIntoClosedPipe(arguments, display: server.display, input: input)
                    #expect(result.status == .exited(0), "\(arguments.first!): \(result.status)")
                    #expect(result.standardError == "", "\(arguments.first!)")
                }
            }
        }
    }
}
