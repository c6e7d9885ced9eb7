import FoundationEssentials
import Glibc

/// A taskspace as the registrar knows it: where it came from, what it is called, and which
/// windows currently belong to it. More than one window is allowed (an editor may show one
/// taskspace in two windows).
public struct Taskspace: Hashable, Sendable {
    public let id: TaskspaceID
    public var name: String?
    public var description: String?
    /// The Symposium project directory it belongs to, when known.
    public var projectPath: String?
    /// Its `task-<UUID>` directory, when it was loaded from a project on disk: metadata is
    /// written back to `taskspace.json` there.
    public var directory: String?
    public var windows: Set<WindowID> = []

    public init(id: TaskspaceID, name: String? = nil, description: String? = nil,
                projectPath: String? = nil, directory: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.projectPath = projectPath
        self.directory = directory
    }

    public var isRegistered: Bool { !windows.isEmpty }
}

/// An opaque handle the caller gives each registration, so answers can find their way back to
/// the connection and request that asked.
public struct RegistrationTicket: Hashable, Sendable, Comparable {
    public let value: UInt64
    public init(_ value: UInt64) { self.value = value }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}

/// How a registration ended.
public enum RegistrationOutcome: Hashable, Sendable {
    case registered(WindowID)
    case notFound(WindowQuery, waited: Duration)
    case ambiguous(WindowQuery, [WindowID])
    /// The X display was unavailable until the deadline.
    case displayUnavailable(waited: Duration)
    /// The daemon stopped, or a limit refused the request, before an answer.
    case abandoned(reason: String)
    /// The marker was registered for another taskspace first (`MarkerClaims`).
    case claimedElsewhere(Marker, by: TaskspaceID)

    public var window: WindowID? {
        if case .registered(let id) = self { return id }
        return nil
    }

    /// The plain sentence a failed registration is answered with.
    public var errorText: String? {
        switch self {
        case .registered:
            return nil
        case .notFound(let query, let waited):
            return "window not found: no top-level window title contains \(query) after \(waited.secondsText) s"
        case .ambiguous(let query, let ids):
            return "ambiguous marker: \(ids.count) windows show \(query) (\(ids.map(\.hex).joined(separator: ", "))); nothing associated"
        case .displayUnavailable:
            return "X display unavailable"
        case .abandoned(let reason):
            return reason
        case .claimedElsewhere(let marker, let holder):
            return "marker \(marker) is already claimed by taskspace \(holder.spelling); a marker names one window for one taskspace"
        }
    }
}

/// What the registry asks its owner to do; the registry itself does no I/O.
public enum RegistryAction: Hashable, Sendable {
    /// Reply to the registration `ticket` made for `taskspace`.
    case answer(RegistrationTicket, taskspace: TaskspaceID, RegistrationOutcome)
    case rollCall(RollCall)
}
