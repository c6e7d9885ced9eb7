import ArgumentParser
import Registrar
import RegistrarServer

/// How client commands reach the daemon, and the one line they print when there is none.
enum DaemonLink {
    static func connect(_ path: String) async throws -> RegistrarClient {
        do {
            return try await RegistrarClient.connect(to: path)
        } catch {
            throw RegistrarExit.fail("\(error); start one with `symposium-registrar daemon`", code: RegistrarExit.noDaemon)
        }
    }

    /// Sends one request and answers the reply's payload; a failed reply becomes an exit.
    static func request(_ client: RegistrarClient, _ type: String, payload: JSONValue = [:]) async throws -> JSONValue {
        let reply: JSONValue
        do {
            reply = try await client.request(type, payload: payload)
        } catch {
            throw RegistrarExit.fail("\(error)")
        }
        guard reply["success"]?.boolValue == true else {
            throw RegistrarExit.fail(reply["error"]?.stringValue ?? "the daemon refused \(type)")
        }
        return reply
    }
}
