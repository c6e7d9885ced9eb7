import CX11
import Glibc
import Registrar

/// The stack thread's state and loop (`StackKeeper`): owned by that thread alone.
final class StackLoop {
    private let keeper: StackKeeper
    private var connection: XConnection?
    private var specs: [String: StackSpec] = [:]
    /// Each selected window (a client or its frame) and the client it stands for.
    private var clientOf: [UInt: UInt] = [:]
    private var stackOf: [UInt: String] = [:]
    /// The rectangle each stack's windows were last sent to.
    private var rects: [String: StackRect] = [:]
    private var hints: [UInt: SizeHints] = [:]
    /// Where a manager puts a window against where it was asked (openbox counts the border a
    /// client had before it was framed into StaticGravity): learned at the first arrangement and
    /// taken off later requests, so the client lands exactly and nothing drifts.
    private var offsets: [UInt: (dx: Int, dy: Int)] = [:]
    /// Windows sent somewhere whose manager has not yet been seen to put them there: the
    /// rectangle, the request's serial (an event older than it says nothing of the request) and
    /// the corrections made so far.
    private var pending: [UInt: (wanted: StackRect, serial: UInt, corrections: Int)] = [:]
    private var policy = StackFollowPolicy<ContinuousClock>()
    private var managerMoves = false
    private var managerRestacks = false
    /// Each window's maximized and fullscreen states, read once and again only after its
    /// `_NET_WM_STATE` changed (PropertyNotify): a follow asks X nothing it was not told changed.
    private var heldStates: [UInt: [Atom]] = [:]
    private var stateAtom: Atom = 0
    private var heldAtoms: [Atom] = []

    init(keeper: StackKeeper) { self.keeper = keeper }

    func run() {
        while true {
            let (commands, stop) = keeper.take()
            if stop { break }
            for command in commands { apply(command) }
            if let connection {
                drainEvents(connection)
                for stack in policy.takeDue(at: .now) { follow(stack, on: connection) }
                if connection.isLost { drop() }
            }
            if let connection, XPending(connection.display) > 0 { continue }
            waitForInput()
        }
        connection?.abandon()
    }

    // MARK: Commands

    private func apply(_ command: StackKeeper.Command) {
        switch command {
        case .update(let spec):
            specs[spec.id] = spec
            if let connection = connect() { select(spec, on: connection) }
        case .remove(let stack):
            specs[stack] = nil
            rects[stack] = nil
            policy.forget(stack)
            for (window, owner) in stackOf where owner == stack { stackOf[window] = nil }
        case .arrange(let stack, let top, let followers, let moveTopTo, let restack, let reply):
            reply(connect().map { arrange(stack, top: top, followers: followers, moveTopTo: moveTopTo, restack: restack, on: $0) })
        }
    }

    private func connect() -> XConnection? {
        if let connection, !connection.isLost { return connection }
        drop()
        guard let opened = try? XConnection(displayName: keeper.displayName) else { return nil }
        connection = opened
        managerMoves = opened.supports(opened.atom("_NET_MOVERESIZE_WINDOW"))
        managerRestacks = opened.supports(opened.atom("_NET_RESTACK_WINDOW"))
        stateAtom = opened.atom("_NET_WM_STATE")
        heldAtoms = ["_NET_WM_STATE_MAXIMIZED_VERT", "_NET_WM_STATE_MAXIMIZED_HORZ", "_NET_WM_STATE_FULLSCREEN"].map(opened.atom)
        for spec in specs.values { select(spec, on: opened) }
        return opened
    }

    private func drop() {
        connection?.abandon()
        connection = nil
        clientOf = [:]
        stackOf = [:]
        hints = [:]
        offsets = [:]
        pending = [:]
        heldStates = [:]
    }

    /// StructureNotify on each window of `spec` and on its frame: a frame's move is a
    /// ConfigureNotify of the frame, a resize one of the client too.
    private func select(_ spec: StackSpec, on connection: XConnection) {
        for client in spec.members.map(\.rawValue) {
            let frame = connection.frame(of: client)
            for window in [client, frame].compactMap({ $0 }) where clientOf[window] == nil {
                // The client's properties too: its states and size hints are kept from events.
                XSelectInput(connection.display, window, window == client ? StructureNotifyMask | PropertyChangeMask : StructureNotifyMask)
                clientOf[window] = client
            }
            stackOf[client] = spec.id
            if let frame { stackOf[frame] = spec.id }
        }
        connection.flush()
    }

