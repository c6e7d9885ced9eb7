import CX11
import Glibc

/// Process-wide Xlib set-up that must happen once, before any display is opened: thread
/// support, a locale whose converters can turn COMPOUND_TEXT titles into UTF-8, and error
/// handlers under which a vanished window or a lost server is an ordinary outcome.
enum XlibRuntime {
    static func prepare() { _ = prepared }

    private static let prepared: Void = {
        _ = XInitThreads()
        selectUTF8Locale()
        _ = XSetErrorHandler { _, event in
            if let event { XErrorLog.record(event.pointee) }
            return 0
        }
        // Xlib's default prints and then defers to the per-display exit handler; the exit handler
        // (XConnection) marks the display lost and returns, which keeps the process alive.
        _ = XSetIOErrorHandler { _ in 0 }
    }()

    /// Xutf8TextPropertyToTextList converts through the current locale's charsets. Keep the
    /// user's locale when Xlib supports it and it is UTF-8; otherwise use C.UTF-8.
    private static func selectUTF8Locale() {
        if setlocale(LC_CTYPE, "") != nil, XSupportsLocale() != 0, currentCodesetIsUTF8() { return }
        if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "C.utf8") }
    }

    private static func currentCodesetIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased()
        return name == "utf-8" || name == "utf8"
    }
}
