import RegistrarClient
import Synchronization
import Testing

/// The client's inbox holds a bounded queue: a deliverer waits for room instead of growing it,
/// and a waiter's line is handed over at once whatever the queue holds.
@Suite struct LineInboxTests {
    @Test func aFullQueueMakesItsDelivererWaitUntilALineIsTaken() async {
        let inbox = LineInbox(lineLimit: 2, byteLimit: 1 << 20)
        await inbox.deliver("one")
        await inbox.deliver("two")
        let delivered = Mutex(false)
        let third = Task {
            await inbox.deliver("three")
            delivered.withLock { $0 = true }
        }
        // Ordered, not timed: the first line is taken only after the third was offered, and
        // the third is in the queue only after that.
        #expect(await inbox.next() == "one")
        await third.value
        #expect(delivered.withLock { $0 })
        #expect(await inbox.next() == "two")
        #expect(await inbox.next() == "three")
    }

    @Test func aWaitersLineIsHandedOverWhileTheQueueIsFull() async {
        let inbox = LineInbox(lineLimit: 1, byteLimit: 1 << 20)
        await inbox.deliver("roll call")
        async let reply = inbox.next(timeout: .seconds(30)) { $0 == "reply" }
        // The waiter may register before or after this line arrives; either way it gets it.
        while inbox.isEmpty { await Task.yield() }
        await inbox.deliver("reply")
        #expect(await reply == "reply")
        #expect(await inbox.next() == "roll call")
    }

    @Test func aLineOverTheByteLimitWaitsForAnEmptyQueueAndIsThenTaken() async {
        let inbox = LineInbox(lineLimit: 100, byteLimit: 8)
        await inbox.deliver("12345")
        let big = Task { await inbox.deliver("a line longer than the limit") }
        #expect(await inbox.next() == "12345")
        await big.value
        #expect(await inbox.next() == "a line longer than the limit")
    }

    @Test func aBlockedThreadIsReleasedByATake() async {
        let inbox = LineInbox(lineLimit: 1, byteLimit: 1 << 20)
        await inbox.deliver("first")
        let done = Mutex(false)
        let thread = Task.detached {
            inbox.deliverWaiting("second")
            done.withLock { $0 = true }
        }
        #expect(await inbox.next() == "first")
        await thread.value
        #expect(done.withLock { $0 })
        #expect(await inbox.next() == "second")
    }
}