    // MARK: Events

    private func drainEvents(_ connection: XConnection) {
        var event = XEvent()
        while XPending(connection.display) > 0 {
            XNextEvent(connection.display, &event)
            switch event.type {
            case ConfigureNotify:
                let window = event.xconfigure.window
                guard let client = clientOf[window], let stack = stackOf[window] else { break }
                if specs[stack]?.top?.rawValue == client {
                    policy.moved(stack, at: .now)
                } else if let sent = pending[client], event.xconfigure.serial >= sent.serial {
                    check(client, sent, on: connection)
                }
            case PropertyNotify:
                let property = event.xproperty
                if property.atom == stateAtom { heldStates[property.window] = nil }
                if property.atom == XA_WM_NORMAL_HINTS { hints[property.window] = nil }
            case ReparentNotify:
                // Framed (again) by a manager: the new frame is watched too.
                let client = event.xreparent.window
                if let stack = stackOf[client], let spec = specs[stack] { select(spec, on: connection) }
            case DestroyNotify:
                let gone = event.xdestroywindow.window
                clientOf[gone] = nil
                stackOf[gone] = nil
                pending[gone] = nil
                offsets[gone] = nil
                hints[gone] = nil
                heldStates[gone] = nil
            default:
                break
            }
            if connection.isLost { return }
        }
    }

