import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol
import X11Windows

/// What the daemon tells about itself (status, windows), and the scan-per-request answer that
/// benchmarks compare the live index with.
extension DaemonCore {
    /// The daemon's state with the page of taskspaces `query` asks for, as plain values: cheap to
    /// take on the actor. Formatting and encoding it (`StatusReport.data`) is left to the
    /// connection's task, so two hundred clients asking a thousand taskspaces each do not hold
    /// up everyone else behind the actor.
    func statusReport(_ query: ClientRequest.StatusQuery = .init()) -> StatusReport {
        let now = environment.clock.now
        let wallNow = Date()
        let watcher = environment.windows.status
        let selected: [Taskspace]
        if let wanted = query.taskspace {
            // Only the matches are sorted, not every taskspace.
            let id = TaskspaceID(wanted)
            selected = registry.taskspaces { (id != nil && $0.id == id) || $0.name == wanted }
        } else {
            selected = registry.allTaskspaces
        }
        let page = selected.dropFirst(query.offset).prefix(query.limit)
        return StatusReport(
            configuration: configuration, startedAt: startedAt, record: record, watcher: watcher,
            windowCount: registry.windows.count, markedCount: registry.windows.markedWindows.count,
            pendingRegistrations: registry.pendingCount, clients: hub.clients,
            taskspaces: page.map { taskspace in
                let last = registry.lastRollCall(for: taskspace.id).map {
                    wallNow.addingTimeInterval(-$0.duration(to: now).inSeconds)
                }
                return StatusReport.TaskspaceLine(taskspace: taskspace, lastRollCall: last, attention: attention[taskspace.id],
                                                  summary: summaries[taskspace.id])
            }, bus: bus.report, fileErrors: fileErrorReport, taskspaceCount: selected.count, taskspacesOffset: query.offset,
            notifications: environment.notifier.state, health: healthReport(watcher: watcher), stacks: stackReports())
    }

    /// `registrar_status`: taken here, made into its reply line in the connection's task, one
    /// at a time per `replySlots` permit.
    /// The report itself is taken once a slot is free, so a crowd waiting for slots holds no
    /// copies of the taskspaces.
    func answerStatus(_ query: ClientRequest.StatusQuery, requestID: String, from connection: ConnectionID) -> FollowUp {
        owe(connection)
        // A page of the default size or less is small (tens of KB): made at once, so a client
        // asking the usual status never queues behind a crowd asking a thousand each.
        guard query.limit > StatusRequest.defaultLimit else {
            let report = statusReport(query)
            return FollowUp(inline: true) { [self] in
                await deliverFollowUp(Message.response(to: requestID, Reply.ok(report.data)).line, to: connection)
            }
        }
        return FollowUp(inline: true) { [self] in
            let line = await replySlots.run {
                let report = await statusReport(query)
                return Message.response(to: requestID, Reply.ok(report.data)).line
            }
            await deliverFollowUp(line, to: connection)
        }
    }

    /// The live index; `markedOnly` sends the marked windows only (with the counts of all), so a
    /// `windows --markers` among thousands reads a few KB instead of every title.
    func windowsReport(markedOnly: Bool = false) -> WindowsData {
        let status = environment.windows.status
        let index = registry.windows
        let shown = markedOnly ? index.markedWindows : index.sortedWindows
        var data = WindowsData(
            display: status.display, mode: status.mode?.name, modeDescription: status.mode?.description,
            manager: status.mode?.announcedManager?.name, connected: status.isConnected,
            windows: shown.map { WindowsData.Window(id: $0.id.hex, title: $0.title, marker: $0.marker?.uuid, foreign: $0.foreign) })
        data.total = index.count
        data.marked = markedOnly ? shown.count : index.markedWindows.count
        return data
    }

    /// What a registrar without an index does: scan the whole display for every request.
    func answerFromScan(_ taskspace: TaskspaceID, query: WindowQuery, waiter: RegistrationWaiter) {
        let started = environment.clock.now
        let matches = ((try? WindowScan.scan(displayName: configuration.display))?.windows ?? []).filter(query.matches)
        let outcome: RegistrationOutcome = switch matches.count {
        case 0: .notFound(query, waited: started.duration(to: environment.clock.now))
        case 1: .registered(matches[0].id)
        default: .ambiguous(query, matches.map(\.id))
        }
        answerRegistration(waiter, outcome, taskspace: taskspace)
    }
}
