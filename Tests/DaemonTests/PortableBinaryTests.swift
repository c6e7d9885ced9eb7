import Foundation
import Glibc
import Subprocess
import Testing
import X11TestSupport

/// What `scripts/install.sh` installs depends on system libraries only: the Swift runtime is
/// linked in, so moving or removing the toolchain does not break the desktop agent. Checked on
/// the release binary `scripts/test.sh` builds as install.sh does (`$SYMPOSIUM_REGISTRAR_RELEASE_BIN`).
@Suite(.timeLimit(.minutes(5))) struct PortableBinaryTests {
    static let release = ProcessInfo.processInfo.environment["SYMPOSIUM_REGISTRAR_RELEASE_BIN"]

    static func run(_ executable: String, _ arguments: [String], home: String? = nil) async throws -> (Int32?, String) {
        var environment: [Environment.Key: String?] = [:]
        if let home { environment = ["HOME": home, "XDG_CONFIG_HOME": nil, "XDG_DATA_HOME": nil] }
        let result = try await Subprocess.run(
            .path(.init(executable)), arguments: Arguments(arguments), environment: .inherit.updating(environment),
            output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
        let code: Int32? = if case .exited(let code) = result.terminationStatus { code } else { nil }
        return (code, result.standardOutput + result.standardError)
    }

    /// The directory the toolchain's Swift runtime is loaded from by a dynamically linked build
    /// (the test's own binary), as `ldd` resolves it.
    static func toolchainLibraries() async throws -> String {
        let (_, listing) = try await run("/usr/bin/ldd", [RegistrarCommand.binaryPath])
        let line = try #require(listing.split(separator: "\n").first { $0.contains("libswiftCore.so") })
        let path = try #require(line.split(separator: " ").first { $0.hasPrefix("/") }.map(String.init))
        return (path as NSString).deletingLastPathComponent
    }

    /// Runs `binary --version` in a mount namespace where the toolchain's library directory is an
    /// empty tmpfs.
    static func versionWithToolchainHidden(_ binary: String, libraries: String) async throws -> (Int32?, String) {
        try await run("/usr/bin/unshare", ["-m", "/bin/sh", "-c", "mount -t tmpfs none \"$0\" && exec \"$1\" --version", libraries, binary])
    }

    /// The release binary installed by `install.sh` into `home`; answers its path.
    static func installRelease(home: String) async throws -> String {
        let script = InstallTests.repository + "/scripts/install.sh"
        let (code, output) = try await run(script, ["--binary", try #require(release), "--no-enable"], home: home)
        #expect(code == 0, "\(output)")
        return home + "/.local/bin/symposium-registrar"
    }

    @Test(.enabled(if: release != nil, "run through scripts/test.sh, which builds the release binary"))
    func theInstalledBinaryNeedsOnlySystemLibraries() async throws {
        let home = DaemonProcess.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let installed = try await Self.installRelease(home: home)

        let libraries = try await Self.toolchainLibraries()
        let (listed, dependencies) = try await Self.run("/usr/bin/ldd", [installed])
        #expect(listed == 0, "\(dependencies)")
        #expect(!dependencies.contains("not found"), "\(dependencies)")
        #expect(!dependencies.contains(libraries) && !dependencies.contains("libswift") && !dependencies.contains("Foundation"),
                "no Swift runtime or Foundation from the toolchain: \(dependencies)")
        #expect(dependencies.contains("libX11.so.6"), "\(dependencies)")
        let resolved = dependencies.split(separator: "\n").compactMap { $0.split(separator: " ").first { $0.hasPrefix("/") } }
        #expect(resolved.allSatisfy { $0.hasPrefix("/lib") || $0.hasPrefix("/usr/lib") }, "system libraries only: \(resolved)")
    }

    /// Hiding a directory takes a mount namespace, so root: a skip with that reason otherwise
    /// (CI runs as root, so there it always runs).
    @Test(.enabled(if: release != nil, "run through scripts/test.sh, which builds the release binary"),
          .enabled(if: getuid() == 0, "hiding the toolchain's libraries takes a mount namespace, which takes root"))
    func theInstalledBinaryRunsWithTheToolchainHidden() async throws {
        let home = DaemonProcess.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let installed = try await Self.installRelease(home: home)
        let libraries = try await Self.toolchainLibraries()
        let (hidden, version) = try await Self.versionWithToolchainHidden(installed, libraries: libraries)
        #expect(hidden == 0 && version.hasPrefix("0."), "with \(libraries) hidden: \(version)")
        // The check can fail: the dynamically linked test build does not start there.
        let (broken, _) = try await Self.versionWithToolchainHidden(RegistrarCommand.binaryPath, libraries: libraries)
        #expect(broken != 0)
    }
}
