import CX11
import Glibc

/// One open `Display*`. It is used by one thread at a time (the watcher's X thread, or a
/// caller's lock) and closed explicitly; the pointer lives in this small final class rather than
/// an actor, whose isolated deinit breaks release builds.
final class XConnection {
    let display: OpaquePointer
    /// The name Xlib resolved, such as `:0`.
    let name: String
    let root: UInt
    let atoms: Atoms
    private var isClosed = false
    /// Whether the server answers X-Resource client ids (`WindowOwnership`); nil until asked.
    var clientIDSupport: Bool?

    init(displayName: String?) throws(XDisplayError) {
        XlibRuntime.prepare()
        let requested = displayName ?? getenv("DISPLAY").map { String(cString: $0) }
        guard let requested, !requested.isEmpty else { throw .noDisplayNamed }
        guard let display = XOpenDisplay(requested) else { throw .cannotOpen(requested) }
        // Before any round trip: from here on a lost server marks this display, never exits.
        XSetIOErrorExitHandler(display, { display, _ in
            if let display { XErrorLog.markLost(display) }
        }, nil)
        self.display = display
        self.name = XDisplayString(display).map { String(cString: $0) } ?? requested
        self.root = XDefaultRootWindow(display)
        self.atoms = Atoms(display: display)
    }

    /// The socket Xlib reads events from, for `poll`.
    var fileDescriptor: Int32 { XConnectionNumber(display) }

    /// True once Xlib has reported the server gone; every later call on this display is inert.
    var isLost: Bool { XErrorLog.isLost(display) }

    func flush() { _ = XFlush(display) }

    func sync() { _ = XSync(display, 0) }

    /// Closes without waiting on the server: the socket is shut down first, so the `XSync`
    /// inside `XCloseDisplay` fails at once instead of waiting for a server that does not
    /// answer (a stopped Xvfb, a hung Xorg). What was not flushed is lost, as at any exit.
    func abandon() {
        guard !isClosed else { return }
        shutdown(fileDescriptor, Int32(SHUT_RDWR))
        close()
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = XCloseDisplay(display)
        XErrorLog.forget(display)
    }

    deinit { close() }
}
