import Registrar
import RegistrarProtocol

/// Registrations and taskspace metadata: what `update_taskspace` and
/// `register_taskspace_window` do to the registry.
extension DaemonCore {
    func register(
        _ taskspace: TaskspaceID, query: WindowQuery, envelope: Envelope, shape: RegistrationWaiter.Shape,
        from connection: ConnectionID
    ) {
        let waiter = RegistrationWaiter(connection: connection, requestID: envelope.id, shape: shape)
        guard !stopping else {
            return reply(waiter.reply(.abandoned(reason: "registrar shutting down"), taskspace: taskspace), to: connection)
        }
        guard ticketsByConnection[connection, default: []].count < configuration.pendingLimit else {
            let error = "too many registrations waiting on this connection (limit \(configuration.pendingLimit))"
            reply(waiter.reply(.abandoned(reason: error), taskspace: taskspace), to: connection)
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

    func learnMetadata(_ update: ClientRequest.TaskspaceUpdate) {
        let before = registry[update.taskspace]
        let after = registry.learn(Taskspace(id: update.taskspace, name: update.name, description: update.description,
                                             projectPath: update.projectPath))
        guard before != after else { return }
        stateChanged.raise()
        guard let directory = after.directory, update.name != nil || update.description != nil else { return }
        do throws(RegistrarError) {
            var file = try TaskspaceFile.read(in: directory, id: after.id)
            file.update(name: update.name, description: update.description)
            try file.write()
        } catch {
            logger.warning("could not write taskspace.json", metadata: ["taskspace": "\(after.id)", "error": "\(error)"])
        }
    }
}
