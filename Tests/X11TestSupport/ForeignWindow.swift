import Foundation

/// A window made by a process of another user (through `setpriv`, so the test must run as
/// root): the copycat that gives its own window an editor's marker title. Plain libX11 through
/// Python's ctypes (`Fixtures/x_window.py`), so nothing of the project runs as that user.
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
        // The fixture's text, read here: the other user may not be able to read the checkout.
        let script = try String(contentsOfFile: SymposiumStandIns.fixture("x_window.py"), encoding: .utf8)
        let process = BackgroundProcess("/usr/bin/setpriv", arguments: [
            "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "/usr/bin/python3", "-c", script, display, title,
        ])
        let line = try await process.waitForLine { $0.hasPrefix("window 0x") || $0.hasPrefix("cannot") }
        guard line.hasPrefix("window ") else { throw HarnessError("the foreign window did not open: \(line)") }
        return ForeignWindow(process: process, id: String(line.dropFirst("window ".count)))
    }

    public func close() async { await process.stop() }
}
