import Glibc
import ServiceLifecycle

/// Hands memory freed after a burst (200 clients naming 1000 taskspaces, a flood of windows)
/// back to the system: glibc keeps freed heap in its arenas for reuse, so a desktop daemon that
/// idles for hours after one busy minute would hold that minute's peak. `malloc_trim` every
/// `interval` returns what is free; it costs a walk of the arenas, nothing when there is none.
/// The arenas themselves are limited to two at start-up (`limitArenas`): one per thread that
/// ever allocated, as glibc would make, leaves more memory stranded between them.
struct HeapTrimmer<C: Clock>: Service where C.Duration == Duration {
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
