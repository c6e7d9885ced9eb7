import FoundationEssentials
import Registrar
import RegistrarProtocol

/// `spawn_taskspace` (PROTOCOL.md 8.7) and the CLI's `new`: a taskspace made in a project the
/// daemon knows (or finds at the path), off the actor, then its editor started outside the
/// daemon's service; the new window's extension registers as usual.
extension DaemonCore {
    func spawn(_ request: SpawnTaskspaceRequest, requestID: String, from connection: ConnectionID) -> FollowUp? {
        guard mayAct("spawn_taskspace", requestID: requestID, from: connection) else { return nil }
        guard let project = knownProject(request.projectPath) else {
            reply(Message.failure(to: requestID, "no Symposium project at \(request.projectPath) (no project.json)").line,
                  to: connection)
            return nil
        }
        owe(connection)
        let editor = configuration.editorCommand
        return FollowUp { [self] in
            let result = await TaskspaceSpawner(project: project, request: request).run()
            guard case .success(let spawned) = result else {
                if case .failure(let error) = result {
                    await noteSpawnFailure(project, error.message)
                    await deliverFollowUp(Message.failure(to: requestID, error.message).line, to: connection)
                }
                return
            }
            await adoptSpawned(spawned, project: project)
            var launch: Result<EditorLaunch.How, RegistrarError>?
            if !editor.isEmpty {
                launch = await EditorLaunch.start(editor, in: spawned.worktree, unit: "symposium-editor-\(spawned.id.spelling.lowercased())")
            }
            let data = TaskspaceSpawned(
                taskspaceUUID: spawned.id.spelling, directory: spawned.directory, worktree: spawned.worktree, branch: spawned.branch,
                baseBranch: spawned.baseBranch, gitMilliseconds: Int(spawned.gitTime.inSeconds * 1000),
                editorLaunch: (try? launch?.get())?.rawValue, editorError: launch.flatMap { result in
                    if case .failure(let error) = result { return error.message }
                    return nil
                })
            await deliverFollowUp(Message.response(to: requestID, Reply.ok(data)).line, to: connection)
        }
    }

    /// Side effects are taken from the registrar's own socket (its user's), and from Symposium's
    /// bus only while its socket lets nobody else in (`BusTrust`); a refusal is said and logged.
    func mayAct(_ type: String, requestID: String, from connection: ConnectionID) -> Bool {
        guard hub.role(of: connection) == .bus, let why = bus.actingRefusal else { return true }
        logger.warning("refused from Symposium's bus", metadata: ["type": "\(type)", "why": "\(why)"])
        reply(Message.failure(to: requestID, "\(type) from Symposium's bus is refused: \(why)").line, to: connection)
        return false
    }

    /// A project the daemon loaded whose path is `path` after resolving links, or a directory
    /// with a `project.json` there.
    private func knownProject(_ path: String) -> String? {
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        if let loaded = loadedProjects.first(where: { Self.sameProject($0, resolved) }) { return loaded }
        return FileManager.default.fileExists(atPath: resolved + "/project.json") ? resolved : nil
    }

    private func adoptSpawned(_ spawned: TaskspaceSpawner.Spawned, project: String) {
        registry.learn(Taskspace(id: spawned.id, name: spawned.name, description: spawned.description, projectPath: project,
                                 directory: spawned.directory))
        loadedProjects.insert(project)
        summaries[spawned.id] = TaskspaceSummary(lifecycle: "hatchling")
        cardChanged(spawned.id)
        stateChanged.raise()
        logger.notice("taskspace spawned", metadata: ["taskspace": "\(spawned.id)", "project": "\(project)"])
    }

    private func noteSpawnFailure(_ project: String, _ error: String) {
        noteReadError(project + "/project.json", "spawn_taskspace: \(error)")
        logger.warning("spawn_taskspace failed", metadata: ["project": "\(project)", "error": "\(error)"])
    }
}
