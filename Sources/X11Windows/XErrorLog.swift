import CX11
import Logging
import Synchronization

/// Where Xlib's C error callbacks leave what they saw. The callbacks are C function pointers and
/// cannot capture, so this state is process-wide; everything else asks it by display.
enum XErrorLog {
    private static let lostDisplays = Mutex<Set<UInt>>([])
    private static let logger = Logger(label: "symposium-registrar.x11")

    /// A protocol error (BadWindow for a window that vanished mid-request, most often): logged at
    /// debug level, never fatal. Callers learn of failures from the request's own status.
    static func record(_ event: XErrorEvent) {
        logger.debug("x11: protocol error", metadata: [
            "code": "\(event.error_code)", "request": "\(event.request_code)",
            "resource": "0x\(String(event.resourceid, radix: 16))",
        ])
    }

    static func markLost(_ display: OpaquePointer) {
        _ = lostDisplays.withLock { $0.insert(UInt(bitPattern: display)) }
    }

    static func isLost(_ display: OpaquePointer) -> Bool {
        lostDisplays.withLock { $0.contains(UInt(bitPattern: display)) }
    }

    static func forget(_ display: OpaquePointer) {
        _ = lostDisplays.withLock { $0.remove(UInt(bitPattern: display)) }
    }
}
