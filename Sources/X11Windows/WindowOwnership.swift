import CX11
import FoundationEssentials
import Glibc

/// Which windows belong to another user. X gives every client every title, so any client of
/// the display can copy an editor's marker into a window of its own and make the marker
/// ambiguous. For local clients the X-Resource extension (1.2) names the process that owns a
/// window; a window of a process running under another uid is foreign and never taken for a
/// marker. A remote client, or a server without the extension, tells nothing: its windows count
/// as the user's own, as before.
struct WindowOwnership {
    private var answers: [UInt: Bool] = [:]
    private let ownUID = getuid()

    /// Whether `window` is foreign, asked of the server once per window (its owner never changes).
    mutating func isForeign(_ window: UInt, on connection: XConnection) -> Bool {
        if let known = answers[window] { return known }
        let foreign = connection.ownerUID(of: window).map { $0 != ownUID } ?? false
        answers[window] = foreign
        return foreign
    }

    /// The foreign ones among `windows`, asking only about those whose title carries a marker
    /// (only a marker makes ownership matter, and each question is a round trip).
    mutating func foreign(among titles: [UInt: String], on connection: XConnection) -> Set<UInt> {
        Set(titles.compactMap { window, title in
            title.contains("[SYMPOSIUM:") && isForeign(window, on: connection) ? window : nil
        })
    }

    mutating func forget(_ window: UInt) { answers[window] = nil }
    mutating func forgetAll() { answers = [:] }
}

extension XConnection {
    /// Whether the server has X-Resource 1.2 or later (client ids); asked once per connection.
    var knowsClientIDs: Bool {
        if let known = clientIDSupport { return known }
        var supported = false
        if let xcb = XGetXCBConnection(display), symposium_res_present(xcb) != 0,
           let reply = xcb_res_query_version_reply(xcb, xcb_res_query_version(xcb, 1, 2), nil) {
            supported = (reply.pointee.server_major, reply.pointee.server_minor) >= (1, 2)
            free(reply)
        }
        clientIDSupport = supported
        return supported
    }

    /// The uid of the local process whose client created `window`; nil when the server cannot
    /// tell (no extension, a remote client, a vanished window) or the process is not visible.
    func ownerUID(of window: UInt) -> uid_t? {
        guard knowsClientIDs, let xcb = XGetXCBConnection(display) else { return nil }
        var spec = xcb_res_client_id_spec_t(client: UInt32(truncatingIfNeeded: window),
                                             mask: UInt32(XCB_RES_CLIENT_ID_MASK_LOCAL_CLIENT_PID.rawValue))
        let cookie = withUnsafePointer(to: &spec) { xcb_res_query_client_ids(xcb, 1, $0) }
        guard let reply = xcb_res_query_client_ids_reply(xcb, cookie, nil) else { return nil }
        defer { free(reply) }
        var ids = xcb_res_query_client_ids_ids_iterator(reply)
        while ids.rem > 0 {
            if let value = ids.data, xcb_res_client_id_value_value_length(value) >= 1,
               let pid = xcb_res_client_id_value_value(value)?.pointee, pid > 0 {
                return Self.realUID(of: pid_t(pid))
            }
            xcb_res_client_id_value_next(&ids)
        }
        return nil
    }

    /// The real uid of `pid` from `/proc/<pid>/status` (not the owner of `/proc/<pid>`, which is
    /// root for a process that changed its credentials); nil when the process is not visible.
    static func realUID(of pid: pid_t) -> uid_t? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") })
        else { return nil }
        return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { uid_t($0) }
    }
}
