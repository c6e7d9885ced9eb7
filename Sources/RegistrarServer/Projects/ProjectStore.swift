import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol

/// Symposium projects on disk (`<Name>.symposium/` with `project.json` and `task-<UUID>/`
/// directories): where the daemon learns taskspaces at start-up and from an editor's
/// directory. Files are read with the socket's limits (`BoundedFile`): a few MiB, texts of
/// 4 KiB, at most as many taskspaces as the daemon may learn.
public enum ProjectStore {
    /// What one project holds, as far as the limits let it be read.
    public struct Loaded: Sendable {
        public let root: String
        public let taskspaces: [Taskspace]
        /// `project.json`'s `agent` (`qcli`, `claude`), if any.
        public let agent: String?
        /// Taskspaces left unread for the limit.
        public let unread: Int
        /// Files that could not be read, with why (the taskspace is still learned from its directory).
        public let problems: [(path: String, error: String)]
        /// What each `taskspace.json` read says for views (started or not, the newest log).
        public var summaries: [TaskspaceID: TaskspaceSummary] = [:]
        /// `stackedWindowsEnabled`, and the file's stamp when it was read.
        var stacked = false
        var stamp: FileStamp?
    }

    /// Every taskspace of the project in `directory`, at most `limit`: each `task-<UUID>`
    /// directory (the UUID spelled as the directory spells it), plus entries of
    /// `project.json`'s `taskspaces` array that have no directory. A project without either is
    /// an error: the path is probably wrong.
    public static func load(project directory: String, limit: Int = .max) throws(RegistrarError) -> Loaded {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        let projectFile = root + "/project.json"
        let stamp = FileStamp.of(projectFile)
        let listing = try ProjectListing.read(projectFile)
        let listed = listing?.taskspaces(root: root) ?? [:]
        var found: [TaskspaceID: Taskspace] = [:]
        var problems: [(path: String, error: String)] = []
        var unread = 0
        var summaries: [TaskspaceID: TaskspaceSummary] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for entry in entries.sorted() where entry.hasPrefix("task-") {
            let path = root + "/" + entry
            // A real directory only: a link could point anywhere, the project's root included.
            guard let id = TaskspaceID(String(entry.dropFirst("task-".count))), FileKind.isRealDirectory(path) else { continue }
            guard found.count < limit else {
                unread += 1
                continue
            }
            AtomicFile.removeLeftovers(of: path + "/taskspace.json")
            var file: [String: JSONValue]?
            do {
                file = try BoundedFile.readObject(path + "/taskspace.json")
            } catch {
                problems.append((path + "/taskspace.json", error.message))
            }
            if let file { summaries[id] = TaskspaceFile(path: path + "/taskspace.json", members: file).summary }
            found[id] = Taskspace(
                id: id, name: BoundedFile.heldToLimit(file?["name"]?.stringValue ?? listed[id]?.name),
                description: BoundedFile.heldToLimit(file?["description"]?.stringValue ?? listed[id]?.description),
                projectPath: root, directory: path)
        }
        for (id, taskspace) in listed.sorted(by: { $0.key.key < $1.key.key }) where found[id] == nil {
            guard found.count < limit else {
                unread += 1
                continue
            }
            found[id] = taskspace
        }
        guard listing != nil || !found.isEmpty || unread > 0 else {
            throw RegistrarError(.startup, "\(root) is not a Symposium project: no project.json and no task-<UUID> directories")
        }
        var loaded = Loaded(root: root, taskspaces: found.values.sorted { $0.id.key < $1.id.key }, agent: listing?.agent,
                            unread: unread, problems: problems)
        loaded.summaries = summaries
        loaded.stacked = listing?.stackedWindowsEnabled ?? false
        loaded.stamp = stamp
        return loaded
    }
}

/// What the registrar reads of `project.json`: its `agent` and the `taskspaces` it lists
/// (`id`, `name`, `description`). Read through a type naming only those, so the rest of the
/// file is scanned and never built; a field of another type reads as absent.
struct ProjectListing: Decodable {
    struct Entry: Decodable {
        let id: String?
        let name: String?
        let description: String?

        private enum CodingKeys: String, CodingKey { case id, name, description }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try? container.decodeIfPresent(String.self, forKey: .id)
            name = try? container.decodeIfPresent(String.self, forKey: .name)
            description = try? container.decodeIfPresent(String.self, forKey: .description)
        }
    }

    let agent: String?
    let entries: [Entry]
    /// Symposium's stacked windows switch for the project.
    let stackedWindowsEnabled: Bool

    private enum CodingKeys: String, CodingKey { case agent, taskspaces, stackedWindowsEnabled }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        agent = try? container.decodeIfPresent(String.self, forKey: .agent)
        entries = (try? container.decodeIfPresent([Entry].self, forKey: .taskspaces)) ?? []
        stackedWindowsEnabled = (try? container.decodeIfPresent(Bool.self, forKey: .stackedWindowsEnabled)) ?? false
    }

    /// The file at `path`; nil when there is none.
    static func read(_ path: String) throws(RegistrarError) -> ProjectListing? {
        guard case .data(let data) = try BoundedFile.read(path) else { return nil }
        let depth = JSONDepth.of(data)
        guard depth <= IncomingLine.maximumDepth else {
            throw RegistrarError(.startup, "refusing \(path): JSON nested \(depth) levels deep (at most \(IncomingLine.maximumDepth))")
        }
        do {
            return try JSONDecoder().decode(ProjectListing.self, from: data)
        } catch {
            throw RegistrarError(.startup, "\(path) is not valid JSON")
        }
    }

    func taskspaces(root: String) -> [TaskspaceID: Taskspace] {
        var listed: [TaskspaceID: Taskspace] = [:]
        for entry in entries {
            guard let id = entry.id.flatMap(TaskspaceID.init) else { continue }
            listed[id] = Taskspace(id: id, name: BoundedFile.heldToLimit(entry.name),
                                   description: BoundedFile.heldToLimit(entry.description), projectPath: root)
        }
        return listed
    }
}
