@testable import RegistrarServer
import Testing

/// Freed heap goes back after a burst, and only then.
@Suite(.serialized) struct MemoryReturnTests {
    @Test func aBurstLeavesFreedHeapThatIsTrimmedAndQuietTimesTrimNothing() {
        MemoryReturn<ContinuousClock>.trimAfterBurst()
        #expect(!MemoryReturn<ContinuousClock>.trimAfterBurst(), "nothing to give back right after a trim")
        // A burst: 16 MiB in small blocks, all freed again.
        var blocks: [UnsafeMutableRawPointer] = []
        for _ in 0 ..< 16 * 1024 {
            let block = UnsafeMutableRawPointer.allocate(byteCount: 1000, alignment: 8)
            block.storeBytes(of: 1, as: UInt8.self)
            blocks.append(block)
        }
        // Freed in allocation order except the last, which keeps the top of the heap in use, so
        // the freed memory stays inside the heap rather than shrinking it on the spot.
        for block in blocks.dropLast() { block.deallocate() }
        #expect(MemoryReturn<ContinuousClock>.freeHeap > MemoryReturn<ContinuousClock>.threshold)
        #expect(MemoryReturn<ContinuousClock>.trimAfterBurst())
        blocks.last?.deallocate()
    }
}
