import Glibc
import Logging
import Registrar
import RegistrarProtocol

/// A request decoded and checked against the limits, carried out: answered at once, or left to
/// its connection as a follow-up.
extension DaemonCore {
    /// Replies one connection may be owed by follow-ups at once; past it a request that would
    /// add one is refused. Pipelined focus requests while X hangs cannot pile up work.
    static var followUpLimit: Int { 16 }

    func dispatch(
        _ request: ClientRequest, message: IncomingMessage, from connection: ConnectionID
    ) -> FollowUp? {
        if request.mayFollowUp, owedFollowUps[connection, default: 0] >= Self.followUpLimit {
            reply(Message.failure(to: message.id, "too many requests waiting for an answer on this connection "
                + "(limit \(Self.followUpLimit)); read the answers first").line, to: connection)
            return nil
        }
        if let taskspace = request.namedTaskspace {
            if registry[taskspace] == nil, registry.taskspaceCount >= configuration.taskspaceLimit {
                guard makeRoom(for: taskspace) else {
                    reply(Message.failure(to: message.id, "too many taskspaces (limit \(configuration.taskspaceLimit)), "
                        + "each with a window, a waiting registration or a project on disk; \(taskspace) is not learned").line,
                          to: connection)
                    return nil
                }
            }
            registry.noteNamed(taskspace, at: environment.clock.now)
        }
        switch request {
        case .updateTaskspace(let update, let window):
            return updateTaskspace(update, window: window, message: message, from: connection)
        case .registerWindow(let taskspace, let query):
            register(taskspace, query: query, message: message, shape: .registerTaskspaceWindow, from: connection)
        case .status(let query):
            return answerStatus(query, requestID: message.id, from: connection)
        case .windows(let markedOnly):
            reply(Message.response(to: message.id, Reply.ok(windowsReport(markedOnly: markedOnly))).line, to: connection)
        case .rollCall(let taskspace):
            let (actions, heldBack) = registry.requestRollCall(taskspace, at: environment.clock.now)
            stateChanged.raise()
            let reached = perform(actions)
            let sent = RollCallSent(sent: actions.count, clients: reached, heldBack: heldBack)
            reply(Message.response(to: message.id, Reply.ok(sent)).line, to: connection)
        case .log(let level, let message):
            // A client's words in the daemon's log: one line, at most 1 KiB, and no louder than
            // a notice (the journal's warnings and worse are the daemon's own).
            let client = (hub.name(of: connection) ?? "client \(connection)").printable(limit: 128)
            let asked = Logger.Level(rawValue: level) ?? .info
            logger.log(level: min(asked, .notice), "\(client): \(message.printable(limit: 1024))")
        case .shutdown:
            // Only this daemon's own user may end it: root is let in to read, not to replace.
            if let uid = hub.peerUID(of: connection), uid == getuid() {
                reply(Message.response(to: message.id, Reply<NoData>(success: true)).line, to: connection)
                requestStop(.asked("asked to shut down by \(hub.name(of: connection) ?? "client \(connection)")"))
            } else {
                let who = hub.peerUID(of: connection).map { "uid \($0)" } ?? "Symposium's bus"
                reply(Message.failure(to: message.id, "registrar_shutdown is taken only from this registrar's own user "
                    + "(uid \(getuid())), not from \(who)").line, to: connection)
            }
        case .focus(let taskspace):
            return focus(taskspace, requestID: message.id, from: connection)
        case .taskspaceState(let change):
            return taskspaceState(change, requestID: message.id, from: connection)
        case .progress(let entry):
            return progress(entry, requestID: message.id, from: connection)
        case .spawn(let request):
            return spawn(request, requestID: message.id, from: connection)
        case .deleteTaskspace(let id, let projectPath):
            return deleteRequested(id, projectPath: projectPath, requestID: message.id, from: connection)
        case .deleteDecision(let id, let request):
            return deleteDecision(id, request, requestID: message.id, from: connection)
        case .watch:
            watch(requestID: message.id, from: connection)
        case .open(let id):
            return open(id, requestID: message.id, from: connection)
        case .stack(let projectPath, let enabled):
            return stack(projectPath: projectPath, enabled: enabled, requestID: message.id, from: connection)
        case .relay:
            hub.broadcast(message.text, relay: true)
        }
        return nil
    }
}
