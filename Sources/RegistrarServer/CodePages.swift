import Glibc
import Registrar

/// The executable's code pages, let go of. The kernel maps code around each page a process
/// faults in (64 KB at a time), so start-up, a burst of requests or one `status` with a thousand
/// taskspaces leave much of the binary's text resident although an idle daemon runs a small
/// part of it. Code pages are never written, so they are the file's own: dropping them from
/// this process's page tables (`MADV_DONTNEED` on its executable mappings of its own file) costs
/// a fault for whatever runs again, served from the page cache.
public enum CodePages {
    /// Answers the bytes of mappings it let go of.
    @discardableResult
    public static func release() -> Int {
        var released = 0
        for range in codeRanges {
            guard let start = UnsafeMutableRawPointer(bitPattern: range.lowerBound) else { continue }
            if madvise(start, Int(range.count), MADV_DONTNEED) == 0 { released += Int(range.count) }
        }
        return released
    }

    /// The executable's code mappings, read once from `/proc/self/maps`: they do not move.
    private static let codeRanges: [Range<UInt>] = {
        guard let executable = executablePath(), let maps = fopen("/proc/self/maps", "r") else { return [] }
        defer { fclose(maps) }
        var ranges: [Range<UInt>] = []
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), maps) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let fields = text.split(separator: " ", omittingEmptySubsequences: true)
            // start-end perms offset dev inode path. Code only (r-xp): a read-only data mapping
            // may be RELRO, pages the loader relocated before protecting them, which dropping
            // would turn back into the file's unrelocated bytes.
            guard fields.count >= 6, fields[1] == "r-xp",
                  String(fields[5]).trimmingWhitespace() == executable else { continue }
            let bounds = fields[0].split(separator: "-").compactMap { UInt(String($0), radix: 16) }
            if bounds.count == 2, bounds[0] < bounds[1] { ranges.append(bounds[0] ..< bounds[1]) }
        }
        return ranges
    }()

    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0 ..< count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
