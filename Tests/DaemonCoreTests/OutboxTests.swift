import Foundation
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

/// A client that leaves its replies unread gets no more requests taken until it reads.
@Suite(.timeLimit(.minutes(1))) struct ReadAheadTests {
    @Test func theReaderWaitsUntilTheWriterHasHandedTheRepliesOn() async {
        let outbox = Outbox(budget: 1 << 20)
        await outbox.waitForRoom(below: 1000)  // nothing waits: at once
        _ = outbox.offer(String(repeating: "r", count: 1500))
        let resumed = ResumeRecorder()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await outbox.waitForRoom(below: 1000)
                resumed.mark()
            }
            var writer = outbox.makeAsyncIterator()
            _ = await writer.next()  // the writer took it: still being written
            while !outbox.readerIsWaiting { await Task.yield() }
            #expect(!resumed.marked, "1,501 bytes still count until the writer asks again")
            outbox.finish()
            _ = await writer.next()  // asks again: handed on
            await group.waitForAll()
        }
        #expect(resumed.marked)
    }
}

final class ResumeRecorder: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()
    var marked: Bool { lock.withLock { value } }
    func mark() { lock.withLock { value = true } }
}
