/// A failure that crosses a module boundary, with a code the CLI maps to an exit status in one
/// place (`ExitStatus`) and a message written for a person: one line, no internals. Modelled on
/// swift-subprocess's `SubprocessError`: callers branch on `code`, people read `message`.
public struct RegistrarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Nothing more specific applies.
        public static let failure = Code("failure")
        /// No daemon listens on the socket.
        public static let noDaemon = Code("no-daemon")
        /// The daemon closed the connection before answering.
        public static let daemonClosed = Code("daemon-closed")
        /// The daemon did not answer in time.
        public static let noAnswer = Code("no-answer")
        /// The daemon answered something this build cannot read.
        public static let badReply = Code("bad-reply")
        /// The daemon answered `success: false`.
        public static let refused = Code("refused")
        /// No taskspace has the UUID or name given.
        public static let unknownTaskspace = Code("unknown-taskspace")
        /// An editor was started but no window of it registered in time.
        public static let editorNeverRegistered = Code("editor-never-registered")
        /// The daemon could not start (socket, lock, project, another registrar).
        public static let startup = Code("startup")
        /// The display's manager selection was taken without the `--replace` handshake over the
        /// daemon's own socket: the daemon left, and says who took it.
        public static let displaced = Code("displaced")
        /// Another registrar holds the display's manager selection: this daemon does not serve
        /// it. Not a failure a service manager should restart on (it would be refused again).
        public static let displayServed = Code("display-served")
        /// The socket is served by another user's process: nothing was sent to it.
        public static let strangerSocket = Code("stranger-socket")
        /// A part of the running daemon failed (the listener died, the lock file cannot be written).
        public static let serviceFailed = Code("service-failed")
        /// Reading or writing a file failed.
        public static let file = Code("file")
        /// Standard output was closed by its reader (`| head -1`): not worth a word.
        public static let outputClosed = Code("output-closed")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
