import Registrar
import X11Windows

/// A `WindowStacker` that keeps no stacks: for environments without a display (in-process
/// tests that are not about stacks).
public struct NoStacker: WindowStacker {
    public init() {}
    public func update(_ spec: StackSpec) {}
    public func remove(_ stack: String) {}
    public func arrange(_ stack: String, top: WindowID, followers: [WindowID], moveTopTo: StackRect?, restack: Bool) async -> StackArrangement? {
        nil
    }
    public func followed() -> AsyncStream<StackFollowed> { AsyncStream { $0.finish() } }
    public func stop() {}
}
