import Foundation
import Glibc
import Registrar
import RegistrarProtocol
import Testing
import X11TestSupport

/// The Debian package `scripts/package-deb.sh` builds (`scripts/test.sh` builds it and names
/// it in `SYMPOSIUM_REGISTRAR_DEB`): its files, its derived dependencies, and its binary
/// working where no Swift toolchain can be seen.
@Suite(.timeLimit(.minutes(5))) struct PackageTests {
    static let deb = ProcessInfo.processInfo.environment["SYMPOSIUM_REGISTRAR_DEB"]

    /// Run off the cooperative pool: it blocks while dpkg-deb runs.
    static func dpkgDeb(_ arguments: [String]) async throws -> String {
        try await offPool { try dpkgDebBlocking(arguments) }
    }

    private static func dpkgDebBlocking(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dpkg-deb")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw HarnessError("dpkg-deb \(arguments) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: deb != nil, "scripts/test.sh builds the package; a plain `swift test` has none"))
    func thePackageHoldsEverythingAndItsBinaryRunsWithoutAToolchain() async throws {
        let deb = try #require(Self.deb)
        let root = DaemonProcess.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try await Self.dpkgDeb(["-x", deb, root])
        for path in ["usr/bin/symposium-registrar", "usr/lib/systemd/user/symposium-registrar.service",
                     "etc/xdg/autostart/symposium-registrar.desktop", "usr/share/man/man1/symposium-registrar.1.gz",
                     "usr/share/bash-completion/completions/symposium-registrar",
                     "usr/share/zsh/vendor-completions/_symposium-registrar",
                     "usr/share/fish/vendor_completions.d/symposium-registrar.fish"] {
            #expect(FileManager.default.fileExists(atPath: root + "/" + path), "\(path)")
        }
        let unit = try String(contentsOfFile: root + "/usr/lib/systemd/user/symposium-registrar.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/bin/symposium-registrar daemon"))
        let depends = try await Self.dpkgDeb(["-f", deb, "Depends"])
        for library in ["libx11-6", "libxmu6", "libx11-xcb1", "libxcb-res0", "libsystemd0", "libc6"] {
            #expect(depends.contains(library), "Depends derived from what the binary links: \(depends)")
        }

        // Where no toolchain is seen: a PATH without it, and the binary from the package.
        let binary = root + "/usr/bin/symposium-registrar"
        let hidden: [String: String?] = ["PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": nil]
        let version = try await RegistrarCommand.run(["--version"], display: nil, environment: hidden, binary: binary)
        #expect(version.exitCode == 0)
        #expect(version.standardOutput == RegistrarInfo.version + "\n")
        try await withXServer { server in
            let directory = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let daemon = try await DaemonProcess.start(display: server.display, directory: directory, binary: binary)
            defer { Task { await daemon.process.stop() } }
            let status = try await RegistrarCommand.run(["status", "--socket", daemon.socket], display: server.display,
                                                        environment: hidden, binary: binary)
            #expect(status.exitCode == 0, "\(status.standardError)")
            #expect(status.standardOutput.contains("\(daemon.process.pid ?? -1)"), "\(status.standardOutput)")
        }
    }
}
