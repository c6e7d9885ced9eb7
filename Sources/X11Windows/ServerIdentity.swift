import CX11
import FoundationEssentials
import Glibc

/// What tells one X server from the next one on the same display name: a UUID the first
/// registrar to connect leaves on the root window (`_SYMPOSIUM_REGISTRAR_SERVER_ID`). It lives as
/// long as the server, through any number of our reconnections; a restarted server has none until
/// it is stamped again, so window ids remembered from before are known to mean nothing.
extension XConnection {
    static let serverIDProperty = "_SYMPOSIUM_REGISTRAR_SERVER_ID"

    /// The server's identity, stamping it first when the server has none. Two registrars
    /// stamping at once both append; the first UUID in the property wins for both.
    func serverIdentity() -> String? {
        let property = XInternAtom(display, Self.serverIDProperty, 0)
        if let existing = readIdentity(property) { return existing }
        let stamp = Array(UUID().uuidString.lowercased().utf8)
        _ = stamp.withUnsafeBufferPointer { bytes in
            XChangeProperty(display, root, property, atoms.string, 8, PropModeAppend, bytes.baseAddress, Int32(bytes.count))
        }
        sync()
        return readIdentity(property)
    }

    private func readIdentity(_ property: Atom) -> String? {
        guard let bytes = readBytes(root, property, type: atoms.string).value, bytes.count >= 36 else { return nil }
        return String(decoding: bytes.prefix(36), as: UTF8.self)
    }
}
