import CX11
import Glibc
import Logging
import Registrar

/// The body of the X thread: the only code that uses the watcher's `Display*`. It connects (with
/// back-off while no server answers), scans, then sleeps in `poll` on the X socket and a wake-up
/// fd, turning each drain of events into index changes. A lost server ends `serve`, never the
/// process.
final class WatcherLoop {
    let shared: WatcherShared
    private let wake: WakeUpSignal
    private let requestedDisplay: String?
    let logger: Logger
    private var backoff = Backoff()
    private var mode: DiscoveryMode = .treeWalk
    /// Tree-walk mode: top-level child of the root -> the client it holds, and back. A client
    /// moves between top-levels when a reparenting manager frames it or dies (the server hands
    /// its clients back to the root before the dead frames go), so a frame going takes its
    /// client out of the index only while that frame still holds it.
    var topLevels: [UInt: UInt] = [:]
    var holders: [UInt: UInt] = [:]
    private var connectionsMade = 0
    /// The identity of the server the index was last built from.
    private var serverID: String?
    private var selection: SelectionClaim?
    /// Our selection window on the current connection.
    private var selectionWindow: UInt?
    /// `_NET_CLIENT_LIST` changed and has not been read since. Reading it costs work for every
    /// window, so while windows come and go in a flood it is read at most every
    /// `clientListInterval`; windows that go are dropped at once by their own DestroyNotify.
    private var clientListPending = false
    private var clientListReadAt: ContinuousClock.Instant?
    static let clientListInterval = Duration.milliseconds(50)
    /// Windows retitled since their titles were last read. Each read is a round trip, and under a
    /// title storm the server answers it only after the storming client's turn, so reads wait
    /// until the event queue is drained (the index then catches up the moment a storm ends),
    /// or at most `titleReadInterval` while a storm goes on.
    private var titlesToRead: Set<UInt> = []
    private var titlesReadAt = ContinuousClock.now
    static let titleReadInterval = Duration.milliseconds(250)
    /// Windows retitled faster than the index needs are muted and polled instead, so a storm
    /// cannot queue events faster than this thread takes them, whatever CPU it gets.
    var storms = TitleStormGuard<ContinuousClock.Instant>()
    /// Proof that the server answers while the connection is quiet.
    private var ping = ServerPing()
    /// Which marked windows belong to another user.
    var owners = WindowOwnership()

    init(shared: WatcherShared, wake: WakeUpSignal, requestedDisplay: String?, selection: SelectionClaim?, logger: Logger) {
        self.shared = shared
        self.wake = wake
        self.requestedDisplay = requestedDisplay
        self.selection = selection
        self.logger = logger
    }

    func run() {
        while !shared.stopRequested {
            shared.answerProbes()
            let connection: XConnection
            do {
                connection = try XConnection(displayName: requestedDisplay)
            } catch {
                shared.setConnection(.disconnected(reason: error.description))
                let delay = backoff.nextDelay()
                logger.debug("x11: cannot connect, retrying", metadata: ["in": "\(delay)", "error": "\(error)"])
                wake.wait(timeout: delay)
                continue
            }
            backoff.reset()
            XErrorLog.count(errorsOf: connection.display, into: shared.xErrors)
            shared.setConnectionSocket(connection.fileDescriptor)
            serve(connection)
            shared.setConnectionSocket(-1)
            // Leaving: never wait on the server (XCloseDisplay syncs with it).
            if shared.stopRequested { connection.abandon() } else { connection.close() }
        }
        shared.finish()
    }

    // MARK: One connection

