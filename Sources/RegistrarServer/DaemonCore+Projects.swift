import Registrar
import RegistrarProtocol

/// Symposium projects: those named with `--project`, and those found from where an editor's
/// message comes from, so Symposium's extension works without any `--project`.
extension DaemonCore {
    /// Learns the project's taskspaces (their directories are where metadata is written) and
    /// its `agent`.
    func loadProject(_ path: String) throws(RegistrarError) {
        let taskspaces = try ProjectStore.load(project: path)
        for taskspace in taskspaces { registry.learn(taskspace) }
        if let root = taskspaces.first?.projectPath {
            loadedProjects.insert(root)
            if let agent = ProjectStore.agent(ofProject: root) { projectAgents[root] = agent }
        }
        logger.info("project loaded", metadata: ["path": "\(path)", "taskspaces": "\(taskspaces.count)"])
    }

    /// A message about `taskspace` from an editor in `…/task-<UUID>/…` of a project not loaded
    /// yet: the project is loaded now.
    func discoverProject(of taskspace: TaskspaceID, from envelope: Envelope) {
        guard registry[taskspace]?.directory == nil,
              let directory = envelope.sender?["workingDirectory"]?.stringValue,
              let root = ProjectDiscovery.projectRoot(of: taskspace, workingDirectory: directory),
              !loadedProjects.contains(root) else { return }
        do {
            try loadProject(root)
            stateChanged.raise()
        } catch {
            loadedProjects.insert(root)  // not tried again
            logger.warning("could not load the project a message came from", metadata: ["path": "\(root)", "error": "\(error)"])
        }
    }
}

extension ClientRequest {
    /// The taskspace a request names, which the daemon learns if it does not know it.
    var namedTaskspace: TaskspaceID? {
        switch self {
        case .rollCall(let taskspace): taskspace
        default: taskspaceOfEditor
        }
    }

    /// The taskspace an editor's message is about, for the requests that come from editors.
    var taskspaceOfEditor: TaskspaceID? {
        switch self {
        case .updateTaskspace(let update, _): update.taskspace
        case .registerWindow(let taskspace, _): taskspace
        case .taskspaceState(let change): change.taskspace
        default: nil
        }
    }
}
