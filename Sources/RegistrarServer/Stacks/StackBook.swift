import FoundationEssentials
import Registrar
import RegistrarProtocol
import X11Windows

/// What the daemon keeps of each project's stack: whether `project.json` turns it on, its
/// rectangle (kept in the state file, so it survives restarts), its top window, how the last
/// arrangement went and how many moves were followed.
struct StackBook: Sendable {
    struct Entry: Sendable {
        var enabled = false
        var rect: StackRect?
        var top: WindowID?
        /// The last arrangement, nil when none was made or the display did not answer it.
        var last: StackArrangement?
        var unanswered = false
        var followed = 0
        var followRequests: Int?

        /// Effective when every window of the last arrangement reached the stack's rectangle (as
        /// its size hints allow); otherwise why not, a tiling manager named as such.
        var verdict: (effective: Bool?, reason: String?) {
            if unanswered { return (nil, "the display did not answer") }
            guard let last else { return (nil, nil) }
            let placed = last.placements
            let missed = placed.filter { !$0.reached }
            if placed.isEmpty { return (nil, "one window: nothing to stack yet") }
            if missed.isEmpty { return (true, nil) }
            let manager = last.manager
            return (false, TilingManagers.places(manager)
                ? "\(manager ?? "") is a tiling window manager: it places windows itself (\(missed.count) of \(placed.count) did not move to the stack)"
                : "\(manager ?? "no window manager") did not put \(missed.count) of \(placed.count) windows at the stack's rectangle")
        }
    }

    var entries: [String: Entry] = [:]
    /// `project.json` as last read, by project: a change by someone else is noticed by this.
    var stamps: [String: FileStamp] = [:]

    /// The rectangles to keep in the state file.
    var rects: [String: StackRect] { entries.compactMapValues(\.rect) }

    /// Keeps an arrangement (nil: the display did not answer) and the rectangle it found.
    mutating func note(_ arrangement: StackArrangement?, for project: String) {
        entries[project]?.last = arrangement
        entries[project]?.unanswered = arrangement == nil
        if let rect = arrangement?.rect { entries[project]?.rect = rect }
    }

    /// The report of `project`'s stack, its windows named with their taskspaces.
    func report(_ project: String, members: [(window: WindowID, taskspace: TaskspaceID)], manager: String?) -> StackReport {
        let entry = entries[project] ?? Entry()
        let placements = Dictionary((entry.last?.placements ?? []).map { ($0.window, $0) }, uniquingKeysWith: { $1 })
        let windows = members.map { member -> StackReport.Window in
            let placement = placements[member.window]
            var note: String?
            if let placement, !placement.reached {
                note = "asked for \(placement.wanted), is at \(placement.got?.description ?? "nowhere (gone)")"
            } else if let placement, placement.hinted, let rect = entry.rect {
                note = "its size hints allow \(placement.wanted.width)x\(placement.wanted.height), not \(rect.width)x\(rect.height)"
            }
            return StackReport.Window(windowID: member.window.hex, taskspaceUUID: member.taskspace.spelling,
                                      rect: placement?.got?.description, note: note)
        }
        let effective = entry.verdict.effective
        var reason = entry.verdict.reason
        let shownManager = entry.last?.manager ?? manager
        if entry.enabled, effective == nil, TilingManagers.places(shownManager) {
            reason = "\(shownManager ?? "") is a tiling window manager: it places windows itself, so stacking will likely not take effect"
        }
        var report = StackReport(projectPath: project, enabled: entry.enabled, effective: entry.enabled ? effective : nil,
                                 reason: entry.enabled ? reason : nil, manager: shownManager, rect: entry.rect?.description,
                                 top: entry.top?.hex, windows: windows, followed: entry.followed)
        report.followRequests = entry.followRequests
        return report
    }
}
