import Registrar

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

    func reply(_ outcome: RegistrationOutcome, taskspace: TaskspaceID) -> JSONValue {
        switch (shape, outcome) {
        case (.updateTaskspace, .registered(let window)):
            let data: JSONValue = [
                "window_registered": true, "window_id": .string(window.hex), "taskspace_uuid": .string(taskspace.spelling),
            ]
            return Envelope.response(to: requestID, success: true, data: data, extra: ["window_registered": true])
        case (.updateTaskspace, _):
            return Envelope.response(to: requestID, success: false, error: outcome.errorText,
                                     extra: ["window_registered": false])
        case (.registerTaskspaceWindow, .registered(let window)):
            return Envelope.response(to: requestID, success: true, data: ["success": true, "window_id": .string(window.hex)])
        case (.registerTaskspaceWindow, _):
            return Envelope.response(to: requestID, success: false, error: outcome.errorText)
        }
    }
}
