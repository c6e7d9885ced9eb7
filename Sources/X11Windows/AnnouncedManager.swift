import CX11
import Glibc
import Registrar
import Synchronization

/// A stand-in window manager that does nothing but announce itself: a check window
/// (`_NET_SUPPORTING_WM_CHECK` on the root and on itself, named by `_NET_WM_NAME`) and a
/// `_NET_SUPPORTED` list, without `_NET_CLIENT_LIST` unless told. It is the shape of Weston's
/// XWayland manager as the registrar sees it, and of a manager that claims `_NET_ACTIVE_WINDOW`
/// but never acts on it, for the tests and the benchmark. Closing it is the manager dying.
public final class AnnouncedManager: Sendable {
    private let connection: Mutex<XConnection>
    public let checkWindow: WindowID

    public init(displayName: String?, name: String, supported: [String]) throws(XDisplayError) {
        let connection = try XConnection(displayName: displayName)
        let display = connection.display, root = connection.root
        let check = XCreateSimpleWindow(display, root, -10, -10, 1, 1, 0, 0, 0)
        var value = check
        let checkAtom = connection.atoms.netSupportingWMCheck
        for window in [check, root] {
            withUnsafeBytes(of: &value) {
                _ = XChangeProperty(display, window, checkAtom, connection.atoms.window, 32, PropModeReplace,
                                    $0.baseAddress?.assumingMemoryBound(to: UInt8.self), 1)
            }
        }
        let list = supported.map { UInt(XInternAtom(display, $0, 0)) }
        let supportedAtom = connection.atoms.netSupported
        list.withUnsafeBytes {
            _ = XChangeProperty(display, root, supportedAtom, XA_ATOM, 32, PropModeReplace,
                                $0.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(list.count))
        }
        WindowMaker.store(name, on: check, encoding: .netWMNameOnly, connection: connection)
        connection.sync()
        checkWindow = WindowID(check)
        self.connection = Mutex(connection)
    }

    /// Renames the check window, as a manager restarting in place may.
    public func rename(_ name: String) {
        connection.withLock { connection in
            WindowMaker.store(name, on: checkWindow.rawValue, encoding: .netWMNameOnly, connection: connection)
            connection.sync()
        }
    }

    /// The manager exits: its check window goes with its connection (the root properties stay
    /// behind, stale, as real managers leave them).
    public func close() { connection.withLock { $0.close() } }
}
