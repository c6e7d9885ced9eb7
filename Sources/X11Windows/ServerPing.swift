import CX11
import Glibc

/// Whether the X server still answers, known without ever waiting on it. A stopped or hung
/// server accepts requests and answers nothing, so a connection looks alive until a round trip
/// blocks forever. While the connection is silent the X thread rewrites a property of a window
/// of its own (one request, no reply awaited); the server's `PropertyNotify` for it is the
/// answer. Everything heard from the server counts, so a busy display is never pinged.
struct ServerPing {
    /// Silence after which a ping goes out.
    static let quietBeforePing = Duration.seconds(2)
    /// Silence after which the server counts as not answering (`WatcherStatus.silentSince`):
    /// a ping sent has had this long less `quietBeforePing` to come back.
    static let silenceLimit = Duration.seconds(4)

    private var window: UInt = 0
    private var atom: UInt = 0
    private(set) var pending = false
    private(set) var heardAt = ContinuousClock.now
    /// When the ping that waits for its answer went out.
    private var sentAt = ContinuousClock.now

    /// A window for the pings on a fresh connection (unmapped, InputOnly, never a client).
    mutating func attach(to connection: XConnection) {
        var attributes = XSetWindowAttributes()
        attributes.override_redirect = 1
        attributes.event_mask = PropertyChangeMask
        window = XCreateWindow(connection.display, connection.root, -1, -1, 1, 1, 0, 0, UInt32(InputOnly), nil,
                               UInt(CWOverrideRedirect | CWEventMask), &attributes)
        atom = XInternAtom(connection.display, "_SYMPOSIUM_REGISTRAR_PING", 0)
        pending = false
        heardAt = .now
    }

    /// The server said something (any event, or the answer to a ping).
    mutating func heard(at now: ContinuousClock.Instant = .now) {
        heardAt = now
        pending = false
    }

    /// Whether `event` is the answer to a ping.
    func isAnswer(_ event: XPropertyEvent) -> Bool { window != 0 && event.window == window && event.atom == atom }

    /// How long the loop may sleep before a ping is due. One that waits for its answer is sent
    /// again after as long: the loop never sleeps without a deadline on an answer that may
    /// already sit in Xlib's queue, read there by a round trip, where `poll` cannot see it.
    func wait(at now: ContinuousClock.Instant = .now) -> Duration? {
        guard window != 0 else { return nil }
        return max(.zero, Self.quietBeforePing - (now - (pending ? sentAt : heardAt)))
    }

    /// Sends a ping when the connection has been silent long enough, or the last one has had
    /// as long to come back.
    mutating func sendIfDue(on connection: XConnection, at now: ContinuousClock.Instant = .now) {
        guard wait(at: now) == .zero else { return }
        var value: UInt = 1  // a `long`, as Xlib takes 32-bit items; every write is a PropertyNotify
        withUnsafeBytes(of: &value) {
            _ = XChangeProperty(connection.display, window, atom, XA_CARDINAL, 32, PropModeReplace,
                                $0.baseAddress?.assumingMemoryBound(to: UInt8.self), 1)
        }
        connection.flush()
        pending = true
        sentAt = now
    }
}
