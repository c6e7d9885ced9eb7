import Registrar

/// One stack as the daemon sees it: a project's taskspace windows, and the one on top, whose
/// moves the others follow.
public struct StackSpec: Sendable, Hashable {
    public var id: String
    public var top: WindowID?
    public var members: [WindowID]

    public init(id: String, top: WindowID?, members: [WindowID]) {
        self.id = id
        self.top = top
        self.members = members
    }
}

/// What putting a stack in order did: the stack's rectangle (the top window's client area), and
/// where each other window ended up against where it was asked to go.
public struct StackArrangement: Sendable, Hashable {
    public struct Placement: Sendable, Hashable {
        public var window: WindowID
        /// The stack's rectangle brought to what the window's size hints allow.
        public var wanted: StackRect
        /// Where it is after the manager acted (nil: gone).
        public var got: StackRect?
        /// Resize increments or a minimum size made `wanted` differ from the stack's rectangle.
        public var hinted: Bool

        public init(window: WindowID, wanted: StackRect, got: StackRect?, hinted: Bool) {
            self.window = window
            self.wanted = wanted
            self.got = got
            self.hinted = hinted
        }

        public var reached: Bool { got == wanted }
    }

    public var rect: StackRect?
    /// The window manager that was asked, by its name.
    public var manager: String?
    public var placements: [Placement]
    /// X requests made (reads and moves).
    public var requests: Int

    public init(rect: StackRect?, manager: String?, placements: [Placement], requests: Int) {
        self.rect = rect
        self.manager = manager
        self.placements = placements
        self.requests = requests
    }
}

/// The top window of a stack moved and the others were sent after it.
public struct StackFollowed: Sendable, Hashable {
    public var stack: String
    public var rect: StackRect
    public var followers: Int
    /// X requests of this follow: the top's geometry (two round trips) and one move per follower,
    /// plus a follower's state read when it changed since (known from its PropertyNotify).
    public var requests: Int
}

/// Keeps stacks of windows together on the display: arranges a stack on demand and follows its
/// top window's moves by events. `StackKeeper` is the live one; in-process tests use a double.
public protocol WindowStacker: Sendable {
    /// The stack's windows and top window from now on (its moves are followed).
    func update(_ spec: StackSpec)
    /// The stack is no longer kept.
    func remove(_ stack: String)
    /// Puts `followers` at `top`'s client rectangle (or `top` first at `moveTopTo`), on its
    /// desktop, below it when `restack`; nil when the display is unavailable.
    func arrange(_ stack: String, top: WindowID, followers: [WindowID], moveTopTo: StackRect?, restack: Bool) async -> StackArrangement?
    /// Each follow done, as it happens.
    func followed() -> AsyncStream<StackFollowed>
    func stop()
}
