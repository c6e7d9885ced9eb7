import CX11
import Glibc

/// One window's title and stamp, read together.
struct WindowRead {
    let title: TitleRead
    let stamp: String?
}

extension XConnection {
    /// The titles (and stamps) of many windows for the price of one round trip: every
    /// `_NET_WM_NAME`, `WM_NAME` and `_SYMPOSIUM_TASKSPACE` request goes out before the first
    /// answer is awaited (XCB on Xlib's own connection). Read one by one, each title costs up to
    /// two round trips, and while another client floods the server each of those waits for that
    /// client's turn, so a drain of a title storm could fall behind the storm. The title per
    /// window is what `readTitle` gives.
    func readTitles(_ windows: [UInt]) -> [UInt: WindowRead] {
        guard windows.count > 1, let xcb = XGetXCBConnection(display) else {
            return Dictionary(uniqueKeysWithValues: windows.map { ($0, WindowRead(title: readTitle($0), stamp: readStamp($0))) })
        }
        let limit = UInt32(Self.propertyLimitLongs)
        let requests = windows.map { window in
            (net: xcb_get_property(xcb, 0, xcb_window_t(window), xcb_atom_t(atoms.netWMName), xcb_atom_t(atoms.utf8String), 0, limit),
             icccm: xcb_get_property(xcb, 0, xcb_window_t(window), xcb_atom_t(atoms.wmName), 0, 0, limit),
             stamp: xcb_get_property(xcb, 0, xcb_window_t(window), xcb_atom_t(atoms.taskspaceStamp),
                                     xcb_atom_t(atoms.utf8String), 0, Self.stampLimitLongs))
        }
        var reads: [UInt: WindowRead] = [:]
        reads.reserveCapacity(windows.count)
        for (window, request) in zip(windows, requests) {
            // Every answer is taken whatever the first says, so that none is left unread.
            let net = Self.takeProperty(xcb, request.net, type: atoms.utf8String)
            let icccm = Self.takeProperty(xcb, request.icccm, type: 0)
            let stamp = Self.takeProperty(xcb, request.stamp, type: atoms.utf8String).value
            let title: TitleRead = switch (net, icccm) {
            case (.failed, _), (.absent, .failed): .unreadable
            case (.value(let bytes, _), _): .title(String(decoding: bytes, as: UTF8.self))
            case (.absent, .absent): .untitled
            case (.absent, .value(let bytes, let type)): .title(decodeText(bytes, type: type))
            }
            reads[window] = WindowRead(title: title, stamp: stamp.map { String(decoding: $0, as: UTF8.self) })
        }
        return reads
    }

    /// One answer to a property request sent earlier: an 8-bit value of `type` (0: any).
    private static func takeProperty(_ xcb: OpaquePointer, _ cookie: xcb_get_property_cookie_t, type: Atom) -> PropertyRead<[UInt8]> {
        var error: UnsafeMutablePointer<xcb_generic_error_t>?
        let reply = xcb_get_property_reply(xcb, cookie, &error)
        defer {
            free(reply)
            free(error)
        }
        guard let reply, error == nil else { return .failed }
        let actualType = Atom(reply.pointee.type)
        guard actualType != 0, type == 0 || actualType == type, reply.pointee.format == 8,
              let value = xcb_get_property_value(reply) else { return .absent }
        let count = Int(xcb_get_property_value_length(reply))
        return .value(Array(UnsafeBufferPointer(start: value.assumingMemoryBound(to: UInt8.self), count: count)), type: actualType)
    }
}
