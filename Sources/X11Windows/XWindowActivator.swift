import Dispatch
import Registrar
import Synchronization

/// The live `WindowActivator`: each activation opens a short-lived connection of its own
/// (`WindowControl`), on a serial queue of its own rather than Swift's cooperative pool, so a
/// slow or stopped X server never holds the threads every other task needs. A caller that
/// stops waiting (its deadline passed) is answered at once; the queue finishes the call
/// whenever the server answers, and nobody waits for it.
public struct XWindowActivator: WindowActivator {
    let displayName: String?
    static let queue = DispatchQueue(label: "symposium-registrar.x11-actions")

    public init(displayName: String?) { self.displayName = displayName }

    public func activate(_ window: WindowID) async throws(XActionError) -> ActivationOutcome {
        let display = displayName
        let answer = OnceAnswer<Result<ActivationOutcome, XActionError>>()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                answer.wait(continuation)
                Self.queue.async {
                    // A requester already answered (its deadline passed while this waited for
                    // the queue or the server) is not acted for: nobody would steal the focus
                    // after being told it failed.
                    guard !answer.isAnswered else { return }
                    let control: WindowControl
                    do throws(XDisplayError) {
                        control = try WindowControl(displayName: display)
                    } catch {
                        answer.give(.failure(.displayUnavailable(error.description)))
                        return
                    }
                    defer { control.close() }
                    guard !answer.isAnswered else { return }
                    answer.give(control.activate(window).map { .success($0) } ?? .failure(.windowGone(window)))
                }
            }
        } onCancel: {
            answer.give(.failure(.displayUnavailable("no answer in time")))
        }
        return try result.get()
    }
}

extension XWindowActivator {
    public func stamp(_ window: WindowID, taskspace: String) async {
        let display = displayName
        // Nobody waits for the stamp: a slow server delays only the stamp itself.
        Self.queue.async {
            guard let control = try? WindowControl(displayName: display) else { return }
            control.stamp(window, taskspace: taskspace)
            control.close()
        }
    }
}

extension XWindowActivator {
    public func demandAttention(_ windows: [WindowID], _ demands: Bool) async {
        let display = displayName
        // Nobody waits: a slow server delays only the attention state itself.
        Self.queue.async {
            guard let control = try? WindowControl(displayName: display) else { return }
            for window in windows { control.setDemandsAttention(window, demands) }
            control.close()
        }
    }
}

extension XWindowActivator {
    public func requestClose(_ window: WindowID) async -> WindowControl.CloseRequest? {
        let display = displayName
        return await withCheckedContinuation { continuation in
            Self.queue.async {
                guard let control = try? WindowControl(displayName: display) else { return continuation.resume(returning: nil) }
                continuation.resume(returning: control.requestClose(window))
                control.close()
            }
        }
    }
}
