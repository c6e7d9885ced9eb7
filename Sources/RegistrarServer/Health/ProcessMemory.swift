import Glibc

/// The daemon's own memory as the kernel counts it: `RssAnon` (heap and stacks it touched),
/// which a trick with mapped files cannot move, unlike VmRSS.
enum ProcessMemory {
    /// `RssAnon` of /proc/self/status in bytes, nil where there is no such line.
    static func rssAnonBytes() -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("RssAnon:") else { continue }
            let kilobytes = text.dropFirst("RssAnon:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}
