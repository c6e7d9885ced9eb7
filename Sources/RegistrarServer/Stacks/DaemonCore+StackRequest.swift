import FoundationEssentials
import Registrar
import RegistrarProtocol

/// `registrar_stack` (`symposium-registrar stack on|off|status`): the switch is Symposium's,
/// `stackedWindowsEnabled` in the project's `project.json`, written atomically with every
/// other member kept; the project is loaded first when the daemon did not know it.
extension DaemonCore {
    func stack(projectPath: String?, enabled: Bool?, requestID: String, from connection: ConnectionID) -> FollowUp? {
        let root: String
        if let projectPath {
            root = URL(fileURLWithPath: projectPath).standardizedFileURL.path
        } else if loadedProjects.count == 1, let only = loadedProjects.first {
            root = only
        } else {
            let known = loadedProjects.sorted().joined(separator: ", ")
            reply(Message.failure(to: requestID, "name the project (--project DIR): the daemon knows "
                + (known.isEmpty ? "no project" : "\(loadedProjects.count) projects: \(known)")).line, to: connection)
            return nil
        }
        owe(connection)
        let needsLoading = !loadedProjects.contains(root)
        let limit = configuration.taskspaceLimit
        return FollowUp { [self] in
            if needsLoading {
                let loaded = await FileWork.run { () -> Result<ProjectStore.Loaded, RegistrarError> in
                    do throws(RegistrarError) { return .success(try ProjectStore.load(project: root, limit: limit)) } catch {
                        return .failure(error)
                    }
                }
                await projectDiscovered(root, loaded)
                if case .failure(let error) = loaded {
                    return await deliverFollowUp(Message.failure(to: requestID, error.message).line, to: connection)
                }
            }
            if let enabled {
                let error = await FileWork.run { StackSwitch.write(enabled, project: root) }
                if let error { return await deliverFollowUp(Message.failure(to: requestID, error.message).line, to: connection) }
                await stackSwitchWritten(root, enabled)
            }
            let report = await stackReport(root)
            await deliverFollowUp(Message.response(to: requestID, Reply.ok(report)).line, to: connection)
        }
    }

    private func stackSwitchWritten(_ root: String, _ enabled: Bool) async {
        stacks.stamps[root] = FileStamp.of(root + "/project.json")  // the daemon's own write is no news
        await setStacking(root, enabled)
    }

    private func stackReport(_ root: String) -> StackReport {
        stacks.report(root, members: stackMembers(root), manager: environment.windows.status.connection.manager)
    }
}

/// Symposium's switch in `project.json`: written with every other member kept, and read again
/// when the file changed.
enum StackSwitch {
    struct Change: Sendable {
        let root: String
        let stamp: FileStamp
        let enabled: Bool
    }

    /// The projects whose `project.json` changed since `stamp`, with what it says now: a `stat`
    /// each, and a read of those that changed. Run by the heartbeat's task, which writes the
    /// lock file there too, not on the actor.
    static func changes(_ watched: [(root: String, stamp: FileStamp?)]) -> [Change] {
        watched.compactMap { root, known in
            let path = root + "/project.json"
            guard let stamp = FileStamp.of(path), stamp != known else { return nil }
            return Change(root: root, stamp: stamp, enabled: (try? ProjectListing.read(path))??.stackedWindowsEnabled ?? false)
        }
    }

    static func write(_ enabled: Bool, project root: String) -> RegistrarError? {
        do throws(RegistrarError) {
            var file = try ProjectFile.read(project: root)
            file.members["stackedWindowsEnabled"] = .bool(enabled)
            try file.write()
            return nil
        } catch {
            return error
        }
    }
}
