import Registrar
import RegistrarServer

/// A taskspace named on the command line by UUID (any case) or by its name, as the daemon's
/// `status` knows it.
struct TaskspaceLookup {
    let uuid: String
    let name: String?
    let windows: [String]
    /// The `task-<UUID>` directory, when the taskspace came from a project on disk.
    let directory: String?

    static func find(_ text: String, in client: RegistrarClient) async throws -> TaskspaceLookup {
        let status = try await DaemonLink.request(client, "registrar_status")
        let all = status["data"]?["taskspaces"]?.arrayValue ?? []
        let wanted = TaskspaceID(text)
        let matches = all.filter { entry in
            if let wanted, let uuid = entry["uuid"]?.stringValue, TaskspaceID(uuid) == wanted { return true }
            return entry["name"]?.stringValue == text
        }
        guard !matches.isEmpty else {
            throw RegistrarExit.fail("unknown taskspace \(text): no taskspace has that UUID or name", code: RegistrarExit.unknownTaskspace)
        }
        guard matches.count == 1, let entry = matches.first, let uuid = entry["uuid"]?.stringValue else {
            let uuids = matches.compactMap { $0["uuid"]?.stringValue }
            throw RegistrarExit.fail("\(text) names \(matches.count) taskspaces (\(uuids.joined(separator: ", "))); give a UUID")
        }
        return TaskspaceLookup(
            uuid: uuid, name: entry["name"]?.stringValue,
            windows: (entry["windows"]?.arrayValue ?? []).compactMap(\.stringValue),
            directory: entry["directory"]?.stringValue)
    }

    var label: String { name.map { "\(uuid) (\"\($0)\")" } ?? uuid }
}
