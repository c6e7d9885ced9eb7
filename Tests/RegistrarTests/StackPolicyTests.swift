import InProcessSupport
import Registrar
import Testing

/// The pure parts of stacked windows: when a stack follows its top window, what size a window's
/// hints allow, which managers tile.
@Suite struct StackPolicyTests {
    @Test func aMoveIsFollowedAtOnceAndABurstOncePerIntervalWithTheLastOneAlways() {
        let clock = ManualClock()
        var policy = StackFollowPolicy<ManualClock>(coalescing: .milliseconds(50))
        #expect(policy.nextDeadline == nil)
        // A move after quiet (a keyboard move, a tiling shortcut): followed at once.
        policy.moved("a", at: clock.now)
        #expect(policy.takeDue(at: clock.now) == ["a"])
        #expect(policy.nextDeadline == nil, "nothing waits: no wake-up")
        // A drag: moves within the interval wait for its end, and ride along.
        clock.advance(by: .milliseconds(20))
        policy.moved("a", at: clock.now)
        #expect(policy.nextDeadline == clock.now.advanced(by: .milliseconds(30)))
        #expect(policy.takeDue(at: clock.now).isEmpty)
        clock.advance(by: .milliseconds(10))
        policy.moved("a", at: clock.now)
        clock.advance(by: .milliseconds(20))
        #expect(policy.takeDue(at: clock.now) == ["a"], "one follow for both moves, 50 ms after the last")
        // Two stacks keep their own pace; a forgotten one waits no longer.
        clock.advance(by: .milliseconds(100))
        policy.moved("b", at: clock.now)
        policy.moved("a", at: clock.now)
        #expect(policy.takeDue(at: clock.now) == ["a", "b"])
        clock.advance(by: .milliseconds(10))
        policy.moved("b", at: clock.now)
        policy.forget("b")
        #expect(policy.nextDeadline == nil)
    }

    @Test func sizeHintsGiveTheLargestAllowedSizeWithinTheStack() {
        // A terminal: 2 px of border around 6x13 cells, at least one cell.
        let terminal = SizeHints(minWidth: 10, minHeight: 17, baseWidth: 4, baseHeight: 4, widthIncrement: 6, heightIncrement: 13)
        let rect = StackRect(x: 10, y: 20, width: 503, height: 311)
        let placed = terminal.constrain(rect)
        #expect(placed == StackRect(x: 10, y: 20, width: 502, height: 303))
        #expect(terminal.constrain(StackRect(x: 0, y: 0, width: 3, height: 3)) == StackRect(x: 0, y: 0, width: 10, height: 17))
        #expect(SizeHints().constrain(rect) == rect, "no hints: the stack's own size")
        #expect(rect.description == "503x311+10+20")
        #expect(StackRect(x: -5, y: 7, width: 1, height: 2).description == "1x2-5+7")
    }

    @Test func tilingManagersAreKnownByName() {
        #expect(TilingManagers.places("dwm"))
        #expect(TilingManagers.places("i3"))
        #expect(TilingManagers.places("LG3D"), "xmonad's name for itself")
        #expect(!TilingManagers.places("Openbox"))
        #expect(!TilingManagers.places(nil))
    }
}
