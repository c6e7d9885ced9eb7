/// Why a display could not be used. Its text is written for a person: one line, no internals.
public enum XDisplayError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Neither `--display` nor `$DISPLAY` named one.
    case noDisplayNamed
    /// The display was named but no X server answered there (or it refused us).
    case cannotOpen(String)

    public var description: String {
        switch self {
        case .noDisplayNamed:
            "no X display: DISPLAY is not set (start an X session or pass --display)"
        case .cannotOpen(let name):
            "cannot open X display '\(name)': no X server answers there or it refused the connection"
        }
    }
}
