/// Work a request leaves to its connection: it runs outside the core (an X round trip, say)
/// and hands its reply back through the core. Beside the connection's reading, in its own task
/// group (a focus waits on X while later requests are answered), or `inline`: before the next
/// line is read (a status reply being made, which a client that does not read must not be
/// able to pile up).
public struct FollowUp: Sendable {
    public let run: @Sendable () async -> Void
    public let inline: Bool

    public init(inline: Bool = false, _ run: @escaping @Sendable () async -> Void) {
        self.run = run
        self.inline = inline
    }
}
