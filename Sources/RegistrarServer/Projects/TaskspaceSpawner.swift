import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol

/// A new taskspace made as Symposium's app makes it (PROTOCOL.md 8.7): `task-<UUID>` with the
/// UUID upper-case, a git worktree of the project's bare repository on `taskspace-<UUID>` from
/// the base branch the app would choose, `taskspace.json` in Hatchling with the prompt wrapped
/// as the app wraps it, the taskspace added to `project.json`. Every git step through the real
/// `git`; whatever fails, what was made is removed again, and `project.json` is written last.
struct TaskspaceSpawner: Sendable {
    let project: String
    let request: SpawnTaskspaceRequest
    let id = UUID().uuidString

    struct Spawned: Sendable {
        let id: TaskspaceID
        let directory: String
        let worktree: String
        let branch: String
        let baseBranch: String
        let gitTime: Duration
        let name: String
        let description: String
    }

    func run() async -> Result<Spawned, RegistrarError> {
        var projectFile: ProjectFile
        do throws(RegistrarError) {
            projectFile = try ProjectFile.read(project: project)
        } catch {
            return .failure(error)
        }
        let clock = ContinuousClock()
        let started = clock.now
        let remote = projectFile.remote
        guard let base = await Self.baseBranch(of: project, projectFile) else {
            return .failure(RegistrarError(.refused, "cannot tell the base branch of \(project): no defaultBranch in project.json, "
                + "no \(remote)/HEAD, no \(remote)/main, master or develop"))
        }
        let directory = project + "/task-\(id)"
        let worktree = directory + "/" + Self.repositoryName(projectFile.members["gitURL"]?.stringValue)
        let branch = "taskspace-\(id)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        } catch {
            return .failure(RegistrarError(.file, "cannot make \(directory): \(error)"))
        }
        let added = await Git.run(["worktree", "add", worktree, "-b", branch, base], in: project)
        let gitTime = clock.now - started
        guard added.succeeded else {
            await undo(directory: directory, worktree: worktree, branch: branch, worktreeMade: false)
            return .failure(RegistrarError(.refused, "git worktree add failed: \(added.problem)"))
        }
        let now = Date().ISO8601Format()
        var entry: [String: JSONValue] = [
            "id": .string(id), "name": .string(request.name), "description": .string(request.taskDescription),
            "state": ["hatchling": ["initialPrompt": .string(Self.wrap(request.initialPrompt, project: projectName(projectFile)))]],
            "logs": [], "createdAt": .string(now), "lastActivatedAt": .string(now),
        ]
        if let collaborator = request.collaborator { entry["collaborator"] = .string(collaborator) }
        do throws(RegistrarError) {
            var file = try TaskspaceFile.read(in: directory, id: TaskspaceID(id)!)
            file.members = entry
            try file.write()
            projectFile.append(entry)
            try projectFile.write()
        } catch {
            await undo(directory: directory, worktree: worktree, branch: branch, worktreeMade: true)
            return .failure(error)
        }
        return .success(Spawned(id: TaskspaceID(id)!, directory: directory, worktree: worktree, branch: branch, baseBranch: base,
                                gitTime: gitTime, name: request.name, description: request.taskDescription))
    }

    /// `project.json`'s `defaultBranch`; else the remote's HEAD; else the first of the remote's
    /// main, master, develop, else its first branch (the app's order); else the bare
    /// repository's own HEAD (a project whose repository was never fetched, which the app
    /// refuses).
    static func baseBranch(of project: String, _ file: ProjectFile) async -> String? {
        let remote = file.remote
        if let configured = file.members["defaultBranch"]?.stringValue, !configured.isEmpty { return configured }
        let head = await Git.run(["symbolic-ref", "refs/remotes/\(remote)/HEAD"], in: project)
        let prefix = "refs/remotes/\(remote)/"
        let headName = head.output.trimmingWhitespace()
        if head.succeeded, headName.hasPrefix(prefix) { return String(headName.dropFirst(prefix.count)) }
        let branches = await Git.run(["branch", "-r"], in: project)
        if branches.succeeded {
            let names = branches.output.split(separator: "\n").map { String(String($0).trimmingWhitespace()) }
                .filter { !$0.contains("->") }
            for common in ["main", "master", "develop"] where names.contains("\(remote)/\(common)") { return common }
            if let first = names.first(where: { $0.hasPrefix("\(remote)/") }) { return String(first.dropFirst(remote.count + 1)) }
        }
        let own = await Git.run(["symbolic-ref", "--short", "HEAD"], in: project)
        let ownName = String(own.output.trimmingWhitespace())
        return own.succeeded && !ownName.isEmpty ? ownName : nil
    }

    private func projectName(_ file: ProjectFile) -> String {
        file.members["name"]?.stringValue ?? String(project.lastPathComponent.dropSuffix(".symposium"))
    }

    /// Removes what a failed spawn made: the worktree and its branch, then the directory.
    private func undo(directory: String, worktree: String, branch: String, worktreeMade: Bool) async {
        if worktreeMade {
            _ = await Git.run(["worktree", "remove", "--force", worktree], in: project)
            _ = await Git.run(["branch", "-D", branch], in: project)
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The repository's directory name as the app derives it: the URL's last component
    /// without `.git`.
    static func repositoryName(_ gitURL: String?) -> String {
        guard let gitURL else { return "repo" }
        let last = gitURL.split(separator: "/").last.map { String($0.dropSuffix(".git")) } ?? ""
        return last.isEmpty ? "repo" : last
    }

    /// The prompt as the app wraps it (`generateInitialPrompt`).
    static func wrap(_ description: String, project: String) -> String {
        "Hi, welcome! You are a new agent just getting started as part of the project \(project). "
            + "This is a taskspace, a separate copy of the project's files where you can work undisturbed. "
            + "The user's description of the task to be done follows after this message. "
            + "Can you start by reading the description and using the 'update_taskspace' tool to provide a better "
            + "name/description for the taskspace? "
            + "Before doing any work on the task, be sure to ask the user clarifying questions to better understand their intent."
            + "\n\nUser's task description:\n" + description
    }
}

extension StringProtocol {
    /// Without `suffix` at its end, when it has it.
    func dropSuffix(_ suffix: String) -> SubSequence { hasSuffix(suffix) ? dropLast(suffix.count) : self[...] }
}

extension ProjectFile {
    /// The remote the app fetches from (`remoteName`, `origin` unless told).
    var remote: String { members["remoteName"]?.stringValue ?? "origin" }

    /// Lists a new taskspace (its file's content embedded, as the app keeps it).
    mutating func append(_ taskspace: [String: JSONValue]) {
        var listed = members["taskspaces"]?.arrayValue ?? []
        listed.append(.object(taskspace))
        members["taskspaces"] = .array(listed)
    }
}