    private func waitForInput() {
        var fds = [pollfd(fd: keeper.wake.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        if let connection { fds.append(pollfd(fd: connection.fileDescriptor, events: Int16(POLLIN), revents: 0)) }
        let timeout = policy.nextDeadline.map { Int32(max(0, (ContinuousClock.now.duration(to: $0).inSeconds * 1000).rounded(.up))) } ?? -1
        _ = poll(&fds, nfds_t(fds.count), timeout)
        if fds[0].revents != 0 { keeper.wake.drain() }
    }

    // MARK: Following and arranging

    /// Sends every other window of `stack` to where its top window is now.
    private func follow(_ stack: String, on connection: XConnection) {
        guard let spec = specs[stack], let top = spec.top?.rawValue, let rect = connection.clientRect(top),
              rect != rects[stack] else { return }  // the registrar's own move coming back, or nothing new
        rects[stack] = rect
        let followers = spec.members.map(\.rawValue).filter { $0 != top }
        var requests = 2
        for follower in followers {
            // A follower maximized or made fullscreen since would not move: the state goes.
            requests += 1 + takeHeldStates(off: follower, on: connection)  // the move, the state read (and removal)
            send(follower, to: sizeHints(follower, on: connection).constrain(rect), on: connection)
        }
        connection.flush()
        keeper.continuation.yield(StackFollowed(stack: stack, rect: rect, followers: followers.count, requests: requests))
    }

    private func arrange(_ stack: String, top: WindowID, followers: [WindowID], moveTopTo: StackRect?, restack: Bool,
                         on connection: XConnection) -> StackArrangement {
        var requests = 0
        if let moveTopTo {
            let wanted = sizeHints(top.rawValue, on: connection).constrain(moveTopTo)
            send(top.rawValue, to: wanted, on: connection)
            connection.flush()
            requests += 1 + settle([top.rawValue: wanted], on: connection)
            requests += correct([top.rawValue: wanted], on: connection)
        }
        let rect = connection.clientRect(top.rawValue)
        requests += 2
        guard let rect else {
            return StackArrangement(rect: nil, manager: connection.detectWindowManager()?.name, placements: [], requests: requests)
        }
        let desktop = connection.desktop(of: top.rawValue)
        let topFrame = connection.frame(of: top.rawValue) ?? top.rawValue
        var wanted: [UInt: StackRect] = [:]
        var hinted: Set<UInt> = []
        for follower in followers.map(\.rawValue) where follower != top.rawValue {
            // Maximized or fullscreen, a window would not move: those states are taken off.
            let taken = takeHeldStates(off: follower, on: connection)
            if let desktop, let own = connection.desktop(of: follower), own != desktop { connection.moveToDesktop(follower, desktop) }
            let place = sizeHints(follower, on: connection).constrain(rect)
            if place != rect { hinted.insert(follower) }
            send(follower, to: place, on: connection)
            if restack { connection.restack(follower, below: managerRestacks ? top.rawValue : topFrame, managerSupports: managerRestacks) }
            wanted[follower] = place
            requests += 4 + taken + (restack ? 1 : 0)
        }
        connection.flush()
        requests += settle(wanted, on: connection)
        requests += correct(wanted, on: connection)
        rects[stack] = rect
        let placements = followers.map(\.rawValue).compactMap { follower -> StackArrangement.Placement? in
            guard let place = wanted[follower] else { return nil }
            return .init(window: WindowID(follower), wanted: place, got: connection.clientRect(follower), hinted: hinted.contains(follower))
        }
        return StackArrangement(rect: rect, manager: connection.detectWindowManager()?.name, placements: placements,
                                requests: requests + 2 * placements.count)
    }

    /// Takes maximized and fullscreen off `window` (a follower: the top window's own state is
    /// left, and its rectangle followed as it is); answers the requests that took.
    private func takeHeldStates(off window: UInt, on connection: XConnection) -> Int {
        var requests = 0
        let taken = heldStates[window] ?? {
            requests += 1
            let states = connection.states(of: window)
            return heldAtoms.filter { states.contains(UInt($0)) }
        }()
        heldStates[window] = taken
        guard !taken.isEmpty else { return requests }
        connection.removeStates(window, taken)  // the manager's change of the property comes back as an event
        return requests + 1
    }

    /// Asks the manager to put `window`'s client at `rect`, less what it is known to add.
    private func send(_ window: UInt, to rect: StackRect, on connection: XConnection) {
        var asked = rect
        if let offset = offsets[window] {
            asked.x -= offset.dx
            asked.y -= offset.dy
        }
        let corrections = pending[window].map { $0.wanted == rect ? $0.corrections : 0 } ?? 0
        pending[window] = (rect, XNextRequest(connection.display), corrections)
        connection.moveResize(window, to: asked, managerSupports: managerMoves)
    }

    /// A window sent to `sent.wanted` was configured by its manager after the request: where it
    /// landed a few pixels off, the manager's offset is learned and the request made again
    /// (twice at most); otherwise it is done.
    /// Answers whether the request was made again.
    @discardableResult
    private func check(_ window: UInt, _ sent: (wanted: StackRect, serial: UInt, corrections: Int), on connection: XConnection) -> Bool {
        guard let got = connection.clientRect(window) else { pending[window] = nil; return false }
        // The position only: a size the manager rounded differently says nothing of it.
        let dx = got.x - sent.wanted.x, dy = got.y - sent.wanted.y
        guard dx != 0 || dy != 0, abs(dx) <= 64, abs(dy) <= 64, sent.corrections < 2 else { pending[window] = nil; return false }
        let known = offsets[window] ?? (0, 0)
        offsets[window] = (known.dx + dx, known.dy + dy)
        send(window, to: sent.wanted, on: connection)
        pending[window]?.corrections = sent.corrections + 1
        connection.flush()
        return true
    }

    /// Windows that landed a few pixels off (moved by a constant the manager adds): the offset
    /// is learned and the request made again. Answers the requests made.
    private func correct(_ wanted: [UInt: StackRect], on connection: XConnection) -> Int {
        let again = wanted.filter { window, rect in
            guard let sent = pending[window], sent.wanted == rect else { return false }
            return check(window, sent, on: connection)
        }
        return 2 * wanted.count + again.count + (again.isEmpty ? 0 : settle(again, on: connection))
    }

    /// Waits (up to a second, reading every 10 ms) until each window is where it was sent:
    /// a manager acts on its own time. Answers the reads it made.
    private func settle(_ wanted: [UInt: StackRect], on connection: XConnection) -> Int {
        var reads = 0
        let deadline = ContinuousClock.now + .seconds(1)
        var waiting = wanted
        while !waiting.isEmpty, ContinuousClock.now < deadline, !connection.isLost {
            waiting = waiting.filter { window, rect in
                reads += 2
                return connection.clientRect(window).map { $0 != rect } ?? false
            }
            if !waiting.isEmpty { sleepThread(for: .milliseconds(10)) }
        }
        return reads
    }

    private func sizeHints(_ window: UInt, on connection: XConnection) -> SizeHints {
        if let known = hints[window] { return known }
        let read = connection.sizeHints(window)
        hints[window] = read
        return read
    }
}
