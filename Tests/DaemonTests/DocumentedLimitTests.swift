import Foundation
import Glibc
import Registrar
import Testing
import X11TestSupport

/// Every command at the documented limits: 10,000 taskspaces, each with a name and a
/// description of 4 KiB. Whole, that status is about 80 MB, more than a client reads in one
/// line; paged, every command still answers.
@Suite(.timeLimit(.minutes(5))) struct DocumentedLimitTests {
    static let count = 10_000

    static func uuid(_ n: Int) -> String { "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - String(n).count) + String(n) }

    @Test func statusAndFocusWorkWithTenThousandTaskspacesOfFourKiBTexts() async throws {
        try await withXServer { server in
            try await withDaemon(on: server, binary: RegistrarCommand.fastestBinaryPath) { daemon in
                let filler = String(repeating: "d", count: 4096 - 12)
                let loader = try RawSocket(path: daemon.socket)
                defer { loader.close() }
                // Roll calls come too: the replies are counted by their ids.
                let replies = loader.drainInBackground(key: { line in
                    line.contains(#""type":"response""#) ? line.split(separator: "\"")[3].description : nil
                })
                try await offPool {
                    var chunk = Data()
                    for n in 0 ..< Self.count {
                        let name = "name-\(String(repeating: "0", count: 6 - String(n).count))\(n)-" + filler
                        let line = Envelope(type: "update_taskspace", id: "u\(n)", payload: [
                            "taskspace_uuid": .string(Self.uuid(n)), "name": .string(name), "description": .string(filler + "-desc-\(n)"),
                        ]).encodedLine()
                        chunk.append(contentsOf: Array(line.utf8) + [UInt8(ascii: "\n")])
                        if n % 100 == 99 {
                            try loader.write(chunk)
                            chunk.removeAll(keepingCapacity: true)
                        }
                    }
                }
                #expect(await eventually(timeout: .seconds(120)) { replies.keys.count == Self.count })

                let status = try await RegistrarCommand.run(["status", "--socket", daemon.socket], display: server.display)
                #expect(status.exitCode == 0, "\(status.standardError)")
                #expect(status.standardOutput.contains("taskspaces  \(Self.count)"))
                #expect(status.standardOutput.contains("... and \(Self.count - 100) more (status --all lists them)"))

                let json = try await RegistrarCommand.run(["status", "--json", "--socket", daemon.socket], display: server.display)
                #expect(json.exitCode == 0, "\(json.standardError)")
                let document = try JSONLine.decode(json.standardOutput)
                #expect(document["taskspace_count"]?.intValue == Int64(Self.count))

                let one = try await RegistrarCommand.run(["status", "--json", "--taskspace", Self.uuid(9_999), "--socket", daemon.socket],
                                                         display: server.display)
                #expect(one.exitCode == 0, "\(one.standardError)")
                #expect(try JSONLine.decode(one.standardOutput)["taskspaces"]?.arrayValue?.first?["description"]?.stringValue?
                    .hasSuffix("-desc-9999") == true)

                // No window: focus fails for that reason, not for a reply too long to read.
                let focus = try await RegistrarCommand.run(["focus", Self.uuid(5_000), "--socket", daemon.socket], display: server.display)
                #expect(focus.exitCode == 1)
                #expect(focus.standardError.contains("has no window"), "\(focus.standardError)")
            }
        }
    }
}
