import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol

/// A taskspace's `task-<UUID>/taskspace.json` as Symposium's app writes it (`id`, `name`,
/// `description`, `state` as `{"hatchling":{"initialPrompt":…}}` or `{"resume":{}}`,
/// `collaborator`, logs and times). Read and written whole, every field the registrar does not
/// know kept as it was (integers stay integers), through `AtomicFile`.
public struct TaskspaceFile: Sendable {
    public let path: String
    public internal(set) var members: [String: JSONValue]

    /// The file in `directory`; a fresh one naming `id` when the directory has none. A file
    /// that exists but cannot be read whole is an error.
    public static func read(in directory: String, id: TaskspaceID) throws(RegistrarError) -> TaskspaceFile {
        let path = directory + "/taskspace.json"
        guard FileKind.isRealDirectory(directory) else {
            throw RegistrarError(.file, "refusing \(directory): it is not a directory of its own (a link, or gone); left unchanged")
        }
        // Only a file that does not exist is started afresh: one that cannot be read, is too
        // large or is not JSON is left as it is, never written over.
        let members: [String: JSONValue]?
        do {
            members = try BoundedFile.readObject(path)
        } catch {
            throw RegistrarError(.file, "\(error.message); left unchanged")
        }
        return TaskspaceFile(path: path, members: members ?? ["id": .string(id.spelling)])
    }

    public var name: String? { members["name"]?.stringValue }
    public var description: String? { members["description"]?.stringValue }
    public var collaborator: String? { members["collaborator"]?.stringValue }

    /// The prompt of a taskspace that has not started yet (hatchling); nil once it resumed.
    public var initialPrompt: String? { members["state"]?["hatchling"]?["initialPrompt"]?.stringValue }

    public var isHatchling: Bool { members["state"]?["hatchling"] != nil }

    /// Sets what is given. An update of any field also moves a hatchling to resume, as
    /// Symposium's app does: the agent has started, its first prompt is spent.
    public mutating func update(name: String?, description: String?, collaborator: String? = nil) {
        if let name { members["name"] = .string(name) }
        if let description { members["description"] = .string(description) }
        if let collaborator { members["collaborator"] = .string(collaborator) }
        if isHatchling, name != nil || description != nil || collaborator != nil {
            members["state"] = ["resume": [:]]
        }
    }

    public func write() throws(RegistrarError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONValue.object(members)) else {
            throw RegistrarError(.file, "cannot encode \(path)")
        }
        try AtomicFile.write(data, to: path, mode: 0o644)
    }
}
