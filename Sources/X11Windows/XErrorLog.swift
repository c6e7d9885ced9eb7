import CX11
import Logging
import Synchronization

/// Where Xlib's C error callbacks leave what they saw. The callbacks are C function pointers and
/// cannot capture, so this state is process-wide; everything else asks it by display.
enum XErrorLog {
    private static let lostDisplays = Mutex<Set<UInt>>([])
    /// Where each watched display's protocol errors are counted (`count(errorsOf:into:)`).
    private static let tallies = Mutex<[UInt: XErrorTally]>([:])
    private static let logger = Logger(label: "symposium-registrar.x11")

    /// A protocol error (BadWindow for a window that vanished mid-request, most often): logged at
    /// debug level, never fatal. Callers learn of failures from the request's own status.
    static func record(_ event: XErrorEvent) {
        if let display = event.display { tallies.withLock { $0[UInt(bitPattern: display)] }?.add() }
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
        _ = tallies.withLock { $0.removeValue(forKey: UInt(bitPattern: display)) }
    }

    /// Counts `display`'s protocol errors into `tally` until the display is closed.
    static func count(errorsOf display: OpaquePointer, into tally: XErrorTally) {
        tallies.withLock { $0[UInt(bitPattern: display)] = tally }
    }
}

/// Protocol errors on the watcher's connections, across reconnects: a count `status` shows
/// (most are BadWindow for windows that vanished between an event and a request).
final class XErrorTally: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    func add() { count.add(1, ordering: .relaxed) }
}
