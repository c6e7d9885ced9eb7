import RegistrarServer
import Testing

/// A raise wakes whoever waits, however many do.
@Suite(.timeLimit(.minutes(1))) struct AsyncSignalTests {
    @Test func twoWaitersAreBothWoken() async {
        let signal = AsyncSignal()
        let started = AsyncSignal()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0 ..< 2 {
                group.addTask {
                    started.raise()
                    await signal.wait()
                }
            }
            // Raised until both returned: a waiter that parks after a raise returns at the next.
            var finished = 0
            while finished < 2 {
                signal.raise()
                if await group.next() != nil { finished += 1 }
            }
        }
        #expect(Bool(true), "both waits returned")
    }
}
