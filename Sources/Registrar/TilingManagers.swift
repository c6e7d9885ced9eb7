/// Window managers that place windows themselves (tiling): a request to move a tiled window is
/// answered with its tile. Stacking is tried under them too, and reported as not effective when
/// the windows did not move; the name only says why.
public enum TilingManagers {
    static let names: Set<String> = [
        "i3", "bspwm", "dwm", "herbstluftwm", "spectrwm", "xmonad", "lg3d", "awesome", "qtile", "ratpoison", "stumpwm",
        "leftwm", "sway", "wmii", "notion",
    ]

    /// Whether `manager` (as it names itself in `_NET_WM_NAME`) is a tiling manager.
    public static func places(_ manager: String?) -> Bool {
        guard let manager else { return false }
        return names.contains(manager.lowercased())
    }
}
