import CX11
import Registrar

/// What a stack needs to know of a window: its client rectangle in root coordinates, its frame,
/// its size hints, desktop and states. Each read is a round trip or two; nil for a window gone.
extension XConnection {
    /// The client window of `window` in root coordinates.
    func clientRect(_ window: UInt) -> StackRect? {
        var root: UInt = 0, child: UInt = 0
        var x: Int32 = 0, y: Int32 = 0, rootX: Int32 = 0, rootY: Int32 = 0
        var width: UInt32 = 0, height: UInt32 = 0, border: UInt32 = 0, depth: UInt32 = 0
        guard XGetGeometry(display, window, &root, &x, &y, &width, &height, &border, &depth) != 0,
              XTranslateCoordinates(display, window, root, 0, 0, &rootX, &rootY, &child) != 0
        else { return nil }
        // The position of the window's own outer corner (its border included), as X and the
        // manager's StaticGravity count it; the size is inside the border, as X counts it.
        return StackRect(x: Int(rootX) - Int(border), y: Int(rootY) - Int(border), width: Int(width), height: Int(height))
    }

    /// The top-level window holding `window`: the manager's frame, or the window itself when it
    /// is not reparented. Nil when it is gone.
    func frame(of window: UInt) -> UInt? {
        var current = window
        while true {
            var root: UInt = 0, parent: UInt = 0
            var children: UnsafeMutablePointer<UInt>?
            var count: UInt32 = 0
            guard XQueryTree(display, current, &root, &parent, &children, &count) != 0 else { return nil }
            if let children { XFree(children) }
            if parent == root || parent == 0 { return current }
            current = parent
        }
    }

    /// `WM_NORMAL_HINTS`' minimum size, base size and resize increments (ICCCM: the base size
    /// defaults to the minimum and the other way round).
    func sizeHints(_ window: UInt) -> SizeHints {
        var hints = XSizeHints()
        var supplied = 0
        guard XGetWMNormalHints(display, window, &hints, &supplied) != 0 else { return SizeHints() }
        let flags = hints.flags
        let hasMin = flags & PMinSize != 0, hasBase = flags & PBaseSize != 0
        let minWidth = hasMin ? hints.min_width : hasBase ? hints.base_width : 1
        let minHeight = hasMin ? hints.min_height : hasBase ? hints.base_height : 1
        let baseWidth = hasBase ? hints.base_width : hasMin ? hints.min_width : 0
        let baseHeight = hasBase ? hints.base_height : hasMin ? hints.min_height : 0
        let increments = flags & PResizeInc != 0
        return SizeHints(minWidth: Int(minWidth), minHeight: Int(minHeight), baseWidth: Int(baseWidth), baseHeight: Int(baseHeight),
                         widthIncrement: increments ? Int(hints.width_inc) : 1, heightIncrement: increments ? Int(hints.height_inc) : 1)
    }

    /// `_NET_WM_DESKTOP`, when the manager set it.
    func desktop(of window: UInt) -> UInt? {
        readItems32(window, atom("_NET_WM_DESKTOP"), type: XA_CARDINAL).value?.first
    }

    /// `_NET_WM_STATE`'s atoms.
    func states(of window: UInt) -> Set<UInt> {
        Set(readItems32(window, atom("_NET_WM_STATE"), type: XA_ATOM).value ?? [])
    }

    /// `_NET_FRAME_EXTENTS` (left, right, top, bottom), zero where the manager sets none.
    func frameExtents(of window: UInt) -> (left: Int, right: Int, top: Int, bottom: Int) {
        let extents = readItems32(window, atom("_NET_FRAME_EXTENTS"), type: XA_CARDINAL).value ?? []
        guard extents.count == 4 else { return (0, 0, 0, 0) }
        return (Int(extents[0]), Int(extents[1]), Int(extents[2]), Int(extents[3]))
    }

    func atom(_ name: String) -> Atom { XInternAtom(display, name, 0) }
}
