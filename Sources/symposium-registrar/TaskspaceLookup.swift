import Registrar
import RegistrarProtocol
import RegistrarClient

/// A taskspace named on the command line by UUID (any case) or by its name, as the daemon's
/// `status` knows it: the daemon is asked for that taskspace alone, never for all of them.
struct TaskspaceLookup: Sendable {
    let entry: StatusData.TaskspaceEntry

    var uuid: String { entry.uuid }
    var windows: [String] { entry.windows }
    /// The `task-<UUID>` directory, when the taskspace came from a project on disk.
    var directory: String? { entry.directory }

    static func find(_ text: String, in client: RegistrarClient) async throws(RegistrarError) -> TaskspaceLookup {
        let matches = try await DaemonLink.status(client, StatusRequest(taskspace: text, limit: 10)).taskspaces
        guard let entry = matches.first else {
            throw RegistrarError(.unknownTaskspace, "unknown taskspace \(text): no taskspace has that UUID or name")
        }
        guard matches.count == 1 else {
            throw RegistrarError(.failure, "\(text) names \(matches.count) or more taskspaces "
                + "(\(matches.map(\.uuid).joined(separator: ", "))); give a UUID")
        }
        return TaskspaceLookup(entry: entry)
    }

    var label: String { entry.name.map { "\(uuid) (\"\($0)\")" } ?? uuid }
}
