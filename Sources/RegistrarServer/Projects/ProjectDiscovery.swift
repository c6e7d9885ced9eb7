import FoundationEssentials
import Glibc
import Registrar

/// Finds the Symposium project a message comes from, so the daemon needs no `--project` for
/// Symposium's extension: its messages carry the editor's workspace folder as
/// `sender.workingDirectory` (`…/<Name>.symposium/task-<UUID>/<repo>`). Only a `task-<UUID>`
/// directory of the very taskspace the message names counts, with its `taskspace.json` and a
/// `project.json` beside it.
enum ProjectDiscovery {
    /// The project directory holding taskspace `id`, found from `workingDirectory`; nil when
    /// the path shows no such project.
    static func projectRoot(of id: TaskspaceID, workingDirectory: String) -> String? {
        guard workingDirectory.hasPrefix("/") else { return nil }
        var components = workingDirectory.split(separator: "/").map(String.init)
        while let last = components.last {
            if last.hasPrefix("task-"), TaskspaceID(String(last.dropFirst("task-".count))) == id {
                let taskspace = "/" + components.joined(separator: "/")
                let root = "/" + components.dropLast().joined(separator: "/")
                let files = FileManager.default
                guard files.fileExists(atPath: taskspace + "/taskspace.json"), files.fileExists(atPath: root + "/project.json")
                else { return nil }
                return root
            }
            components.removeLast()
        }
        return nil
    }
}
