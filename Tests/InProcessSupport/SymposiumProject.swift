import Foundation
import Registrar

/// A Symposium project directory as the Symposium app lays it out: `project.json` listing the
/// taskspaces, and a `task-<UUID>/taskspace.json` for each, UUIDs in upper case.
public struct SymposiumProject: Sendable {
    public let path: String

    /// `agent` goes into `project.json` when given; `hatchling` taskspaces have not started yet
    /// and carry an initial prompt.
    public static func make(
        taskspaces: [String], name: String = "demo", agent: String? = nil, hatchling: Set<String> = []
    ) throws -> SymposiumProject {
        let path = "/tmp/registrar-test-\(UUID().uuidString.prefix(8).lowercased())/\(name).symposium"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var listed: [JSONValue] = []
        for (index, uuid) in taskspaces.enumerated() {
            let state: JSONValue = hatchling.contains(uuid) ? ["hatchling": ["initialPrompt": "Fix the parser"]] : ["resume": [:]]
            let entry: JSONValue = [
                "id": .string(uuid), "name": .string("taskspace \(index)"), "description": "from the project",
                "state": state, "logs": [], "createdAt": "2026-11-01T10:00:00Z", "vscodeWindowID": 42,
            ]
            listed.append(entry)
            let directory = path + "/task-\(uuid)"
            try FileManager.default.createDirectory(atPath: directory + "/repo", withIntermediateDirectories: true)
            try Data(JSONLine.encode(entry).utf8).write(to: URL(fileURLWithPath: directory + "/taskspace.json"))
        }
        var project: JSONValue = [
            "version": 1, "id": "00000000-0000-4000-8000-000000000001", "name": .string(name),
            "gitURL": "https://example.invalid/repo.git", "directoryPath": .string(path), "taskspaces": .array(listed),
            "createdAt": "2026-11-01T10:00:00Z",
        ]
        if let agent, case .object(var members) = project {
            members["agent"] = .string(agent)
            project = .object(members)
        }
        try Data(JSONLine.encode(project).utf8).write(to: URL(fileURLWithPath: path + "/project.json"))
        return SymposiumProject(path: path)
    }

    public func taskspaceFile(_ uuid: String) throws -> JSONValue {
        let data = try Data(contentsOf: URL(fileURLWithPath: path + "/task-\(uuid)/taskspace.json"))
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
}
