import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol

/// One taskspace as Symposium's app shows it on its card: name, Active (a window) or Dormant,
/// Hatchling (not started) or Resume, whether its agent waits for the user, the newest log with
/// its age, its window. The daemon's status gives the live part; `taskspace.json` the rest.
struct TaskspaceCard: Codable, Equatable {
    var uuid: String
    var name: String
    var active: Bool
    var lifecycle: String
    var attention: Bool
    var newestLog: String?
    var newestLogCategory: String?
    var newestLogAt: String?
    var window: String?
    var project: String?

    init(_ entry: StatusData.TaskspaceEntry) {
        uuid = entry.uuid
        name = entry.name ?? entry.uuid
        active = !entry.windows.isEmpty
        window = entry.windows.last
        project = entry.projectPath
        attention = entry.attentionSince != nil
        lifecycle = entry.lifecycle ?? "unknown"
        newestLog = entry.newestLog
        newestLogCategory = entry.newestLogCategory
        newestLogAt = entry.newestLogAt
        if newestLogCategory == "question" { attention = true }
        // The daemon says what it read or wrote; a taskspace it holds no file summary of is read here.
        guard entry.lifecycle == nil, let directory = entry.directory, let file = Self.read(directory + "/taskspace.json") else { return }
        lifecycle = file["state"]?["hatchling"] != nil ? "hatchling" : file["state"]?["resume"] != nil ? "resume" : "unknown"
        if let last = file["logs"]?.arrayValue?.last {
            newestLog = last["message"]?.stringValue
            newestLogCategory = last["category"]?.stringValue
            newestLogAt = last["timestamp"]?.stringValue
        }
        // A question not yet seen is attention too, whether or not this daemon was running when it came.
        if file["logs"]?.arrayValue?.contains(where: { $0["category"] == "question" }) == true { attention = true }
    }

    /// `taskspace.json`, read only when small (a card needs a few fields of it).
    static func read(_ path: String) -> JSONValue? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= 4 << 20,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// `Fix the parser  Active  Resume  ❓  "Tests pass" (milestone, 3 min ago)  0x00a00007`
    func line(now: Date = Date(), nameWidth: Int = 24) -> String {
        let shownName = name.printable(limit: 64)
        let padded = shownName + String(repeating: " ", count: max(0, nameWidth - shownName.count))
        var parts = [padded, active ? "Active " : "Dormant", lifecycle == "hatchling" ? "Hatchling" : lifecycle == "resume" ? "Resume   " : "?        ",
                     attention ? "needs you" : "         "]
        if let newestLog {
            let age = newestLogAt.flatMap { try? Date($0, strategy: .iso8601) }.map { Self.age(now.timeIntervalSince($0)) }
            parts.append("\"\(newestLog.printable(limit: 60))\" (\(newestLogCategory ?? "info")\(age.map { ", \($0) ago" } ?? ""))")
        } else {
            parts.append("(no log)")
        }
        parts.append(window ?? "-")
        return parts.joined(separator: "  ")
    }

    static func age(_ seconds: TimeInterval) -> String {
        switch max(0, seconds) {
        case ..<60: "\(Int(seconds)) s"
        case ..<3600: "\(Int(seconds / 60)) min"
        case ..<86400: "\(Int(seconds / 3600)) h"
        default: "\(Int(seconds / 86400)) d"
        }
    }

    enum CodingKeys: String, CodingKey {
        case uuid, name, active, lifecycle, attention, window, project
        case newestLog = "newest_log"
        case newestLogCategory = "newest_log_category"
        case newestLogAt = "newest_log_at"
    }
}
