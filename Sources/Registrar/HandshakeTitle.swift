/// The title arithmetic of `symposium-registrar handshake`, which marks any window's title for
/// one registration and must then take back exactly what it added: the application may retitle
/// the window meanwhile (its new title stays), and a handshake killed before it could restore
/// leaves `[SYMPOSIUM:<uuid>] ` at the front of the title, which the next one removes.
public enum HandshakeTitle {
    /// What becomes of one title property when the handshake ends.
    public enum Restore: Hashable, Sendable {
        /// It still shows the marked title: it gets back what it was before.
        case original
        /// The application changed it, keeping the marker somewhere: the marker goes, the rest stays.
        case set(String)
        /// The application changed it and the marker is gone already: it is left alone.
        case leave
    }

    /// `title` without the markers earlier handshakes put at its front and never took back.
    public static func withoutLeadingMarkers(_ title: String) -> String {
        var rest = Substring(title)
        // "[SYMPOSIUM:" + 36 + "]": a marker of any case, then at most one space.
        while rest.hasPrefix("[SYMPOSIUM:"), Marker(uuid: rest.dropFirst(11).prefix(36)) != nil,
              rest.dropFirst(47).first == "]" {
            rest = rest.dropFirst(48)
            if rest.hasPrefix(" ") { rest = rest.dropFirst() }
        }
        return String(rest)
    }

    /// The title shown while the registration waits: the marker, a space, the base title.
    public static func marked(_ base: String, with marker: Marker) -> String { "\(marker.text) \(base)" }

    /// What to do with a property that now holds `current` (nil: absent) after the window was
    /// marked with `marked`.
    public static func restore(current: String?, marked: String, marker: Marker) -> Restore {
        guard let current else { return .leave }
        if current == marked { return .original }
        guard let range = current.firstRange(of: marker.text) else { return .leave }
        var end = range.upperBound
        if end < current.endIndex, current[end] == " " { end = current.index(after: end) }
        return .set(String(current[..<range.lowerBound] + current[end...]))
    }
}
