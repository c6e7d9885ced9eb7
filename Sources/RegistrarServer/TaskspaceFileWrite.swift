import Registrar
import RegistrarProtocol

/// One write of a taskspace's name and description into its `taskspace.json`, every other field
/// kept; run on the file queue, and again by `FileRetrier` while it fails.
public struct TaskspaceFileWrite: Sendable {
    let directory: String
    let id: TaskspaceID
    let name: String?
    let description: String?

    var path: String { directory + "/taskspace.json" }

    /// Nil when written.
    @Sendable func perform() -> RegistrarError? {
        do throws(RegistrarError) {
            var file = try TaskspaceFile.read(in: directory, id: id)
            file.update(name: name, description: description)
            try file.write()
            return nil
        } catch {
            return error
        }
    }
}
