import Registrar
import RegistrarProtocol

/// `registrar_watch`: a connection that asked is told, with a `taskspace_changed` message, each
/// time something a taskspace's card shows changes (its window, name, attention, file state),
/// so `taskspaces --watch` follows changes as they happen instead of asking again and again.
/// A watcher that stops reading is cut off by its outbound budget like any client.
extension DaemonCore {
    func watch(requestID: String, from connection: ConnectionID) {
        cardWatchers.insert(connection)
        reply(Message.response(to: requestID, Reply.ok(TaskspaceRequest(taskspaceUUID: nil))).line, to: connection)
    }

    /// Something of `id`'s card changed.
    func cardChanged(_ id: TaskspaceID) {
        cardsChanged.raise()
        guard !cardWatchers.isEmpty else { return }
        let spelled = registry[id]?.id.spelling ?? id.spelling
        let line = Message(type: TaskspaceChanged.type, id: environment.makeID(), payload: TaskspaceChanged(taskspaceUUID: spelled)).line
        for watcher in cardWatchers where !hub.send(line, to: watcher) { cardWatchers.remove(watcher) }
    }

    /// Waits, off the actor, until `condition` holds or `limit` passes: woken by card changes (a
    /// window registering or going), not by polling. Answers whether it holds.
    func waitForCards(within limit: Duration, until condition: (isolated DaemonCore) -> Bool) async -> Bool {
        let clock = environment.clock
        let deadline = clock.now.advanced(by: limit)
        while !condition(self) {
            guard clock.now < deadline else { return false }
            let signal = cardsChanged
            await withTaskGroup(of: Void.self) { race in
                race.addTask { await signal.wait() }
                race.addTask { try? await clock.sleep(until: deadline, tolerance: nil) }
                await race.next()
                race.cancelAll()
            }
        }
        return true
    }
}
