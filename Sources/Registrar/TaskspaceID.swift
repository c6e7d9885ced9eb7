/// A taskspace's UUID. Compared without regard to case, but remembered as first spelled:
/// Symposium's extension compares roll-call UUIDs case-sensitively against its `task-<UUID>`
/// directory name, so the registrar must say them back exactly as it learned them.
public struct TaskspaceID: Hashable, Sendable, CustomStringConvertible {
    /// The spelling to use on the wire.
    public let spelling: String
    /// The lower-case form identity is decided by.
    public let key: String

    /// Nil unless `text` is a UUID (8-4-4-4-12 hex digits): taskspace ids reach paths, so
    /// nothing else is accepted.
    public init?(_ text: String) {
        guard let marker = Marker(uuid: text) else { return nil }
        spelling = text
        key = marker.uuid
    }

    public var description: String { spelling }

    public static func == (lhs: TaskspaceID, rhs: TaskspaceID) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}
