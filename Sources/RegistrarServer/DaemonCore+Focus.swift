import Registrar
import X11Windows

/// `registrar_focus`: the one request that acts on the display rather than reading the index.
extension DaemonCore {
    /// Activates the taskspace's window on a connection of its own, off this actor, and replies.
    func focus(_ taskspace: TaskspaceID, requestID: String, from connection: ConnectionHub.ConnectionID) {
        guard let window = registry[taskspace]?.windows.sorted().last else {
            let known = registry[taskspace] != nil
            reply(Envelope.response(to: requestID, success: false,
                                    error: known ? "taskspace \(taskspace) has no window" : "unknown taskspace \(taskspace)"),
                  to: connection)
            return
        }
        let display = configuration.display
        Task.detached { [weak self] in
            let method: WindowControl.Activation?
            do {
                let control = try WindowControl(displayName: display)
                method = control.activate(window)
                control.close()
            } catch {
                method = nil
            }
            let message = method.map {
                Envelope.response(to: requestID, success: true,
                                  data: ["window_id": .string(window.hex), "method": .string($0.rawValue)])
            } ?? Envelope.response(to: requestID, success: false, error: "X display unavailable, or window \(window.hex) is gone")
            await self?.reply(message, to: connection)
        }
    }
}
