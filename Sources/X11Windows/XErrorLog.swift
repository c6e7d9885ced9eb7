import CX11
import Synchronization

/// Where Xlib's C error callbacks leave what they saw. The callbacks are C function pointers and
/// cannot capture, so this state is process-wide; everything else asks it by display.
enum XErrorLog {
    private struct State {
        var protocolErrors = 0
        var errorsByCode: [UInt8: Int] = [:]
        var lostDisplays: Set<UInt> = []
    }

    private static let state = Mutex(State())

    /// A protocol error (BadWindow for a window that vanished mid-request, most often): counted,
    /// never fatal. Callers learn of failures from the request's own status.
    static func record(_ event: XErrorEvent) {
        state.withLock {
            $0.protocolErrors += 1
            $0.errorsByCode[event.error_code, default: 0] += 1
        }
    }

    static var protocolErrorCount: Int { state.withLock { $0.protocolErrors } }

    static func markLost(_ display: OpaquePointer) {
        _ = state.withLock { $0.lostDisplays.insert(UInt(bitPattern: display)) }
    }

    static func isLost(_ display: OpaquePointer) -> Bool {
        state.withLock { $0.lostDisplays.contains(UInt(bitPattern: display)) }
    }

    static func forget(_ display: OpaquePointer) {
        _ = state.withLock { $0.lostDisplays.remove(UInt(bitPattern: display)) }
    }
}
