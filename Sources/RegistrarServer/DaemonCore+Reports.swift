import Foundation
import Registrar
import X11Windows

/// What the daemon tells about itself (status, windows), and the scan-per-request answer that
/// benchmarks compare the live index with.
extension DaemonCore {
    func statusReport() -> StatusReport {
        let now = clock.now
        let wallNow = Date()
        return StatusReport(
            configuration: configuration, startedAt: startedAt, record: record, watcher: watcher.status,
            windowCount: registry.windows.count, markedCount: registry.windows.markedWindows.count,
            pendingRegistrations: registry.pendingCount, clients: hub.clients,
            taskspaces: registry.allTaskspaces.map { taskspace in
                let last = registry.lastRollCall(for: taskspace.id).map {
                    wallNow.addingTimeInterval(-$0.duration(to: now).inSeconds)
                }
                return StatusReport.TaskspaceLine(taskspace: taskspace, lastRollCall: last)
            })
    }

    func windowsReport() -> JSONValue {
        let status = watcher.status
        return [
            "display": .string(status.display),
            "mode": .optional(status.mode?.name),
            "mode_description": .optional(status.mode?.description),
            "manager": .optional(status.mode?.manager?.name),
            "connected": .bool(status.isConnected),
            "windows": .array(registry.windows.sortedWindows.map { window in
                ["id": .string(window.id.hex), "title": .string(window.title), "marker": .optional(window.marker?.uuid)]
            }),
        ]
    }

    /// What a registrar without an index does: scan the whole display for every request.
    func answerFromScan(_ taskspace: TaskspaceID, query: WindowQuery, waiter: RegistrationWaiter) {
        let started = clock.now
        let matches = ((try? WindowScan.scan(displayName: configuration.display))?.windows ?? []).filter(query.matches)
        let outcome: RegistrationOutcome = switch matches.count {
        case 0: .notFound(query, waited: started.duration(to: clock.now))
        case 1: .registered(matches[0].id)
        default: .ambiguous(query, matches.map(\.id))
        }
        reply(waiter.reply(outcome, taskspace: taskspace), to: waiter.connection)
    }
}
