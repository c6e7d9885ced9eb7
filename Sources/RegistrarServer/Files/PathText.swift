/// The two path operations the daemon needs, on plain strings (`NSString`'s are not in
/// FoundationEssentials): the directory part and the last component, as `dirname` and
/// `basename` would give them for the absolute or relative file paths used here.
extension String {
    /// Everything before the last `/` ("" for a bare name, "/" for a file in the root).
    var parentDirectory: String {
        guard let slash = lastIndex(of: "/") else { return "" }
        return slash == startIndex ? "/" : String(self[..<slash])
    }

    /// Everything after the last `/`.
    var lastPathComponent: String {
        guard let slash = lastIndex(of: "/") else { return self }
        return String(self[index(after: slash)...])
    }
}
