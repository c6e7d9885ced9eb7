import Registrar
import RegistrarProtocol

/// Who is waiting for a registration, and which of the two shapes (PROTOCOL.md section 4) the
/// answer must take: the extension that sent `register_taskspace_window` reads `data.success`,
/// one that sent `update_taskspace` reads `window_registered`.
struct RegistrationWaiter: Sendable {
    enum Shape: Sendable {
        case updateTaskspace
        case registerTaskspaceWindow
    }

    let connection: ConnectionHub.ConnectionID
    let requestID: String
    let shape: Shape
    /// When the request came: the start of the round trip `status` reports.
    let received = ContinuousClock.now

    /// The reply line for `outcome`.
    func reply(_ outcome: RegistrationOutcome, taskspace: TaskspaceID) -> String {
        switch (shape, outcome) {
        case (.updateTaskspace, .registered(let window)):
            Message.response(to: requestID, UpdateTaskspaceReply.registered(window: window.hex, taskspace: taskspace.spelling)).line
        case (.updateTaskspace, _):
            Message.response(to: requestID, UpdateTaskspaceReply.notRegistered(outcome.errorText ?? "not registered")).line
        case (.registerTaskspaceWindow, .registered(let window)):
            Message.response(to: requestID, Reply.ok(RegisteredWindow(windowID: window.hex))).line
        case (.registerTaskspaceWindow, _):
            Message.failure(to: requestID, outcome.errorText ?? "not registered").line
        }
    }
}
