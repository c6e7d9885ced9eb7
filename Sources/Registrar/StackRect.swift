/// A client window's rectangle in root coordinates: what a stack of windows shares. The client
/// area, not the manager's frame, so windows with frames of different sizes line up where the
/// user looks and a move by the frame does not drift.
public struct StackRect: Codable, Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// `800x600+10+20`, as X geometry strings go.
    public var description: String { "\(width)x\(height)\(x < 0 ? "" : "+")\(x)\(y < 0 ? "" : "+")\(y)" }
}

/// What a window's `WM_NORMAL_HINTS` allow: a terminal grows by whole character cells. The stack's
/// size is brought to the nearest allowed one at or below it, and the difference reported,
/// rather than asked for and fought over.
public struct SizeHints: Hashable, Sendable {
    public var minWidth = 1, minHeight = 1
    public var baseWidth = 0, baseHeight = 0
    public var widthIncrement = 1, heightIncrement = 1

    public init(minWidth: Int = 1, minHeight: Int = 1, baseWidth: Int = 0, baseHeight: Int = 0,
                widthIncrement: Int = 1, heightIncrement: Int = 1) {
        self.minWidth = max(1, minWidth)
        self.minHeight = max(1, minHeight)
        self.baseWidth = max(0, baseWidth)
        self.baseHeight = max(0, baseHeight)
        self.widthIncrement = max(1, widthIncrement)
        self.heightIncrement = max(1, heightIncrement)
    }

    /// `rect` with the largest allowed size not above its own (never below the minimum).
    public func constrain(_ rect: StackRect) -> StackRect {
        var result = rect
        result.width = Self.fit(rect.width, minimum: minWidth, base: baseWidth, increment: widthIncrement)
        result.height = Self.fit(rect.height, minimum: minHeight, base: baseHeight, increment: heightIncrement)
        return result
    }

    private static func fit(_ wanted: Int, minimum: Int, base: Int, increment: Int) -> Int {
        guard wanted > minimum else { return minimum }
        let steps = (wanted - base) / increment
        return max(minimum, base + max(0, steps) * increment)
    }
}
