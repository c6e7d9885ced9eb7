import Foundation
import Glibc
import Registrar
import RegistrarClient
import RegistrarServer
import Subprocess
import Testing
import X11TestSupport

/// Who may reach the daemon, and how much of it one client may take.
@Suite(.timeLimit(.minutes(5))) struct AccessTests {
    /// Connects to `socket` as the user `nobody`, sends a request and prints what it got:
    /// `connect-failed <errno name>`, or `read <n> bytes`.
    static func probeAsNobody(_ socket: String) async throws -> String {
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(sys.argv[1])
            except OSError as e:
                print("connect-failed", e.strerror); sys.exit(0)
            try:
                s.sendall(b'{"type":"registrar_status","id":"n","payload":{}}\\n')
            except OSError:
                pass
            s.settimeout(5)
            data = b""
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk: break
                    data += chunk
            except OSError:
                pass
            print("read", len(data), "bytes")
            """
        let result = try await Subprocess.run(
            .path("/usr/bin/setpriv"),
            arguments: ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script, socket],
            output: .string(limit: 1 << 16), error: .string(limit: 1 << 16))
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) + result.standardError
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run a client as nobody"))
    func anotherUserIsKeptOutByTheFileModesAndByPeerCredentials() async throws {
        try await withXServer { server in
            try await withDaemon(on: server) { daemon in
                var info = stat()
                #expect(stat(daemon.socket, &info) == 0)
                #expect(info.st_mode & 0o777 == 0o600, "the socket is 0600")
                #expect(try await Self.probeAsNobody(daemon.socket) == "connect-failed Permission denied")

                // Even with the socket opened up by mistake, the daemon itself refuses the peer.
                chmod(daemon.directory, 0o755)
                chmod(daemon.socket, 0o666)
                #expect(try await Self.probeAsNobody(daemon.socket) == "read 0 bytes")
                let status = try await RegistrationTests.status(daemon)
                #expect(status["clients"]?.arrayValue?.count == 1, "only the status client itself")
            }
        }
    }

    @Test(.enabled(if: getuid() == 0, "needs root to give a directory to another user"))
    func socketDirectoriesOthersControlAreRefused() async throws {
        try await withXServer { server in
            let base = DaemonProcess.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: base) }
            let foreign = base + "/foreign"
            mkdir(foreign, 0o700)
            chown(foreign, 65534, 65534)
            let refused = try await RegistrarCommand.run(["daemon", "--socket", foreign + "/r.sock", "--state-file", base + "/s.json"],
                                                         display: server.display)
            #expect(refused.exitCode == 1)
            #expect(refused.standardError.contains("refusing \(foreign): it belongs to uid 65534"))

            let open = base + "/open"
            mkdir(open, 0o777)
            chmod(open, 0o777)
            let writable = try await RegistrarCommand.run(["daemon", "--socket", open + "/r.sock", "--state-file", base + "/s.json"],
                                                          display: server.display)
            #expect(writable.exitCode == 1)
            #expect(writable.standardError.contains("refusing \(open): others may write into it (mode 777)"))
        }
    }

    @Test func theConnectionLimitTurnsTheNextClientAwayWithAReason() async throws {
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--max-connections", "3"]) { daemon in
                var clients: [RegistrarClient] = []
                for _ in 0 ..< 3 { clients.append(try await daemon.connect()) }
                #expect(await eventually { (try? await clients[0].request("registrar_status"))?["data"]?["clients"]?.arrayValue?.count == 3 })
                let extra = try RawSocket(path: daemon.socket)
                defer { extra.close() }
                let refusal = try JSONLine.decode(try #require(await extra.readLine(timeout: 5)))
                #expect(refusal["payload"]?["error"] == "too many connections (limit 3); try again later")
                #expect(await extra.readLine(timeout: 5) == nil)
                await clients[2].close()
                #expect(await eventually { (try? await clients[0].request("registrar_status"))?["data"]?["clients"]?.arrayValue?.count == 2 })
                let later = try await daemon.connect()
                #expect(try await later.request("registrar_status")["success"] == true, "room again once a client left")
            }
        }
    }

    @Test func waitingRegistrationsPerConnectionAreCapped() async throws {
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--max-pending", "2", "--registration-timeout", "30"]) { daemon in
                let client = try await daemon.connect()
                let taskspace = "0f0e0d0c-0b0a-4909-8807-060504030201"
                for index in 0 ..< 2 {
                    client.send(Envelope(type: "update_taskspace", id: "w\(index)", payload: [
                        "taskspace_uuid": .string(taskspace), "window_uuid": .string(UUID().uuidString),
                    ]))
                }
                let third = try await client.request("update_taskspace", payload: [
                    "taskspace_uuid": .string(taskspace), "window_uuid": .string(UUID().uuidString),
                ])
                #expect(third["success"] == false)
                #expect(third["error"] == "too many registrations waiting on this connection (limit 2)")
                let other = try await daemon.connect()
                let reply = try await other.request("update_taskspace", payload: ["taskspace_uuid": .string(taskspace)])
                #expect(reply["success"] == true, "other connections are not affected")
            }
        }
    }

    /// The limit is counted when a connection is accepted: a burst of ten against a limit of two
    /// leaves exactly two served.
    @Test func theConnectionLimitHoldsExactlyUnderABurst() async throws {
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--max-connections", "2"]) { daemon in
                let burst = try (0 ..< 10).map { _ in try RawSocket(path: daemon.socket) }
                defer { burst.forEach { $0.close() } }
                var refused = 0
                for socket in burst where await socket.readLine(timeout: 2)?.contains("too many connections (limit 2)") == true {
                    refused += 1
                }
                #expect(refused == 8)
            }
        }
    }

    /// Connections that hold the table and say nothing make room, once idle long enough, for a
    /// client that wants to talk.
    @Test func anIdleConnectionMakesRoomWhenTheTableIsFull() async throws {
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--max-connections", "3", "--idle-timeout", "0.5"]) { daemon in
                let idle = try (0 ..< 3).map { _ in try RawSocket(path: daemon.socket) }
                defer { idle.forEach { $0.close() } }
                try await Task.sleep(for: .seconds(1))
                let talker = try await daemon.connect()
                #expect(try await talker.request("registrar_status")["success"] == true)
                let closed = await RawSocket.closedByPeer(idle, within: 2)
                #expect(closed == 1, "one idle connection made room")
            }
        }
    }

    /// Empty lines every 100 ms are keep-alives, not activity: connections that send only them
    /// are idle and make room for a client of the same process that wants to talk.
    @Test func keepAlivesDoNotHoldTheTable() async throws {
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--max-connections", "3", "--idle-timeout", "0.5"]) { daemon in
                let keepers = try (0 ..< 3).map { _ in try RawSocket(path: daemon.socket) }
                defer { keepers.forEach { $0.close() } }
                for _ in 0 ..< 10 {
                    for keeper in keepers { try keeper.write(Data("\n".utf8)) }
                    try await Task.sleep(for: .milliseconds(100))
                }
                let talker = try RawSocket(path: daemon.socket)
                defer { talker.close() }
                try talker.write(Data((Envelope(type: "registrar_status", id: "t", payload: [:]).encodedLine() + "\n").utf8))
                let reply = try JSONLine.decode(try #require(await talker.readLine(timeout: 10)))
                #expect(reply["id"] == "t")
                #expect(reply["payload"]?["success"] == true)
                #expect(await RawSocket.closedByPeer(keepers, within: 5) == 1, "one keep-alive connection made room")
            }
        }
    }

    /// One process holding every connection, all of them active, cannot keep another process
    /// out: the holder gives one up.
    @Test func aNewcomerFromAnotherProcessAlwaysGetsASlot() async throws {
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--max-connections", "3", "--idle-timeout", "60"]) { daemon in
                let holders = try (0 ..< 3).map { _ in try RawSocket(path: daemon.socket) }
                defer { holders.forEach { $0.close() } }
                for (index, holder) in holders.enumerated() {
                    try holder.write(Data((Envelope(type: "registrar_status", id: "h\(index)", payload: [:]).encodedLine() + "\n").utf8))
                    #expect(await holder.readLine(timeout: 10)?.contains("\"h\(index)\"") == true)
                }
                let status = try await RegistrarCommand.run(["status", "--socket", daemon.socket], display: server.display)
                #expect(status.exitCode == 0, "\(status.standardError)")
                #expect(await RawSocket.closedByPeer(holders, within: 5) == 1, "the holding process gave one up")
            }
        }
    }

    @Test func oneProcessHoldsAtMostItsShareOfConnections() async throws {
        try await withXServer { server in
            try await withDaemon(on: server, arguments: ["--max-connections-per-process", "2"]) { daemon in
                let first = try (0 ..< 2).map { _ in try RawSocket(path: daemon.socket) }
                defer { first.forEach { $0.close() } }
                let third = try RawSocket(path: daemon.socket)
                defer { third.close() }
                let refusal = try JSONLine.decode(try #require(await third.readLine(timeout: 10)))
                #expect(refusal["payload"]?["error"] == .string(
                    "too many connections from one process (pid \(getpid()), limit 2 each); close some first"))
                let status = try await RegistrarCommand.run(["status", "--socket", daemon.socket], display: server.display)
                #expect(status.exitCode == 0, "another process still gets in")
            }
        }
    }
}
