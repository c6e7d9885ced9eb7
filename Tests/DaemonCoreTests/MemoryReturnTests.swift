@testable import RegistrarServer
import Testing

/// Freed heap goes back after a burst. (That a quiet heap is left alone is not checked here:
/// other tests in this process free memory at any moment.)
@Suite struct MemoryReturnTests {
    @Test func aBurstLeavesFreedHeapThatIsTrimmed() {
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
