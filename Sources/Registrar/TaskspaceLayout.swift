import FoundationEssentials

/// Symposium's layout of a taskspace on disk: `task-<UUID>/` holds one visible directory, the
/// repository's worktree, beside `taskspace.json`.
public enum TaskspaceLayout {
    /// The worktree in `directory`, when it has one.
    public static func repository(in directory: String) -> String? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.sorted().first { !$0.hasPrefix(".") && FileKind.isDirectory(directory + "/" + $0) }.map { directory + "/" + $0 }
    }

    /// Where an editor opens the taskspace: its worktree, else the directory itself.
    public static func workingDirectory(of directory: String) -> String { repository(in: directory) ?? directory }
}
