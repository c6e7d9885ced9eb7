/// `taskspace_roll_call` (PROTOCOL.md section 5): asks the extension of that taskspace to
/// register its window again.
public struct RollCallPayload: Codable, Hashable, Sendable {
    public var taskspaceUUID: String

    public init(taskspaceUUID: String) { self.taskspaceUUID = taskspaceUUID }

    enum CodingKeys: String, CodingKey { case taskspaceUUID = "taskspace_uuid" }
}

extension Message where Payload == RollCallPayload {
    public static let rollCallType = "taskspace_roll_call"

    /// The roll call for `taskspace`, spelled as the registrar first learned it.
    public static func rollCall(_ taskspace: String, id: String) -> Message {
        Message(type: rollCallType, id: id, payload: RollCallPayload(taskspaceUUID: taskspace))
    }
}

/// `registrar_roll_call`: every taskspace (`all`), or one.
public struct RollCallRequest: Codable, Sendable {
    public var all: Bool?
    public var taskspaceUUID: String?

    public static let everyTaskspace = RollCallRequest(all: true, taskspaceUUID: nil)
    public static func taskspace(_ uuid: String) -> RollCallRequest { RollCallRequest(all: nil, taskspaceUUID: uuid) }

    init(all: Bool?, taskspaceUUID: String?) {
        self.all = all
        self.taskspaceUUID = taskspaceUUID
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        all = try container.flag(.all)
        taskspaceUUID = try container.string(.taskspaceUUID)
    }

    enum CodingKeys: String, CodingKey {
        case all
        case taskspaceUUID = "taskspace_uuid"
    }
}

/// The `data` of the `registrar_roll_call` reply.
public struct RollCallSent: Codable, Sendable {
    /// Roll calls that went out.
    public var sent: Int
    /// Connections the last of them reached, the asker's own included.
    public var clients: Int
    /// Roll calls held back because their taskspace's registration is under way (or was just
    /// answered); each goes out when that is over, if the taskspace still has no window.
    public var heldBack: Int

    public init(sent: Int, clients: Int, heldBack: Int = 0) {
        self.sent = sent
        self.clients = clients
        self.heldBack = heldBack
    }

    enum CodingKeys: String, CodingKey {
        case sent, clients
        case heldBack = "held_back"
    }
}
