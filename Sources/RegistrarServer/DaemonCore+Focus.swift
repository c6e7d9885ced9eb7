import Registrar
import RegistrarProtocol
import X11Windows

/// `registrar_focus`: the one request that acts on the display rather than reading the index.
extension DaemonCore {
    /// Answers at once when there is nothing to activate; otherwise the activation is left to
    /// the connection as a follow-up, and the connection stays open until its reply is out.
    func focus(_ taskspace: TaskspaceID, requestID: String, from connection: ConnectionID) -> FollowUp? {
        guard let window = registry[taskspace]?.windows.sorted().last else {
            let error = registry[taskspace] != nil ? "taskspace \(taskspace) has no window" : "unknown taskspace \(taskspace)"
            reply(Message.failure(to: requestID, error).line, to: connection)
            return nil
        }
        owe(connection)
        let activator = environment.activator
        return { [self] in
            let line: String
            do throws(XActionError) {
                let method = try await activator.activate(window)
                line = Message.response(to: requestID, Reply.ok(FocusResult(windowID: window.hex, method: method.rawValue))).line
            } catch {
                line = Message.failure(to: requestID, error.description).line
            }
            await deliverFollowUp(line, to: connection)
        }
    }
}
