import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol

/// Symposium projects on disk (`<Name>.symposium/` with `project.json` and `task-<UUID>/`
/// directories): where the daemon learns taskspaces at start-up, and where it writes a
/// taskspace's new name and description back, keeping every other field of its file.
public enum ProjectStore {
    /// Every taskspace of the project in `directory`: each `task-<UUID>` directory (the UUID
    /// spelled as the directory spells it), plus entries of `project.json`'s `taskspaces` array
    /// that have no directory. A project without either is an error: the path is probably wrong.
    public static func load(project directory: String) throws(RegistrarError) -> [Taskspace] {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        let projectFile = root + "/project.json"
        let listed = try listedTaskspaces(in: projectFile)
        var found: [TaskspaceID: Taskspace] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for entry in entries.sorted() where entry.hasPrefix("task-") {
            let path = root + "/" + entry
            guard let id = TaskspaceID(String(entry.dropFirst("task-".count))), isDirectory(path) else { continue }
            let file = readObject(path + "/taskspace.json")
            found[id] = Taskspace(
                id: id, name: file?["name"]?.stringValue ?? listed[id]?.name,
                description: file?["description"]?.stringValue ?? listed[id]?.description,
                projectPath: root, directory: path)
        }
        for (id, taskspace) in listed where found[id] == nil {
            found[id] = taskspace
        }
        guard FileManager.default.fileExists(atPath: projectFile) || !found.isEmpty else {
            throw RegistrarError(.startup, "\(root) is not a Symposium project: no project.json and no task-<UUID> directories")
        }
        return found.values.sorted { $0.id.key < $1.id.key }
    }

    /// The `agent` a project's `project.json` names (`qcli`, `claude`), if any.
    public static func agent(ofProject directory: String) -> String? {
        readObject(directory + "/project.json")?["agent"]?.stringValue
    }

    private static func listedTaskspaces(in projectFile: String) throws(RegistrarError) -> [TaskspaceID: Taskspace] {
        guard FileManager.default.fileExists(atPath: projectFile) else { return [:] }
        guard let project = readObject(projectFile) else {
            throw RegistrarError(.startup, "\(projectFile) is not valid JSON")
        }
        let root = projectFile.parentDirectory
        var listed: [TaskspaceID: Taskspace] = [:]
        for entry in project["taskspaces"]?.arrayValue ?? [] {
            guard let id = (entry["id"]?.stringValue).flatMap(TaskspaceID.init) else { continue }
            listed[id] = Taskspace(id: id, name: entry["name"]?.stringValue,
                                   description: entry["description"]?.stringValue, projectPath: root)
        }
        return listed
    }

    private static func readObject(_ path: String) -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: path),
              let value = try? JSONDecoder().decode(JSONValue.self, from: data), value.objectValue != nil
        else { return nil }
        return value
    }

    private static func isDirectory(_ path: String) -> Bool { FileKind.isDirectory(path) }
}
