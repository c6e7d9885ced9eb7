import Registrar
import RegistrarProtocol

/// One change of a taskspace's name or description written into its `taskspace.json`: only
/// the fields the request set, applied to the file as it is then (read, modify, write on the one
/// file queue), every other field kept. So two requests in a row both land, whatever the order
/// their follow-ups run in. Run again by `FileRetrier` while it fails, merged with any later
/// change that failed too.
public struct TaskspaceFileWrite: Sendable, Equatable {
    let directory: String
    let id: TaskspaceID
    var name: String?
    var description: String?
    /// The order the core made its changes in: of two, the later one's fields win.
    var sequence: UInt64

    /// The two changes as one, the later one's fields over the earlier one's.
    func merged(with other: TaskspaceFileWrite) -> TaskspaceFileWrite {
        let (earlier, later) = sequence <= other.sequence ? (self, other) : (other, self)
        var merged = later
        merged.name = later.name ?? earlier.name
        merged.description = later.description ?? earlier.description
        return merged
    }

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
