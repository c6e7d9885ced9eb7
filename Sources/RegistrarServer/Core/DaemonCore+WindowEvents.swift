import Registrar
import X11Windows

/// What the X side reports: windows appearing, retitled and gone, and the connection's state.
extension DaemonCore {
    /// A change from the X side: it may complete registrations, drop associations, call back.
    public func windowEvent(_ event: WatcherEvent) {
        defer { noteChanges() }
        switch event {
        case .window(let change):
            // A window that goes takes its taskspace's card from Active to Dormant.
            let owner = registry.owner(of: change.windowID)
            countWindow(change)
            perform(registry.apply(change, at: environment.clock.now))
            let now = registry.owner(of: change.windowID)
            if owner != now {
                if let owner { cardChanged(owner) }
                if let now { cardChanged(now) }
                for project in Set([owner, now].compactMap { $0.flatMap(stackedProject) }) { refreshStack(project) }
            }
        case .status(let status):
            noteSelection(status.selection)
            if status.activeWindow != lastWatcherStatus?.activeWindow {
                noteActiveWindow(status.activeWindow)
                noteStackTop(status.activeWindow)
            }
            // The status also changes with the active window and the selection: the connection's
            // own work is done when it changed.
            defer { lastWatcherStatus = status }
            guard status.connection != lastWatcherStatus?.connection || status.serverID != lastWatcherStatus?.serverID else {
                return
            }
            logger.info("x11: \(status.connection)", metadata: ["display": "\(status.display)"])
            switch status.connection {
            case .connected:
                perform(registry.displayConnected(serverID: status.serverID, at: environment.clock.now))
                stateChanged.raise()
            case .disconnected:
                registry.displayLost()
            case .connecting:
                break
            }
        }
    }
}
