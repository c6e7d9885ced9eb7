/// Why a daemon leaves: a signal, or before one tells it to. The difference is the exit status: a daemon
/// asked over its own socket (by its user's `daemon --replace` or `registrar_shutdown`) leaves
/// with 0; one pushed off its display by anyone else exits non-zero, so a service manager's
/// `Restart=on-failure` notices and a person reading the journal sees who did it.
public enum StopReason: Sendable, Hashable {
    /// SIGTERM or SIGINT.
    case signal(String)
    case asked(String)
    case displaced(String)
    /// Another registrar already held the display's selection when this one claimed it (a claim
    /// after the start-up probe, once the display answered).
    case displayServed(String)
}
