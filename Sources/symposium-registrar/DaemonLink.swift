import Registrar
import RegistrarProtocol
import RegistrarClient

/// How client commands reach the daemon: connect (saying how to start one when none runs) and
/// exchange typed requests.
enum DaemonLink {
    /// Connects; when no daemon serves and `starter` is given, starts one and connects to it.
    static func connect(_ path: String, starter: DaemonStarter? = nil) async throws(RegistrarError) -> RegistrarClient {
        do {
            return try await RegistrarClient.connect(to: path)
        } catch where error.code == .noDaemon && starter != nil {
            return try await starter!.start(socket: path)
        } catch {
            throw RegistrarError(error.code, "\(error.message); start one with `symposium-registrar daemon`")
        }
    }

    /// Connects (starting the daemon with `starter` when none serves), runs `body` with the
    /// connection, and closes it however `body` ends.
    static func withClient<T: Sendable>(
        _ path: String, starter: DaemonStarter? = nil, _ body: (RegistrarClient) async throws(RegistrarError) -> T
    ) async throws(RegistrarError) -> T {
        let client = try await connect(path, starter: starter)
        let result: Result<T, RegistrarError>
        do {
            result = .success(try await body(client))
        } catch {
            result = .failure(error)
        }
        await client.close()
        return try result.get()
    }

    /// Sends one request and answers the data of its reply; a refusal is thrown.
    static func request<Payload: Codable & Sendable, Data: Codable & Sendable>(
        _ client: RegistrarClient, _ type: String, _ payload: Payload, answer: Data.Type, timeout: Duration = .seconds(10)
    ) async throws(RegistrarError) -> Data {
        try await client.call(type, payload, answer: Reply<Data>.self, timeout: timeout).unwrap(type)
    }

    /// The daemon's status with one page of taskspaces (or those `query` selects).
    static func status(_ client: RegistrarClient, _ query: StatusRequest = StatusRequest()) async throws(RegistrarError) -> StatusData {
        try await request(client, "registrar_status", query, answer: StatusData.self)
    }

    /// The daemon's status with every taskspace, read a page at a time: no reply grows with
    /// the number of taskspaces.
    static func fullStatus(_ client: RegistrarClient) async throws(RegistrarError) -> StatusData {
        let page = 1000
        var status = try await self.status(client, StatusRequest(offset: 0, limit: page))
        while status.taskspaces.count < (status.taskspaceCount ?? 0) {
            let next = try await self.status(client, StatusRequest(offset: status.taskspaces.count, limit: page))
            guard !next.taskspaces.isEmpty else { break }
            status.taskspaces += next.taskspaces
        }
        status.taskspacesOffset = 0
        return status
    }
}
