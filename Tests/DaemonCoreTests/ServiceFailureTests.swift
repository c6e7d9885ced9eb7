import Foundation
import InProcessSupport
import Logging
import Registrar
import RegistrarClient
import RegistrarProtocol
@testable import RegistrarServer
import Testing

/// The daemon's services in one group: a part that fails ends the daemon with that part's
/// error in one line, instead of leaving a process that holds its lock and answers nobody.
@Suite struct ServiceFailureTests {
    /// An instance record writer whose disk is full.
    struct FullDisk: InstanceRecordWriter {
        var location: String { "/full/registrar.sock.lock" }
        func write(_ record: InstanceRecord) throws(RegistrarError) { throw RegistrarError(.file, "No space left on device") }
    }

    struct Recorder: InstanceRecordWriter {
        var location: String { "memory" }
        func write(_ record: InstanceRecord) throws(RegistrarError) {}
    }

    private func prepare(
        records: any InstanceRecordWriter, windows: ScriptedWindowSource = ScriptedWindowSource(), claimsSelection: Bool = false
    ) async throws -> (RegistrarDaemon<ContinuousClock>, String) {
        let directory = NSTemporaryDirectory() + "registrar-service-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = DaemonConfiguration(display: ":test", socketPath: directory + "/r.sock", stateFile: "memory")
        configuration.claimsSelection = claimsSelection
        let environment = DaemonEnvironment(
            windows: windows, activator: RecordingActivator(), clock: ContinuousClock(),
            store: MemoryStateStore(), makeID: { UUID().uuidString })
        let daemon = try await RegistrarDaemon.prepare(
            configuration: configuration, environment: environment, records: records, logger: Logger(label: "test"))
        return (daemon, configuration.socketPath)
    }

    @Test func aLockFileThatCannotBeWrittenEndsTheDaemonWithOneLine() async throws {
        let (daemon, socket) = try await prepare(records: FullDisk())
        await #expect(throws: RegistrarError(.serviceFailed,
                                             "cannot write the lock file /full/registrar.sock.lock: No space left on device")) {
            try await daemon.run(signals: [])
        }
        #expect(!FileManager.default.fileExists(atPath: socket), "the socket file is removed")
    }

    @Test func aListenerThatDiesEndsTheDaemon() async throws {
        let (daemon, socket) = try await prepare(records: Recorder())
        let error = await #expect(throws: RegistrarError.self) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await daemon.run(signals: []) }
                let client = try await RegistrarClient.connect(to: socket)
                #expect(try await client.request("registrar_status")["success"] == true)
                try await daemon.listener.channel.close()
                try await group.next()
                await client.close()
            }
        }
        #expect(error?.code == .serviceFailed)
        #expect(error?.message == "the socket listener on \(socket) stopped")
    }

    @Test func aClientsShutdownRequestStopsTheGroupGracefully() async throws {
        let (daemon, socket) = try await prepare(records: Recorder())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await daemon.run(signals: []) }
            let client = try await RegistrarClient.connect(to: socket)
            #expect(try await client.request("registrar_shutdown")["success"] == true)
            try await group.next()
            await client.close()
        }
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    /// A display that answers only after the start-up probe (here: away at first), then shows
    /// another registrar's selection: the daemon leaves as it would at start-up, with the code a
    /// service manager does not restart on, not as "displaced".
    @Test func aSelectionRefusedAfterTheStartupProbeEndsAsDisplayServed() async throws {
        let windows = ScriptedWindowSource()
        windows.disconnect(reason: "no X server yet")
        let (daemon, socket) = try await prepare(records: Recorder(), windows: windows, claimsSelection: true)
        let owner = WindowID(0x400001)
        let error = await #expect(throws: RegistrarError.self) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await daemon.run(signals: []) }
                let client = try await RegistrarClient.connect(to: socket)
                #expect(try await client.request("registrar_status")["success"] == true, "it served while the display was away")
                windows.connect(selection: .refused(owner: owner, selection: "_SYMPOSIUM_REGISTRAR_S0"))
                try await group.next()
                await client.close()
            }
        }
        #expect(error?.code == .displayServed)
        #expect(error?.message == "another registrar serves display :test: it owns _SYMPOSIUM_REGISTRAR_S0 (window 0x00400001); "
            + "stop it, or start this one with --replace")
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    @Test func aSelectionRefusedAtStartupIsDisplayServed() async throws {
        let windows = ScriptedWindowSource()
        windows.connect(selection: .refused(owner: WindowID(0x400001), selection: "_SYMPOSIUM_REGISTRAR_S0"))
        let error = await #expect(throws: RegistrarError.self) {
            _ = try await prepare(records: Recorder(), windows: windows, claimsSelection: true)
        }
        #expect(error?.code == .displayServed)
    }
}
