/// The ways real clients store a title, so tests and demos can reproduce each one.
public enum TitleEncoding: String, Sendable, CaseIterable {
    /// `_NET_WM_NAME` as UTF8_STRING and `WM_NAME` in the ICCCM style (STRING when Latin-1
    /// suffices, else COMPOUND_TEXT), as toolkits do.
    case netWMNameAndWMName = "both"
    /// Only `_NET_WM_NAME`: invisible to tools that read `WM_NAME` alone.
    case netWMNameOnly = "net-wm-name"
    /// Only `WM_NAME`, as STRING (Latin-1; other characters become `?`).
    case wmNameString = "wm-name-string"
    /// Only `WM_NAME`, as COMPOUND_TEXT.
    case wmNameCompoundText = "wm-name-compound-text"
    /// Only `WM_NAME`, as UTF8_STRING.
    case wmNameUTF8 = "wm-name-utf8"
}
