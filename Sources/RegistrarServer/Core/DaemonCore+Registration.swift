import Registrar
import RegistrarProtocol

/// Registrations and taskspace metadata: what `update_taskspace` and
/// `register_taskspace_window` do to the registry.
extension DaemonCore {
    func register(
        _ taskspace: TaskspaceID, query: WindowQuery, message: IncomingMessage, shape: RegistrationWaiter.Shape,
        from connection: ConnectionID
    ) {
        let waiter = RegistrationWaiter(connection: connection, requestID: message.id, shape: shape)
        guard !stopping else {
            return answerRegistration(waiter, .abandoned(reason: "registrar shutting down"), taskspace: taskspace)
        }
        guard ticketsByConnection[connection, default: []].count < configuration.pendingLimit else {
            let error = "too many registrations waiting on this connection (limit \(configuration.pendingLimit))"
            answerRegistration(waiter, .abandoned(reason: error), taskspace: taskspace)
            return
        }
        if configuration.scanPerRequest { return answerFromScan(taskspace, query: query, waiter: waiter) }
        let ticket = RegistrationTicket(nextTicket)
        nextTicket += 1
        waiters[ticket] = waiter
        ticketsByConnection[connection, default: []].insert(ticket)
        let known = registry[taskspace] != nil
        perform(registry.register(ticket, taskspace: taskspace, query: query, at: environment.clock.now))
        if !known { stateChanged.raise() }
    }

    /// Learns a new name or description; answers the write of `taskspace.json` it needs, to be
    /// run off the actor, or nil. The write carries only what this request set: applied to the
    /// file as it is when it runs, it keeps whatever an earlier request wrote.
    func learnMetadata(_ update: ClientRequest.TaskspaceUpdate) -> TaskspaceFileWrite? {
        let before = registry[update.taskspace]
        let after = registry.learn(Taskspace(id: update.taskspace, name: update.name, description: update.description,
                                             projectPath: update.projectPath))
        guard before != after else { return nil }
        stateChanged.raise()
        guard let directory = after.directory, update.name != nil || update.description != nil else { return nil }
        fileWriteSequence += 1
        return TaskspaceFileWrite(directory: directory, id: after.id, name: update.name, description: update.description,
                                  sequence: fileWriteSequence)
    }

    /// `update_taskspace`: metadata, written off the actor, and a registration when it names a
    /// window. Without one the reply waits for the write and says how it went.
    func updateTaskspace(
        _ update: ClientRequest.TaskspaceUpdate, window: WindowQuery?, message: IncomingMessage, from connection: ConnectionID
    ) -> FollowUp? {
        let write = learnMetadata(update)
        if update.name != nil || update.description != nil { cardChanged(update.taskspace) }
        let spelled = registry[update.taskspace]?.id.spelling ?? update.taskspace.spelling
        if let window {
            register(update.taskspace, query: window, message: message, shape: .updateTaskspace, from: connection)
        } else if write == nil {
            reply(Message.response(to: message.id, UpdateTaskspaceReply.updated(taskspace: spelled)).line, to: connection)
        }
        guard let write else { return nil }
        owe(connection)
        let requestID = message.id
        let answers = window == nil
        let job = FileWork.start(write.perform)  // queued now, in the order of the requests
        return FollowUp { [self] in
            let error = await job.value
            await fileWritten(write, error: error)
            let line: String? = !answers ? nil : error.map {
                Message.failure(to: requestID, "taskspace \(spelled) updated, but \($0.message)").line
            } ?? Message.response(to: requestID, UpdateTaskspaceReply.updated(taskspace: spelled)).line
            await deliverFollowUp(line, to: connection)
        }
    }

    /// Leaves the taskspace's stamp on a window just associated with it (`WindowStamp`): what
    /// tells it, after a restart or a lost connection, from a window that reuses its id.
    func stamp(_ window: WindowID, for taskspace: TaskspaceID) {
        guard registry.windows[window]?.stamp != taskspace.key else { return }  // carries it already
        let activator = environment.activator
        Task { await activator.stamp(window, taskspace: taskspace.key) }
    }
}
