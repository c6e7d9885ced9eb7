import FoundationEssentials
import Registrar
import RegistrarProtocol

/// A taskspace deleted as Symposium's app deletes it (PROTOCOL.md 8.8): the facts its dialog
/// shows (commits on the branch its base lacks, uncommitted changes), then `git worktree remove
/// --force` (the directory removed outright if that fails), the branch only when asked, the
/// task directory, and its entry in `project.json`. Run off the actor; windows are closed first
/// by the core.
struct TaskspaceRemoval: Sendable {
    let project: String
    let id: TaskspaceID
    let directory: String
    let name: String?

    /// The worktree: the task directory's one repository (`task-<UUID>/<repo>`).
    var worktree: String? { TaskspaceLayout.repository(in: directory) }

    func facts(windows: [WindowID], waiting: Int) async -> DeletionFacts {
        var facts = DeletionFacts(taskspaceUUID: id.spelling, name: name, directory: directory, worktree: worktree, branch: nil,
                                  baseBranch: nil, unmergedCommits: nil, uncommittedChanges: nil, windows: windows.map(\.hex),
                                  waitingRequests: waiting)
        guard let worktree else { return facts }
        let branch = await Git.run(["rev-parse", "--abbrev-ref", "HEAD"], in: worktree)
        if branch.succeeded { facts.branch = String(branch.output.trimmingWhitespace()) }
        let status = await Git.run(["status", "--porcelain"], in: worktree)
        if status.succeeded { facts.uncommittedChanges = !status.output.trimmingWhitespace().isEmpty }
        if let file = try? ProjectFile.read(project: project), let base = await TaskspaceSpawner.baseBranch(of: project, file) {
            facts.baseBranch = base
            // Against the remote's branch as the app counts, else the local one (a repository never fetched).
            for reference in ["\(file.remote)/\(base)", base] {
                let count = await Git.run(["rev-list", "--count", "\(reference)..HEAD"], in: worktree)
                if count.succeeded, let commits = Int(count.output.trimmingWhitespace()) {
                    facts.unmergedCommits = commits
                    break
                }
            }
        }
        return facts
    }

    /// Removes it; answers whether the branch went too.
    func remove(branch: String?, deleteBranch: Bool) async -> Result<Bool, RegistrarError> {
        if let worktree {
            let removed = await Git.run(["worktree", "remove", "--force", worktree], in: project)
            if !removed.succeeded { try? FileManager.default.removeItem(atPath: worktree) }
            _ = await Git.run(["worktree", "prune"], in: project)
        }
        var branchDeleted = false
        if deleteBranch, let branch, branch != "HEAD" {
            branchDeleted = await Git.run(["branch", "-D", branch], in: project).succeeded
        }
        do {
            try FileManager.default.removeItem(atPath: directory)
        } catch {
            if FileManager.default.fileExists(atPath: directory) {
                return .failure(RegistrarError(.file, "cannot remove \(directory): \(error)"))
            }
        }
        do throws(RegistrarError) {
            var file = try ProjectFile.read(project: project)
            if file.removeEntry(id) { try file.write() }
        } catch {
            return .failure(RegistrarError(.file, "the taskspace is gone, but project.json was not updated: \(error.message)"))
        }
        return .success(branchDeleted)
    }
}

extension ProjectFile {
    /// Drops taskspace `id` from the list; false when it was not listed.
    mutating func removeEntry(_ id: TaskspaceID) -> Bool {
        guard let listed = members["taskspaces"]?.arrayValue else { return false }
        let kept = listed.filter { $0["id"]?.stringValue.flatMap(TaskspaceID.init) != id }
        guard kept.count != listed.count else { return false }
        members["taskspaces"] = .array(kept)
        return true
    }
}
