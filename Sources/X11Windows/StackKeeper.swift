import CX11
import Glibc
import Registrar
import Synchronization

/// The live `WindowStacker`: a thread of its own with its own X connection, started the first
/// time a stack is kept (no stack, no thread). It selects StructureNotify on every stacked
/// window and its frame, so a move of the top window by any means (mouse, keyboard, the
/// manager's tiling shortcuts) arrives as a ConfigureNotify; `StackFollowPolicy` coalesces them,
/// and the thread sleeps in `poll` with no timeout while nothing moves.
public final class StackKeeper: WindowStacker, Sendable {
    enum Command: Sendable {
        case update(StackSpec)
        case remove(String)
        case arrange(String, top: WindowID, followers: [WindowID], moveTopTo: StackRect?, restack: Bool,
                     reply: @Sendable (StackArrangement?) -> Void)
    }

    private struct Mailbox {
        var commands: [Command] = []
        var started = false
        var stopped = false
    }

    let displayName: String?
    let wake = WakeUpSignal()
    private let mailbox = Mutex(Mailbox())
    private let stream: AsyncStream<StackFollowed>
    let continuation: AsyncStream<StackFollowed>.Continuation

    public init(displayName: String?) {
        self.displayName = displayName
        (stream, continuation) = AsyncStream.makeStream(of: StackFollowed.self, bufferingPolicy: .bufferingNewest(256))
    }

    public func update(_ spec: StackSpec) { send(.update(spec)) }
    public func remove(_ stack: String) { send(.remove(stack)) }
    public func followed() -> AsyncStream<StackFollowed> { stream }

    public func arrange(_ stack: String, top: WindowID, followers: [WindowID], moveTopTo: StackRect?,
                        restack: Bool) async -> StackArrangement? {
        await withCheckedContinuation { continuation in
            let answer = OnceAnswer<StackArrangement?>()
            answer.wait(continuation)
            guard send(.arrange(stack, top: top, followers: followers, moveTopTo: moveTopTo, restack: restack, reply: { answer.give($0) }))
            else { return answer.give(nil) }
        }
    }

    public func stop() {
        mailbox.withLock { $0.stopped = true }
        wake.signal()
        continuation.finish()
    }

    /// Queues `command` and wakes the thread, starting it the first time; false once stopped.
    @discardableResult
    private func send(_ command: Command) -> Bool {
        let start = mailbox.withLock { mailbox -> Bool? in
            guard !mailbox.stopped else { return nil }
            mailbox.commands.append(command)
            defer { mailbox.started = true }
            return !mailbox.started
        }
        guard let start else { return false }
        if start {
            // The loop is made on its thread and lives there alone.
            DetachedThread.start(name: "stack") { [self] in StackLoop(keeper: self).run() }
        }
        wake.signal()
        return true
    }

    /// The commands queued since the last call, and whether to stop.
    func take() -> (commands: [Command], stop: Bool) {
        mailbox.withLock { mailbox in
            defer { mailbox.commands.removeAll() }
            return (mailbox.commands, mailbox.stopped)
        }
    }
}