    private func serve(_ connection: XConnection) {
        selectionWindow = nil
        if let claim = selection {
            let (state, window) = connection.claimManagerSelection(replace: claim.replace)
            guard !connection.isLost else { return noteLoss() }
            selectionWindow = window
            shared.setSelection(state)
            // Taking over happens once; on a later connection the selection is simply claimed.
            selection = SelectionClaim(replace: false)
        }
        ping.attach(to: connection)
        let identity = connection.serverIdentity()
        let scan = connection.scanClients(watching: true)
        guard !connection.isLost else { return noteLoss() }
        if connectionsMade > 0, identity == nil || identity != serverID {
            // A new server: window ids from the old one mean nothing here. The same server
            // again keeps every window that still exists, and the scan below drops the rest.
            shared.mutateIndex { $0.removeAll() }
        }
        serverID = identity
        adopt(scan, on: connection)
        ping.heard()
        shared.noteHeard(at: ping.heardAt)
        noteActiveWindow(on: connection)
        shared.setConnection(.connected(scan.mode), countsAsReconnect: connectionsMade > 0, serverID: identity)
        connectionsMade += 1
        logger.info("x11: connected", metadata: [
            "display": "\(connection.name)", "mode": "\(scan.mode)", "clients": "\(scan.titles.count)",
        ])
        while !shared.stopRequested {
            shared.answerProbes()
            drainEvents(connection)
            guard !connection.isLost else { return noteLoss() }
            pollStorms(on: connection)
            guard !connection.isLost else { return noteLoss() }
            // The ping first, then XPending, not QueuedAlready: a round trip (or the ping's flush)
            // can leave events read from the socket in XCB's queue, which poll would not see
            // until the server sent something more.
            ping.sendIfDue(on: connection)
            if XPending(connection.display) > 0 { continue }
            waitForInput(connection.fileDescriptor, timeout: nextRead)
        }
    }

    /// The manager's active window, read when it says it changed.
    private func noteActiveWindow(on connection: XConnection) {
        let active = connection.readItems32(connection.root, connection.atoms.netActiveWindow, type: connection.atoms.window).value?.first
        shared.setActiveWindow(active.flatMap { $0 == 0 ? nil : WindowID($0) })
    }

    private func noteLoss() {
        shared.noteHeard(at: nil)
        logger.warning("x11: disconnected: the X server went away; reconnecting with back-off")
        shared.setConnection(.disconnected(reason: "X server connection lost"))
    }

    /// How long the loop may sleep before a read it has put off is due; nil when none is.
    private var nextRead: Duration? {
        var due: Duration?
        if clientListPending { due = clientListWait }
        if !titlesToRead.isEmpty {
            let titles = max(.zero, Self.titleReadInterval - (ContinuousClock.now - titlesReadAt))
            due = min(due ?? titles, titles)
        }
        if let poll = storms.nextPoll {
            let wait = max(.zero, ContinuousClock.now.duration(to: poll))
            due = min(due ?? wait, wait)
        }
        if let pingWait = ping.wait() { due = min(due ?? pingWait, pingWait) }
        return due
    }

    /// How long until the pending client list may be read.
    private var clientListWait: Duration {
        guard let readAt = clientListReadAt else { return .zero }
        return max(.zero, Self.clientListInterval - (ContinuousClock.now - readAt))
    }

