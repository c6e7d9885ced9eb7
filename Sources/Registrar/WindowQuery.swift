/// What a registration looks for in window titles. A marker is found by hashing in the index;
/// any other text a client sends as `window_title` is searched as a substring of the titles the
/// index already holds, still without a round trip to the X server.
public enum WindowQuery: Hashable, Sendable, CustomStringConvertible {
    case marker(Marker)
    case titleContains(String)

    /// `window_title` as Symposium's extension sends it: normally just the marker.
    public init(windowTitle: String) {
        if let marker = Marker.find(in: windowTitle) {
            self = .marker(marker)
        } else {
            self = .titleContains(windowTitle)
        }
    }

    public func matches(_ window: WindowRecord) -> Bool {
        switch self {
        case .marker(let marker): window.marker == marker
        case .titleContains(let text): window.title.contains(text)
        }
    }

    public func windows(in index: WindowIndex) -> [WindowRecord] {
        switch self {
        case .marker(let marker): index.windows(with: marker)
        case .titleContains: index.sortedWindows.filter(matches)
        }
    }

    public var description: String {
        switch self {
        case .marker(let marker): marker.text
        case .titleContains(let text): text
        }
    }
}
