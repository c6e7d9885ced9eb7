import FoundationEssentials
import Registrar
import RegistrarProtocol

/// Symposium projects: those named with `--project`, and those found from where an editor's
/// message comes from, so Symposium's extension works without any `--project`. A found project
/// is read off the actor (`FileWork`) before its message is handled, and learned within the
/// taskspace limit: its taskspaces may push out taskspaces learned only from messages, never
/// those of another project.
extension DaemonCore {
    /// Loads a `--project` at start-up.
    func loadProject(_ path: String) throws(RegistrarError) {
        adopt(try ProjectStore.load(project: path, limit: configuration.taskspaceLimit))
    }

    /// The project directory to read before `line` is handled: the message comes from an editor
    /// in `…/task-<UUID>/…` of a project not loaded yet. It counts as loaded from now on, so it
    /// is read once however many messages name it.
    public func projectToDiscover(for line: IncomingLine) -> String? {
        guard Self.mayLeadToProject(line), case .message(let message) = line, let request = try? ClientRequest(message),
              let taskspace = request.taskspaceOfEditor, registry[taskspace]?.directory == nil,
              let directory = message.sender?.workingDirectory,
              let root = ProjectDiscovery.projectRoot(of: taskspace, workingDirectory: directory),
              !loadedProjects.contains(root) else { return nil }
        loadedProjects.insert(root)
        return root
    }

    /// Only an editor's message with a working directory can lead to a project: the session asks
    /// the actor about no other line, and nothing else is decoded twice.
    public nonisolated static func mayLeadToProject(_ line: IncomingLine) -> Bool {
        guard case .message(let message) = line else { return false }
        return RequestType.fromEditors.contains(message.type) && message.sender?.workingDirectory != nil
    }

    /// A found project, as read off the actor.
    public func projectDiscovered(_ root: String, _ result: Result<ProjectStore.Loaded, RegistrarError>) {
        switch result {
        case .success(let loaded):
            adopt(loaded)
            stateChanged.raise()
        case .failure(let error):
            noteReadError(root + "/project.json", error.message)
            logger.warning("could not load the project a message came from", metadata: ["path": "\(root)", "error": "\(error)"])
        }
    }

    /// Learns a project's taskspaces (their directories are where metadata is written) and its
    /// `agent`, within the taskspace limit.
    private func adopt(_ loaded: ProjectStore.Loaded) {
        var refused = loaded.unread
        for taskspace in loaded.taskspaces {
            if registry[taskspace.id] == nil, registry.taskspaceCount >= configuration.taskspaceLimit,
               registry.makeRoom(at: environment.clock.now) == nil {
                refused += 1
                continue
            }
            registry.learn(taskspace)
            if let summary = loaded.summaries[taskspace.id] { summaries[taskspace.id] = summary }
        }
        loadedProjects.insert(loaded.root)
        stacks.stamps[loaded.root] = loaded.stamp
        if loaded.stacked {
            stacks.entries[loaded.root, default: .init()].enabled = true
            refreshStack(loaded.root)
        }
        if let agent = loaded.agent { projectAgents[loaded.root] = agent }
        for problem in loaded.problems { noteReadError(problem.path, problem.error) }
        if refused > 0 {
            noteReadError(loaded.root, "\(refused) taskspaces not learned: the daemon knows --max-taskspaces "
                + "(\(configuration.taskspaceLimit)) already")
        }
        logger.info("project loaded", metadata: [
            "path": "\(loaded.root)", "taskspaces": "\(loaded.taskspaces.count - (refused - loaded.unread))",
            "not-learned": "\(refused)",
        ])
    }
}

extension ClientRequest {
    /// The taskspace a request names, which the daemon learns if it does not know it.
    var namedTaskspace: TaskspaceID? {
        switch self {
        case .rollCall(let taskspace): taskspace
        case .progress: nil  // an agent's log is kept only for a taskspace of a known project
        default: taskspaceOfEditor
        }
    }

    /// Whether answering it may leave work to its connection (`FollowUp`).
    var mayFollowUp: Bool {
        switch self {
        case .status, .focus, .taskspaceState, .progress, .spawn, .deleteTaskspace, .deleteDecision, .open, .stack: true
        case .updateTaskspace(let update, _): update.name != nil || update.description != nil
        default: false
        }
    }

    /// The taskspace an editor's message is about, for the requests that come from editors.
    var taskspaceOfEditor: TaskspaceID? {
        switch self {
        case .updateTaskspace(let update, _): update.taskspace
        case .registerWindow(let taskspace, _): taskspace
        case .taskspaceState(let change): change.taskspace
        case .progress(let entry): entry.taskspace
        default: nil
        }
    }
}
