import FoundationEssentials
import Registrar
import RegistrarProtocol

/// A taskspace's progress log in its `taskspace.json`, kept as Symposium's app keeps it
/// (PROTOCOL.md 8.5, 8.6): entries `{id, message, category, timestamp}` in the order written,
/// a `question` until the user acknowledges it.
extension TaskspaceFile {
    public var logs: [JSONValue] { members["logs"]?.arrayValue ?? [] }

    /// Whether a `question` waits for the user (the app's "needs attention").
    public var hasOpenQuestion: Bool { logs.contains { $0["category"]?.stringValue == ProgressCategory.question.rawValue } }

    /// Appends an entry and moves a hatchling to resume (its agent is at work). At most `limit`
    /// entries are kept: the oldest go first, but never an open `question`.
    public mutating func appendLog(id: String, message: String, category: ProgressCategory, at time: Date, limit: Int) {
        var entries = logs
        entries.append([
            "id": .string(id), "message": .string(message), "category": .string(category.rawValue),
            "timestamp": .string(time.ISO8601Format()),
        ])
        var excess = entries.count - limit
        if excess > 0 {
            entries = entries.filter { entry in
                guard excess > 0, entry["category"]?.stringValue != ProgressCategory.question.rawValue else { return true }
                excess -= 1
                return false
            }
        }
        members["logs"] = .array(entries)
        if isHatchling { members["state"] = ["resume": [:]] }
    }

    /// The user has seen the taskspace: every `question` becomes `info` (id, message and time
    /// kept) and `lastActivatedAt` is now, as a click on the app's card does. False when there
    /// was no question.
    @discardableResult
    public mutating func acknowledgeQuestions(at time: Date) -> Bool {
        guard hasOpenQuestion else { return false }
        members["logs"] = .array(logs.map { entry in
            guard entry["category"]?.stringValue == ProgressCategory.question.rawValue, case .object(var fields) = entry
            else { return entry }
            fields["category"] = .string(ProgressCategory.info.rawValue)
            return .object(fields)
        })
        members["lastActivatedAt"] = .string(time.ISO8601Format())
        return true
    }

    /// What a view of the taskspace shows of its file (`status`, `taskspaces`).
    public var summary: TaskspaceSummary {
        let last = logs.last
        return TaskspaceSummary(
            lifecycle: isHatchling ? "hatchling" : members["state"]?["resume"] != nil ? "resume" : nil,
            newestLog: last?["message"]?.stringValue.map { BoundedFile.heldToLimit($0) ?? $0 },
            newestLogCategory: last?["category"]?.stringValue, newestLogAt: last?["timestamp"]?.stringValue)
    }
}

/// A taskspace's file as its card shows it: started or not, and the newest log.
public struct TaskspaceSummary: Sendable, Equatable {
    public var lifecycle: String?
    public var newestLog: String?
    public var newestLogCategory: String?
    public var newestLogAt: String?
}
