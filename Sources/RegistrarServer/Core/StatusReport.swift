import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol
import X11Windows

/// Builds the `registrar_status` answer (PROTOCOL.md section 4) from the daemon's parts:
/// taken on the actor as plain values, turned into `StatusData` anywhere.
struct StatusReport: Sendable {
    struct TaskspaceLine: Sendable {
        let taskspace: Taskspace
        let lastRollCall: Date?
        var attention: AttentionRequest?
        var summary: TaskspaceSummary?
    }

    let configuration: DaemonConfiguration
    let startedAt: Date
    let record: InstanceRecord?
    let watcher: WatcherStatus
    let windowCount: Int
    let markedCount: Int
    let pendingRegistrations: Int
    let clients: [ConnectionHub.ClientInfo]
    let taskspaces: [TaskspaceLine]
    let bus: StatusData.Bus
    let fileErrors: [StatusData.FileError]
    var taskspaceCount: Int?
    var taskspacesOffset: Int?
    var notifications: NotifierState?
    var health: HealthData?
    var stacks: [StackReport] = []

    var data: StatusData {
        var data = StatusData(
            pid: Int(getpid()), version: RegistrarInfo.version, socket: configuration.socketPath,
            display: watcher.display, startedAt: startedAt.ISO8601Format(), stateFile: configuration.stateFile,
            lockFile: configuration.socketPath + ".lock", heartbeat: record?.heartbeat,
            registrationTimeoutSeconds: configuration.registrationTimeout.inSeconds,
            rollCallIntervalSeconds: configuration.rollCallInterval.inSeconds,
            x11: x11, windows: windowCount, markedWindows: markedCount, pendingRegistrations: pendingRegistrations,
            clients: clients.map {
                StatusData.Client(id: Int($0.id), name: $0.name, connectedAt: $0.connectedAt.ISO8601Format(), messages: $0.messagesIn)
            },
            taskspaces: taskspaces.map { line in
                let taskspace = line.taskspace
                var entry = StatusData.TaskspaceEntry(
                    uuid: taskspace.id.spelling, name: taskspace.name, description: taskspace.description,
                    state: taskspace.isRegistered ? "registered" : "unregistered",
                    windows: taskspace.windows.sorted().map(\.hex), lastRollCall: line.lastRollCall?.ISO8601Format(),
                    projectPath: taskspace.projectPath, directory: taskspace.directory)
                entry.attentionSince = line.attention?.since.ISO8601Format()
                entry.notificationProblem = line.attention?.notificationProblem
                entry.lifecycle = line.summary?.lifecycle
                entry.newestLog = line.summary?.newestLog
                entry.newestLogCategory = line.summary?.newestLogCategory
                entry.newestLogAt = line.summary?.newestLogAt
                return entry
            }, bus: bus, fileErrors: fileErrors.isEmpty ? nil : fileErrors)
        data.notifications = notifications.map { StatusData.Notifications(
            state: $0.name, reason: $0.reason, server: $0.server, actions: $0.name == "connected" ? $0.actions : nil) }
        data.health = health
        data.stacks = stacks.isEmpty ? nil : stacks
        data.health?.rssAnonBytes = ProcessMemory.rssAnonBytes()  // read here, off the actor
        data.taskspaceCount = taskspaceCount
        data.taskspacesOffset = taskspacesOffset
        return data
    }

    private var x11: StatusData.X11 {
        var x11 = StatusData.X11(state: "connecting", since: watcher.since.ISO8601Format(), reconnects: watcher.reconnects)
        if watcher.mutedWindows > 0 { x11.mutedWindows = watcher.mutedWindows }
        switch watcher.selection {
        case .owned(let window, let selection):
            x11.selection = selection
            x11.selectionWindow = window.hex
        case .refused(let owner, let selection), .lost(.some(let owner), _, let selection):
            x11.selection = selection
            x11.selectionOwner = owner.hex
        case .lost(nil, _, _), nil:
            break
        }
        switch watcher.connection {
        case .connecting:
            break
        case .connected(let mode):
            x11.state = "connected"
            x11.mode = mode.name
            x11.manager = mode.announcedManager?.name
            if let silentSince = watcher.silentSince {
                // Connected, but a stopped or hung server: what the index shows may be stale.
                x11.state = "unresponsive"
                x11.since = silentSince.ISO8601Format()
                x11.reason = "the X server has not answered since \(x11.since)"
            }
        case .disconnected(let reason):
            x11.state = "disconnected"
            x11.reason = reason
        }
        return x11
    }
}
