import Foundation
import Registrar
import RegistrarClient
import RegistrarServer
import X11Windows

/// Plays the editor extension's part of the title handshake against a real window: put a
/// marker in the title, send the registration, read the reply, restore the title.
public struct ExtensionClient: Sendable {
    public enum Shape: Sendable {
        /// The design brief's `update_taskspace` with `window_uuid`.
        case updateTaskspace
        /// Symposium's `register_taskspace_window` with the marker as `window_title`.
        case registerTaskspaceWindow
    }

    public let client: RegistrarClient
    public let maker: WindowMaker

    public init(client: RegistrarClient, maker: WindowMaker) {
        self.client = client
        self.maker = maker
    }

    /// The registration request for `marker`, in either shape; answers the envelope sent.
    public static func request(_ shape: Shape, taskspace: String, marker: String, id: String = UUID().uuidString) -> Envelope {
        switch shape {
        case .updateTaskspace:
            Envelope(type: "update_taskspace", id: id, payload: ["taskspace_uuid": .string(taskspace), "window_uuid": .string(marker)])
        case .registerTaskspaceWindow:
            Envelope(type: "register_taskspace_window", id: id,
                     payload: ["window_title": .string("[SYMPOSIUM:\(marker)]"), "taskspace_uuid": .string(taskspace)])
        }
    }

    /// The whole handshake on `window`, whose title is `title`: answers the reply's payload.
    /// `titleDelay` sets the marker that long after the request went out (nil: before it).
    public func handshake(
        _ shape: Shape, window: WindowID, title: String, taskspace: String, titleDelay: Duration? = nil,
        timeout: Duration = .seconds(15)
    ) async throws -> JSONValue {
        let marker = UUID().uuidString.lowercased()
        let request = Self.request(shape, taskspace: taskspace, marker: marker)
        if titleDelay == nil {
            maker.setTitle("[SYMPOSIUM:\(marker)] \(title)", of: window)
            maker.sync()
        }
        client.send(request)
        if let titleDelay {
            try await Task.sleep(for: titleDelay)
            maker.setTitle("[SYMPOSIUM:\(marker)] \(title)", of: window)
            maker.sync()
        }
        let reply = await client.nextMessage(timeout: timeout) { $0["id"]?.stringValue == request.id }
        maker.setTitle(title, of: window)
        maker.sync()
        guard let payload = reply?["payload"] else { throw HarnessError("no reply to \(request.type) within \(timeout)") }
        return payload
    }
}
