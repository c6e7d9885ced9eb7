import Foundation
import InProcessSupport
import Logging
import Registrar
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

    private func prepare(records: any InstanceRecordWriter) async throws -> (RegistrarDaemon<ContinuousClock>, String) {
        let directory = NSTemporaryDirectory() + "registrar-service-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = DaemonConfiguration(display: ":test", socketPath: directory + "/r.sock", stateFile: "memory")
        configuration.claimsSelection = false
        let environment = DaemonEnvironment(
            windows: ScriptedWindowSource(), activator: RecordingActivator(), clock: ContinuousClock(),
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
}
