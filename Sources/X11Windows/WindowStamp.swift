import CX11
import Registrar

/// The mark a registered window carries: `_SYMPOSIUM_TASKSPACE` (UTF8_STRING, the taskspace's
/// UUID in lower case), set on the window by the registrar when it associates it. X reuses
/// window ids, and nothing else the server keeps tells a new window from a dead one with the
/// same id; a property lives and dies with its window, so a window carrying the stamp is the
/// one that was registered, and one without it (after a restart, or a lost connection) is a
/// stranger whose association is dropped.
extension XConnection {
    /// Stamps are UUIDs: 64 bytes are read at most.
    static let stampLimitLongs: UInt32 = 16

    /// The window's stamp; nil when it has none (or is gone).
    func readStamp(_ window: UInt) -> String? {
        readBytes(window, atoms.taskspaceStamp, type: atoms.utf8String).value.map { String(decoding: $0.prefix(64), as: UTF8.self) }
    }

    /// Stamps `window` with `taskspace`'s key.
    func writeStamp(_ taskspace: String, on window: UInt) {
        let bytes = Array(taskspace.utf8)
        _ = XChangeProperty(display, window, atoms.taskspaceStamp, atoms.utf8String, 8, PropModeReplace, bytes, Int32(bytes.count))
    }
}
