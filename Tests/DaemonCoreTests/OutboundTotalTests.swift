import RegistrarServer
import Synchronization
import Testing

/// One budget for what all clients leave unread: past it, the client holding most is cut off,
/// whichever client the line that passed it was for.
@Suite struct OutboundTotalTests {
    /// Counts the cut-offs a hub asks for, per connection.
    final class CutOffs: Sendable {
        private let ids = Mutex<[Int]>([])
        func record(_ id: Int) { ids.withLock { $0.append(id) } }
        var all: [Int] { ids.withLock { $0 } }
    }

    @Test func theClientHoldingMostIsCutOffWhenAllTogetherPassTheTotal() {
        let hub = ConnectionHub(outboundBudget: 1000, totalBudget: 2500)
        let cuts = CutOffs()
        let ids = (0 ..< 4).map { index in hub.connect(cutOff: { cuts.record(index) }).0 }
        let line = String(repeating: "x", count: 299)  // 300 bytes with its line break
        // Client 0 holds 900 bytes, the others 300 each: 1800 in all.
        for _ in 0 ..< 3 { #expect(hub.send(line, to: ids[0])) }
        for id in ids.dropFirst() { #expect(hub.send(line, to: id)) }
        #expect(hub.total.bytes == 1800)
        #expect(cuts.all.isEmpty)
        // 600 more for client 1 (900) and 300 for client 2: 2700 passes 2500. Client 0 and 1
        // hold 900 each; the first of them found goes, and the total is back under.
        #expect(hub.send(line, to: ids[1]))
        #expect(hub.send(line, to: ids[1]))
        #expect(hub.total.bytes == 2400)
        hub.send(line, to: ids[2])
        #expect(cuts.all.count == 1)
        #expect([0, 1].contains(cuts.all.first ?? -1))
        #expect(hub.total.bytes == 1800)
        let dropped = hub.takeDropped()
        #expect(dropped.count == 1)
        #expect(dropped.first?.cause == .totalBudget)
        #expect(dropped.first?.bytes == 900)
        #expect(hub.clients.count == 3)
    }

    @Test func linesTheWriterTookCountUntilItAsksForTheNext() async {
        let total = OutboundTotal(budget: 1 << 20)
        let outbox = Outbox(budget: 1 << 20, total: total)
        _ = outbox.offer("first")
        _ = outbox.offer("second")
        #expect(total.bytes == 13)
        var iterator = outbox.makeAsyncIterator()
        #expect(await iterator.next() == "first")
        #expect(total.bytes == 13, "the line being written still counts")
        #expect(await iterator.next() == "second")
        #expect(total.bytes == 7)
        outbox.discard()
        #expect(total.bytes == 0, "a cut-off client's line being written counts no more")
        #expect(await iterator.next() == nil)
        #expect(total.bytes == 0)
    }

    @Test func aDiscardedOutboxGivesItsBytesBack() {
        let total = OutboundTotal(budget: 1 << 20)
        let outbox = Outbox(budget: 1 << 20, total: total)
        for _ in 0 ..< 10 { _ = outbox.offer(String(repeating: "y", count: 99)) }
        #expect(total.bytes == 1000)
        outbox.discard()
        #expect(total.bytes == 0)
        #expect(outbox.offer("late") == .closed)
    }

    /// Cutting off a client whose writer holds a line takes that line's bytes off the total at
    /// once: the cut must not cascade into clients that hold little.
    @Test func aCutOffClientsLineInFlightLeavesTheTotalAtOnce() async {
        let hub = ConnectionHub(outboundBudget: 2000, totalBudget: 2500)
        let cuts = CutOffs()
        let (heavy, heavyOutbox) = hub.connect(cutOff: { cuts.record(0) })
        let light = (1 ... 3).map { index in hub.connect(cutOff: { cuts.record(index) }).0 }
        #expect(hub.send(String(repeating: "h", count: 1999), to: heavy))
        var writer = heavyOutbox.makeAsyncIterator()
        _ = await writer.next()  // the writer holds it: in flight
        for id in light { #expect(hub.send(String(repeating: "l", count: 99), to: id)) }
        #expect(hub.total.bytes == 2300)
        hub.send(String(repeating: "l", count: 299), to: light[0])
        #expect(cuts.all == [0], "only the heavy client goes")
        #expect(hub.total.bytes == 600)
    }
}