    private func waitForInput(_ xSocket: Int32, timeout: Duration?) {
        var fds = [
            pollfd(fd: xSocket, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.fileDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        let milliseconds = timeout.map { Int32(($0.inSeconds * 1000).rounded(.up)) } ?? -1
        _ = poll(&fds, 2, milliseconds)
        if fds[1].revents != 0 { wake.drain() }
    }

    private func adopt(_ scan: ClientScan, on connection: XConnection) {
        titlesToRead = []  // the scan read every title
        storms = TitleStormGuard()  // and watches every window by events again
        shared.setMuted(0)
        clientListPending = false
        clientListReadAt = .now
        mode = scan.mode
        topLevels = scan.topLevels
        holders = Dictionary(scan.topLevels.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        owners.forgetAll()
        let titles = Dictionary(uniqueKeysWithValues: scan.titles.map { ($0.key.rawValue, $0.value) })
        let foreign = Set(owners.foreign(among: titles, on: connection).map { WindowID($0) })
        shared.mutateIndex { $0.replaceAll(with: scan.titles, stamps: scan.stamps, foreign: foreign) }
    }

    // MARK: Events

    private func drainEvents(_ connection: XConnection) {
        var batch = EventBatch()
        var event = XEvent()
        while batch.eventCount < EventBatch.maximumEvents, XPending(connection.display) > 0 {
            XNextEvent(connection.display, &event)
            batch.eventCount += 1
            handle(event, on: connection, batch: &batch)
            if connection.isLost { return }
        }
        if batch.eventCount > 0 {
            ping.heard()
            shared.noteHeard(at: ping.heardAt)
        }
        finish(batch, on: connection)
    }

    /// Cheap, order-sensitive updates happen here, event by event; reads are left to `finish`.
    private func handle(_ event: XEvent, on connection: XConnection, batch: inout EventBatch) {
        let root = connection.root
        switch event.type {
        case PropertyNotify:
            let property = event.xproperty
            if ping.isAnswer(property) {
                break  // heard, as every event is
            } else if property.window == root {
                if property.atom == connection.atoms.netActiveWindow { noteActiveWindow(on: connection) }
                if property.atom == connection.atoms.netClientList {
                    batch.clientListChanged = true
                    // A manager beside which the tree is walked may start listing its clients.
                    if mode.walksTree, mode.announcedManager != nil { batch.managerMayHaveChanged = true }
                }
                if property.atom == connection.atoms.netSupportingWMCheck || property.atom == connection.atoms.netSupported {
                    batch.managerMayHaveChanged = true
                }
            } else if property.window == mode.announcedManager?.checkWindow.rawValue {
                batch.managerMayHaveChanged = true  // renamed, say by a manager restarting in place
            } else if property.atom == connection.atoms.netWMName || property.atom == connection.atoms.wmName
                || property.atom == connection.atoms.taskspaceStamp {
                // A muted window's events still in the queue are left to its poll.
                guard !storms.isMuted(property.window) else { break }
                if storms.retitled(property.window, at: .now) {
                    connection.muteTitles(property.window)
                    shared.setMuted(storms.mutedCount)
                    logger.debug("x11: a title storm: window muted and polled", metadata: ["window": "\(WindowID(property.window).hex)"])
                }
                titlesToRead.insert(property.window)
            }
        case DestroyNotify:
            let destroyed = event.xdestroywindow
            if destroyed.window == mode.announcedManager?.checkWindow.rawValue { batch.managerMayHaveChanged = true }
            if destroyed.event == root { forgetTopLevel(destroyed.window) }
            if let holder = holders.removeValue(forKey: destroyed.window) { topLevels[holder] = nil }
            remove(destroyed.window)
            titlesToRead.remove(destroyed.window)
        case SelectionClear where selectionWindow != nil && event.xselectionclear.window == selectionWindow:
            let owner = connection.managerSelectionOwner()
            let by = connection.describeOwner(owner)
            logger.notice("x11: the manager selection was taken", metadata: ["owner": "\(WindowID(owner).hex)", "by": "\(by ?? "")"])
            selectionWindow = nil
            shared.setSelection(.lost(newOwner: owner == 0 ? nil : WindowID(owner), by: by,
                                      selection: connection.managerSelectionName))
        case SelectionRequest where selectionWindow != nil && event.xselectionrequest.owner == selectionWindow:
            connection.refuse(event.xselectionrequest)
        case UnmapNotify where mode.walksTree && event.xunmap.event == root:
            forgetTopLevel(event.xunmap.window)
        case MapNotify where mode.walksTree && event.xmap.event == root && event.xmap.override_redirect == 0:
            adoptTopLevel(event.xmap.window, on: connection)
        case ReparentNotify where mode.walksTree && event.xreparent.event == root:
            if event.xreparent.parent == root {
                adoptTopLevel(event.xreparent.window, on: connection)
            } else {
                // Framed by a manager: it stays indexed, and the frame's MapNotify adopts it there
                // (an unmap or destroy of the client removes it as ever).
                let window = event.xreparent.window
                if let client = topLevels.removeValue(forKey: window), holders[client] == window { holders[client] = nil }
            }
        default:
            break
        }
    }

    private func finish(_ batch: EventBatch, on connection: XConnection) {
        if batch.managerMayHaveChanged, connection.detectWindowManager() != mode.announcedManager
            || (mode.walksTree && mode.announcedManager?.listsClients == true && connection.listedClients() != nil) {
            let scan = connection.scanClients(watching: true)
            guard !connection.isLost else { return }
            logger.info("x11: window manager changed", metadata: ["mode": "\(scan.mode)"])
            adopt(scan, on: connection)
            shared.setConnection(.connected(scan.mode))
            return
        }
        var freshlyRead: Set<UInt> = []
        if batch.clientListChanged { clientListPending = true }
        if clientListPending, clientListWait == .zero {
            clientListPending = false
            clientListReadAt = .now
            if mode.manager != nil, let listed = connection.listedClients() {
                freshlyRead = syncClientList(listed, on: connection)
            }
        }
        titlesToRead.subtract(freshlyRead)
        guard !titlesToRead.isEmpty,
              XPending(connection.display) == 0 || ContinuousClock.now - titlesReadAt >= Self.titleReadInterval
        else { return }
        let windows = titlesToRead
        titlesToRead = []
        titlesReadAt = .now
        let indexed = shared.withIndex { index in windows.filter { index.contains(WindowID($0)) } }
        refreshTitles(Array(indexed), on: connection)
    }
}
