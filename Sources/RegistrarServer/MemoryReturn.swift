import Glibc
import ServiceLifecycle

/// Hands back, every `interval`, memory the daemon holds but does not use: heap freed after a
/// burst (200 clients naming 1000 taskspaces, a flood of windows), which glibc keeps in its
/// arenas for reuse, so a desktop daemon idling for hours after one busy minute would hold that
/// minute's peak (`malloc_trim`); and code pages mapped by whatever ran since (`CodePages`).
/// Each costs little: a walk of the arenas, and a page fault per 64 KB of code that runs again.
/// The arenas themselves are limited to two at start-up (`limitArenas`): one per thread that
/// ever allocated, as glibc would make, leaves more memory stranded between them.
struct MemoryReturn<C: Clock>: Service where C.Duration == Duration {
    let clock: C
    let interval: Duration

    /// Called once, before the daemon's threads start.
    static func limitArenas() {
        _ = GlibcMalloc.mallopt?(GlibcMalloc.arenaMax, 2)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = try? await clock.sleep(for: interval)
                _ = GlibcMalloc.trim?(0)
                CodePages.release()
            }
        }
    }
}

/// glibc's `mallopt` and `malloc_trim`, which Swift's Glibc module does not import (they live in
/// `<malloc.h>`), looked up in the C library at run time.
enum GlibcMalloc {
    /// `M_ARENA_MAX` in `<malloc.h>`.
    static let arenaMax: Int32 = -8
    static let mallopt = symbol("mallopt", as: (@convention(c) (Int32, Int32) -> Int32).self)
    static let trim = symbol("malloc_trim", as: (@convention(c) (Int) -> Int32).self)

    private static func symbol<F>(_ name: String, as type: F.Type) -> F? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }  // RTLD_DEFAULT
        return unsafeBitCast(address, to: type)
    }
}
