import Foundation
import Logging
import Registrar

/// The daemon's state file: written shortly after a burst of changes, and at shutdown.
extension DaemonCore {
    /// Writes the state file shortly, once for any burst of changes.
    func scheduleStateWrite() {
        guard stateWrite == nil, !stopping else { return }
        stateWrite = Task {
            try? await Task.sleep(for: .milliseconds(50))
            self.writeStateNow()
        }
    }

    func writeStateNow() {
        stateWrite = nil
        writeState()
    }

    func writeState() {
        savedAssociationsVersion = registry.associationsVersion
        let state = DaemonState(display: watcher.status.display, serverID: registry.serverID, taskspaces: registry.allTaskspaces)
        do {
            try state.save(to: configuration.stateFile)
        } catch {
            logger.warning("could not write the state file", metadata: ["path": "\(configuration.stateFile)", "error": "\(error)"])
        }
    }
}
