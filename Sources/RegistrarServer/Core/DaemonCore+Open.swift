import FoundationEssentials
import Registrar
import RegistrarProtocol
import X11Windows

/// `registrar_open`, served by the daemon now that what it launches runs outside its service:
/// the taskspace's window focused; without one, a roll call first (an editor showing it
/// registers again), then its editor started on the worktree (`EditorLaunch`) and its window
/// awaited, then focused. The CLI's `open` does the same steps from the user's session.
extension DaemonCore {
    func open(_ id: TaskspaceID, requestID: String, from connection: ConnectionID) -> FollowUp? {
        guard registry[id] != nil else {
            reply(Message.failure(to: requestID, "unknown taskspace \(id)").line, to: connection)
            return nil
        }
        owe(connection)
        let clock = environment.clock
        let started = clock.now
        let spelled = registry[id]?.id.spelling ?? id.spelling
        return FollowUp { [self] in
            let result = await opened(id)
            let line = switch result {
            case .success(let (window, launch)):
                Message.response(to: requestID, Reply.ok(OpenedTaskspace(
                    taskspaceUUID: spelled, windowID: window.hex,
                    how: launch == nil ? "existing" : "launched", editorLaunch: launch?.rawValue,
                    milliseconds: Int(started.duration(to: clock.now).inSeconds * 1000)))).line
            case .failure(let error):
                Message.failure(to: requestID, error.message).line
            }
            await deliverFollowUp(line, to: connection)
        }
    }

    func opened(_ id: TaskspaceID) async -> Result<(WindowID, EditorLaunch.How?), RegistrarError> {
        var launch: EditorLaunch.How?
        var window = registry[id]?.windows.sorted().last
        if window == nil {
            _ = perform(registry.requestRollCall(id, at: environment.clock.now).actions)
            window = await windowOf(id, within: .seconds(3))
        }
        if window == nil {
            let editor = configuration.editorCommand
            guard let directory = registry[id]?.directory, !editor.isEmpty else {
                return .failure(RegistrarError(.refused, "taskspace \(id) has no window, and no editor can be started for it "
                    + (editor.isEmpty ? "(--editor \"\")" : "(it is in no project on disk)")))
            }
            switch await EditorLaunch.start(editor, in: TaskspaceLayout.workingDirectory(of: directory),
                                            unit: "symposium-editor-\(id.spelling.lowercased())") {
            case .success(let how): launch = how
            case .failure(let error): return .failure(error)
            }
            window = await windowOf(id, within: configuration.openTimeout)
        }
        guard let window else {
            return .failure(RegistrarError(.editorNeverRegistered, "the editor was started, but no window of taskspace \(id) "
                + "registered within \(configuration.openTimeout.secondsText) s"))
        }
        switch await activated(window) {
        case .success(let done) where done.focused:
            acknowledge(id)
            await arrangeStack(around: window, of: id)
            return .success((window, launch))
        case .success(let done):
            return .failure(RegistrarError(.refused, Self.notFocused(window, done)))
        case .failure(let error):
            return .failure(RegistrarError(.refused, error.description))
        }
    }

    /// The taskspace's window once one registers, or nil after `limit`.
    private func windowOf(_ id: TaskspaceID, within limit: Duration) async -> WindowID? {
        _ = await waitForCards(within: limit) { $0.registry[id]?.windows.isEmpty == false }
        return registry[id]?.windows.sorted().last
    }
}
