import FoundationEssentials
import Glibc
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
        return FollowUp { [self] in
            let outcome = await activated(window)
            if case .success(let done) = outcome, done.focused {
                await acknowledge(taskspace)
                await arrangeStack(around: window, of: taskspace)
            }
            let line = switch outcome {
            case .success(let done) where done.focused:
                Message.response(to: requestID, Reply.ok(FocusResult(
                    windowID: window.hex, method: done.method.rawValue,
                    fallback: done.ignoredBy.map { "\($0.printable) did not activate the window" }
                ))).line
            case .success(let done):
                Message.failure(to: requestID, Self.notFocused(window, done)).line
            case .failure(let error):
                Message.failure(to: requestID, error.description).line
            }
            await deliverFollowUp(line, to: connection)
        }
    }

    /// Activates `window`, racing the X action deadline: a hung X server delays only the caller.
    func activated(_ window: WindowID) async -> Result<ActivationOutcome, XActionError> {
        let activator = environment.activator
        let clock = environment.clock
        let deadline = configuration.xActionTimeout
        return await withTaskGroup(of: Result<ActivationOutcome, XActionError>?.self) { race in
            race.addTask {
                do throws(XActionError) {
                    return .success(try await activator.activate(window))
                } catch {
                    return .failure(error)
                }
            }
            race.addTask {
                guard (try? await clock.sleep(for: deadline)) != nil else { return nil }
                return .failure(.displayUnavailable("no answer within \(deadline.secondsText) s"))
            }
            let first = await race.next() ?? nil
            race.cancelAll()
            return first ?? .failure(.displayUnavailable("cancelled"))
        }
    }

    /// The honest answer when the window did not end up focused.
    static func notFocused(_ window: WindowID, _ outcome: ActivationOutcome) -> String {
        let manager = outcome.ignoredBy.map { "\($0.printable) did not activate it, and " } ?? ""
        return "window \(window.hex) was not focused: \(manager)it did not keep the input focus when given it directly"
    }
}
