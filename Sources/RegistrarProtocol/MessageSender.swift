/// The `sender` of a message (PROTOCOL.md section 3), camelCase inside as Symposium writes it.
/// Symposium's parser rejects a message without one, so the registrar signs all of its own.
public struct MessageSender: Codable, Hashable, Sendable {
    public var workingDirectory: String
    public var taskspaceUuid: String?
    public var shellPid: Int?

    public init(workingDirectory: String, taskspaceUuid: String? = nil, shellPid: Int? = nil) {
        self.workingDirectory = workingDirectory
        self.taskspaceUuid = taskspaceUuid
        self.shellPid = shellPid
    }

    /// The sender the registrar signs its own messages with.
    public static let registrar = MessageSender(workingDirectory: "/")

    public func encode(to encoder: any Encoder) throws {
        // Symposium's bridge reads null members, so they are written rather than left out.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(workingDirectory, forKey: .workingDirectory)
        try container.encode(taskspaceUuid, forKey: .taskspaceUuid)
        try container.encode(shellPid, forKey: .shellPid)
    }
}
