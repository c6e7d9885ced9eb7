/// The `data` of the `registrar_windows` reply: the daemon's live index.
public struct WindowsData: Codable, Sendable {
    public struct Window: Codable, Sendable {
        public var id: String
        public var title: String
        /// The marker's UUID, when the title carries one.
        public var marker: String?
        /// True for a window of a local process of another user: whatever its title says, it
        /// carries no marker for this registrar. Left out otherwise.
        public var foreign: Bool?

        public init(id: String, title: String, marker: String?, foreign: Bool = false) {
            self.id = id
            self.title = title
            self.marker = marker
            self.foreign = foreign ? true : nil
        }
    }

    public var display: String
    /// `ewmh` or `tree-walk`; nil while not connected.
    public var mode: String?
    public var modeDescription: String?
    public var manager: String?
    public var connected: Bool
    public var windows: [Window]
    /// How many windows the index holds, and how many of them are marked, whatever `windows`
    /// lists (all of them, or with `marked_only` the marked ones).
    public var total: Int?
    public var marked: Int?

    public init(display: String, mode: String?, modeDescription: String?, manager: String?, connected: Bool, windows: [Window]) {
        self.display = display
        self.mode = mode
        self.modeDescription = modeDescription
        self.manager = manager
        self.connected = connected
        self.windows = windows
    }

    enum CodingKeys: String, CodingKey {
        case display, mode, manager, connected, windows, total, marked
        case modeDescription = "mode_description"
    }
}
