import RegistrarServer
import Testing

/// A client's outbox: bounded by bytes, roll calls once per taskspace while they wait.
@Suite struct OutboxTests {
    @Test func rollCallsForATaskspaceAlreadyWaitingAreNotQueuedAgain() async {
        let outbox = Outbox(budget: 1 << 20)
        for _ in 0 ..< 1000 {
            for taskspace in ["A", "B"] { _ = outbox.offer("call \(taskspace)", rollCall: taskspace) }
        }
        #expect(outbox.offer("reply", rollCall: nil) == .queued)
        outbox.finish()
        var lines: [String] = []
        for await line in outbox { lines.append(line) }
        #expect(lines == ["call A", "call B", "reply"])
    }

    @Test func overTheBudgetTheClientIsToBeCutOffButOneBigLineAloneIsTaken() {
        let outbox = Outbox(budget: 100)
        #expect(outbox.offer(String(repeating: "x", count: 500)) == .queued, "alone, a big reply still goes")
        #expect(outbox.offer("more") == .overBudget)
        let small = Outbox(budget: 100)
        #expect(small.offer(String(repeating: "y", count: 60)) == .queued)
        #expect(small.offer(String(repeating: "z", count: 60)) == .overBudget)
        #expect(small.waitingBytes == 61)
    }
}
