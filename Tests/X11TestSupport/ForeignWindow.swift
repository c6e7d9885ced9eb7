import Foundation

/// A window made by a process of another user (through `setpriv`, so the test must run as
/// root): the copycat that gives its own window an editor's marker title. Plain libX11 through
/// Python's ctypes, so nothing of the project runs as that user.
public final class ForeignWindow: Sendable {
    public let process: BackgroundProcess
    /// The window's id as X numbers it (`0x...`).
    public let id: String

    private init(process: BackgroundProcess, id: String) {
        self.process = process
        self.id = id
    }

    /// Opens a mapped window titled `title` on `display` as `uid`, and waits until the server
    /// holds it.
    public static func open(title: String, display: String, uid: UInt32 = 65534) async throws -> ForeignWindow {
        let script = """
            import ctypes, ctypes.util, sys
            x = ctypes.CDLL(ctypes.util.find_library("X11"))
            x.XOpenDisplay.restype = ctypes.c_void_p
            x.XOpenDisplay.argtypes = [ctypes.c_char_p]
            x.XDefaultRootWindow.restype = ctypes.c_ulong
            x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
            x.XCreateSimpleWindow.restype = ctypes.c_ulong
            x.XCreateSimpleWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                              ctypes.c_uint, ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_ulong]
            x.XStoreName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_char_p]
            x.XMapWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
            x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
            d = x.XOpenDisplay(sys.argv[1].encode())
            if not d:
                print("cannot open display", flush=True); sys.exit(1)
            w = x.XCreateSimpleWindow(d, x.XDefaultRootWindow(d), 0, 0, 200, 100, 0, 0, 0)
            x.XStoreName(d, w, sys.argv[2].encode())
            x.XMapWindow(d, w)
            x.XSync(d, 0)
            print("window 0x%x" % w, flush=True)
            sys.stdin.read()
            """
        let process = BackgroundProcess("/usr/bin/setpriv", arguments: [
            "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "/usr/bin/python3", "-c", script, display, title,
        ])
        let line = try await process.waitForLine { $0.hasPrefix("window 0x") || $0.hasPrefix("cannot") }
        guard line.hasPrefix("window ") else { throw HarnessError("the foreign window did not open: \(line)") }
        return ForeignWindow(process: process, id: String(line.dropFirst("window ".count)))
    }

    public func close() async { await process.stop() }
}
