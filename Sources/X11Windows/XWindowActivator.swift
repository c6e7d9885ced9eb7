import Dispatch
import Registrar

/// The live `WindowActivator`: each activation opens a short-lived connection of its own
/// (`WindowControl`), on a serial queue of its own rather than Swift's cooperative pool, so a
/// slow or stopped X server never holds the threads every other task needs.
public struct XWindowActivator: WindowActivator {
    private let displayName: String?
    private static let queue = DispatchQueue(label: "symposium-registrar.x11-actions")

    public init(displayName: String?) { self.displayName = displayName }

    public func activate(_ window: WindowID) async throws(XActionError) -> WindowActivation {
        let display = displayName
        let result: Result<WindowActivation, XActionError> = await withCheckedContinuation { continuation in
            Self.queue.async {
                let control: WindowControl
                do throws(XDisplayError) {
                    control = try WindowControl(displayName: display)
                } catch {
                    continuation.resume(returning: .failure(.displayUnavailable(error.description)))
                    return
                }
                defer { control.close() }
                continuation.resume(returning: control.activate(window).map { .success($0) } ?? .failure(.windowGone(window)))
            }
        }
        return try result.get()
    }
}
