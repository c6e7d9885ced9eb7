import CMalloc
import Glibc
import ServiceLifecycle

/// Hands back heap freed after a burst (200 clients naming 1000 taskspaces, a flood of
/// windows): glibc keeps freed memory in its arenas for reuse, so a desktop daemon idling for
/// hours after one busy minute would hold that minute's peak. It looks every `interval` at how
/// much freed heap glibc holds (`mallinfo2`, a walk of two arenas' bins) and trims only when
/// that passes `threshold`, that is after a burst, not on every tick. The arenas themselves are
/// limited to two at start-up (`limitArenas`): one per thread that ever allocated, as glibc would
/// make, leaves more memory stranded between them.
struct MemoryReturn<C: Clock>: Service where C.Duration == Duration {
    let clock: C
    let interval: Duration
    /// Freed heap worth giving back.
    static var threshold: Int { 4 << 20 }

    /// Called once, before the daemon's threads start. Blocks of 128 KiB and more (a 1 MiB
    /// line, a large reply) are always mapped on their own and unmapped when freed: glibc would
    /// otherwise raise that threshold after the first such free and keep later ones in its heap.
    static func limitArenas() {
        _ = mallopt(M_ARENA_MAX, 2)
        _ = mallopt(M_MMAP_THRESHOLD, 128 << 10)
    }

    /// Bytes of freed heap glibc holds now.
    static var freeHeap: Int { Int(mallinfo2().fordblks) }

    /// Trims when a burst left more than `threshold` freed; answers whether it did.
    @discardableResult
    static func trimAfterBurst() -> Bool {
        guard freeHeap > threshold else { return false }
        return malloc_trim(0) != 0
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = try? await clock.sleep(for: interval)
                Self.trimAfterBurst()
            }
        }
    }
}
