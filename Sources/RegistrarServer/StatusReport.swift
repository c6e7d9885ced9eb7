import Foundation
import Registrar
import X11Windows

/// The `registrar_status` answer (PROTOCOL.md section 4): one JSON document that `status`
/// prints for people and `status --json` passes through for scripts.
struct StatusReport {
    struct TaskspaceLine {
        let taskspace: Taskspace
        let lastRollCall: Date?
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

    var json: JSONValue {
        .object([
            "pid": .integer(Int64(getpid())),
            "version": .string(RegistrarInfo.version),
            "socket": .string(configuration.socketPath),
            "display": .string(watcher.display),
            "started_at": .string(startedAt.ISO8601Format()),
            "state_file": .string(configuration.stateFile),
            "lock_file": .string(configuration.socketPath + ".lock"),
            "heartbeat": .optional(record?.heartbeat),
            "registration_timeout_seconds": .double(configuration.registrationTimeout.inSeconds),
            "roll_call_interval_seconds": .double(configuration.rollCallInterval.inSeconds),
            "x11": x11,
            "windows": .integer(Int64(windowCount)),
            "marked_windows": .integer(Int64(markedCount)),
            "pending_registrations": .integer(Int64(pendingRegistrations)),
            "clients": .array(clients.map { client in
                ["id": .integer(Int64(client.id)), "name": .optional(client.name),
                 "connected_at": .string(client.connectedAt.ISO8601Format()),
                 "messages": .integer(Int64(client.messagesIn))]
            }),
            "taskspaces": .array(taskspaces.map { line in
                let taskspace = line.taskspace
                return [
                    "uuid": .string(taskspace.id.spelling),
                    "name": .optional(taskspace.name),
                    "description": .optional(taskspace.description),
                    "state": .string(taskspace.isRegistered ? "registered" : "unregistered"),
                    "windows": .array(taskspace.windows.sorted().map { .string($0.hex) }),
                    "last_roll_call": .optional(line.lastRollCall?.ISO8601Format()),
                    "project_path": .optional(taskspace.projectPath),
                    "directory": .optional(taskspace.directory),
                ]
            }),
        ])
    }

    private var x11: JSONValue {
        var members: [String: JSONValue] = [
            "since": .string(watcher.since.ISO8601Format()),
            "reconnects": .integer(Int64(watcher.reconnects)),
        ]
        switch watcher.selection {
        case .owned(let window, let selection):
            members["selection"] = .string(selection)
            members["selection_window"] = .string(window.hex)
        case .refused(let owner, let selection), .lost(.some(let owner), let selection):
            members["selection"] = .string(selection)
            members["selection_owner"] = .string(owner.hex)
        case .lost(nil, _), nil:
            break
        }
        switch watcher.connection {
        case .connecting:
            members["state"] = "connecting"
        case .connected(let mode):
            members["state"] = "connected"
            members["mode"] = .string(mode.name)
            members["manager"] = .optional(mode.manager?.name)
        case .disconnected(let reason):
            members["state"] = "disconnected"
            members["reason"] = .string(reason)
        }
        return .object(members)
    }
}

/// Facts about this build that the CLI and the daemon both report.
public enum RegistrarInfo {
    public static let version = "0.2.0"
}
