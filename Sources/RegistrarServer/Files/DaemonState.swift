import FoundationEssentials
import Glibc
import Logging
import Registrar
import RegistrarProtocol

/// The daemon's own memory across restarts: every taskspace it learned, with what it knows of
/// it, so that taskspaces named only over IPC are still called back after a restart. Written
/// whole through `AtomicFile`; a file that cannot be read is moved aside, never fatal.
public struct DaemonState: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public var uuid: String
        public var name: String?
        public var description: String?
        public var projectPath: String?
        public var directory: String?
        /// Its windows (`0x...`) on the server `serverID`, when it had any.
        public var windows: [String]?

        enum CodingKeys: String, CodingKey {
            case uuid, name, description
            case projectPath = "project_path"
            case directory, windows
        }
    }

    /// A `taskspace.json` change that failed and waits to be tried again: it outlives a restart,
    /// so the file's older content does not win.
    public struct PendingWrite: Codable, Sendable {
        public var directory: String
        public var uuid: String
        public var name: String?
        public var description: String?
    }

    public var version = 1
    public var display: String
    /// Changes of `taskspace.json` files still to be written.
    public var pendingFileWrites: [PendingWrite]?
    /// The X server the windows belong to (`_SYMPOSIUM_REGISTRAR_SERVER_ID`).
    public var serverID: String?
    public var taskspaces: [Entry]
    /// Each stacked project's rectangle (client area, root coordinates), by project directory.
    public var stacks: [String: StackRect]?

    enum CodingKeys: String, CodingKey {
        case version, display, taskspaces, stacks
        case serverID = "server_id"
        case pendingFileWrites = "pending_file_writes"
    }

    /// `associations` may hold windows no taskspace shows yet: those remembered from before a
    /// restart that the display has not confirmed or refuted.
    public init(display: String, serverID: String?, taskspaces: [Taskspace], associations: [TaskspaceID: Set<WindowID>]) {
        self.display = display
        self.serverID = serverID
        self.taskspaces = taskspaces.map {
            let windows = associations[$0.id] ?? []
            return Entry(uuid: $0.id.spelling, name: $0.name, description: $0.description,
                         projectPath: $0.projectPath, directory: $0.directory,
                         windows: windows.isEmpty ? nil : windows.sorted().map(\.hex))
        }
    }

    /// The saved associations, by taskspace.
    public var associations: [TaskspaceID: Set<WindowID>] {
        taskspaces.reduce(into: [:]) { result, entry in
            guard let id = TaskspaceID(entry.uuid), let windows = entry.windows else { return }
            let parsed = Set(windows.compactMap(WindowID.init(parsing:)))
            if !parsed.isEmpty { result[id] = parsed }
        }
    }

    var learnedTaskspaces: [Taskspace] {
        taskspaces.compactMap { entry in
            TaskspaceID(entry.uuid).map {
                Taskspace(id: $0, name: entry.name, description: entry.description,
                          projectPath: entry.projectPath, directory: entry.directory)
            }
        }
    }

    /// `$XDG_STATE_HOME/symposium-registrar/<display>.json`, or under `~/.local/state`.
    static func defaultPath(display: String, environment: [String: String]) -> String {
        let base: String
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else {
            base = (environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path) + "/.local/state"
        }
        return base + "/symposium-registrar/" + SocketLocation.fileName(display: display) + ".json"
    }

    /// The state at `path`; nil when there is none yet. An unreadable file is renamed to
    /// `<path>.corrupt-<time>` with a warning, and the daemon starts empty; a symbolic link or
    /// another user's file there is refused (`OwnedFile`), so the daemon does not start.
    static func load(from path: String, logger: Logger) throws(RegistrarError) -> DaemonState? {
        let data: Data
        do {
            // A link or a stranger's file stops the start-up (`.startup`); a file too large to
            // read is set aside like one that cannot be parsed.
            guard let read = try OwnedFile.read(path, what: "the state file") else { return nil }
            data = read
        } catch where error.code == .file {
            setAside(path, because: error.message, logger: logger)
            return nil
        }
        do {
            return try JSONDecoder().decode(DaemonState.self, from: data)
        } catch {
            setAside(path, because: "\(error)", logger: logger)
            return nil
        }
    }

    private static func setAside(_ path: String, because error: String, logger: Logger) {
        let aside = path + ".corrupt-\(Int(Date().timeIntervalSince1970))"
        let moved = rename(path, aside) == 0
        logger.warning("state file unreadable; starting without it", metadata: [
            "path": "\(path)", "error": "\(error)", "moved-to": "\(moved ? aside : "(could not move)")",
        ])
    }

    /// Written entry by entry (`AtomicFile`'s piecewise write): at the documented limits
    /// (10,000 taskspaces with names and descriptions of 4 KiB) the file is 80 MB, which encoded
    /// whole took two or three times that in memory for a moment, at every change.
    func save(to path: String) throws(RegistrarError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path.parentDirectory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw RegistrarError(.file, "cannot write \(path): \(error)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var head = self
        head.taskspaces = []
        guard let headData = try? encoder.encode(head), case let headText = String(decoding: headData, as: UTF8.self),
              let open = headText.firstRange(of: "\"taskspaces\":[]") else {
            throw RegistrarError(.file, "cannot encode the state for \(path)")
        }
        try AtomicFile.write(to: path) { write in
            // The document around the taskspaces, with them written in between one at a time.
            write(Data((String(headText[..<open.lowerBound]) + "\"taskspaces\":[\n").utf8))
            for (index, entry) in taskspaces.enumerated() {
                guard let data = try? encoder.encode(entry) else { return false }
                write(Data((index == 0 ? "" : ",\n").utf8) + data)
            }
            write(Data(("\n]" + String(headText[open.upperBound...]) + "\n").utf8))
            return true
        }
    }
}
