import ArgumentParser
import Glibc
import Registrar
import RegistrarClient
import RegistrarProtocol

struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a taskspace: close its editor windows, remove its worktree and directory, drop it from project.json.",
        discussion: """
            Shows what Symposium's dialog shows (commits on the branch its base lacks, uncommitted
            changes), then asks; --yes deletes without asking. An agent's delete_taskspace
            waiting on this decision is answered with it. The branch is deleted only with
            --delete-branch and when it holds nothing unmerged or uncommitted, or with --force.
            The windows are closed as their close buttons would; an editor that keeps one open
            (unsaved files) keeps the whole taskspace.

            Examples:
              symposium-registrar delete "Fix the parser"
              symposium-registrar delete 6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F --yes --delete-branch
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions
    @OptionGroup var startOptions: StartOptions

    @Argument(help: ArgumentHelp("The taskspace's UUID or name.", valueName: "uuid-or-name"))
    var taskspace: String

    @Flag(help: "Delete without asking.")
    var yes = false

    @Flag(help: "Delete the branch too, when it holds nothing unmerged or uncommitted.")
    var deleteBranch = false

    @Flag(help: "Delete the branch whatever it holds.")
    var force = false

    private var starter: DaemonStarter? {
        startOptions.starter(display: displayOptions.display, socketIsExplicit: socketOptions.isExplicit)
    }

    func run() async throws {
        try await DaemonLink.withClient(socketOptions.path(display: displayOptions.display), starter: starter) { (client) throws(RegistrarError) in
            let found = try await TaskspaceLookup.find(taskspace, in: client)
            let facts = try await DaemonLink.request(client, RequestType.delete, DeleteDecisionRequest(taskspaceUUID: found.uuid, decision: .facts),
                                                     answer: DeletionFacts.self, timeout: .seconds(60))
            try Console.out(Self.describe(facts))
            guard yes || Self.confirmed() else {
                _ = try await DaemonLink.request(client, RequestType.delete, DeleteDecisionRequest(taskspaceUUID: found.uuid, decision: .keep),
                                                 answer: TaskspaceRequest.self)
                try Console.out("kept \(found.label)\n")
                return
            }
            let deleted = try await DaemonLink.request(
                client, RequestType.delete,
                DeleteDecisionRequest(taskspaceUUID: found.uuid, decision: .delete, deleteBranch: deleteBranch, force: force),
                answer: TaskspaceDeleted.self, timeout: .seconds(120))
            try Console.out("deleted \(found.label): \(deleted.windowsClosed) window(s) closed"
                + (deleted.branchDeleted ? ", branch deleted" : ", branch kept") + "\n")
        }
    }

    static func describe(_ facts: DeletionFacts) -> String {
        var lines = ["taskspace \(facts.taskspaceUUID)" + (facts.name.map { " (\($0.printable))" } ?? ""), "  directory: \(facts.directory.printable)"]
        if let branch = facts.branch { lines.append("  branch: \(branch.printable)" + (facts.baseBranch.map { " from \($0.printable)" } ?? "")) }
        if let commits = facts.unmergedCommits { lines.append("  commits not in its base: \(commits)") }
        if let changes = facts.uncommittedChanges { lines.append("  uncommitted changes: \(changes ? "yes" : "no")") }
        lines.append("  windows: \(facts.windows.isEmpty ? "none" : facts.windows.joined(separator: ", "))")
        if facts.waitingRequests > 0 { lines.append("  its agent waits for this decision") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Asks on the terminal; anything but y or yes keeps the taskspace.
    static func confirmed() -> Bool {
        Console.error("delete it? [y/N] ", newline: false)
        let answer = readLine()?.trimmingWhitespace().lowercased() ?? ""
        return answer == "y" || answer == "yes"
    }
}
