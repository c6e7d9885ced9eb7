extension Unicode.Scalar {
    /// A scalar that acts on a terminal or on how text around it is shown rather than being shown
    /// itself: C0 and C1 controls (ESC starts escape sequences), DEL, and the bidirectional
    /// overrides and isolates that can make a name read backwards.
    public var isTerminalControl: Bool {
        properties.generalCategory == .control
            || (0x200E ... 0x200F).contains(value) || (0x202A ... 0x202E).contains(value) || (0x2066 ... 0x2069).contains(value)
    }
}

extension String {
    /// The text as a terminal may show it: names and titles from clients and X are kept as given,
    /// and the CLI's text output passes them through this, so a title cannot clear the screen,
    /// retitle the terminal or break a line in two. `\n` and `\t` read as such; other such
    /// scalars as `\u{1b}`.
    public var printable: String {
        guard unicodeScalars.contains(where: \.isTerminalControl) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.isTerminalControl: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The text without such scalars at all: for a name that is shown inside other text, such
    /// as a window manager's.
    public var withoutTerminalControls: String {
        String(String.UnicodeScalarView(unicodeScalars.filter { !$0.isTerminalControl }))
    }

    /// `printable`, cut to at most `limit` UTF-8 bytes at a character boundary (with `…` when
    /// cut): a client's text in a log line.
    public func printable(limit: Int) -> String {
        let shown = printable
        guard shown.utf8.count > limit else { return shown }
        return shown.prefix(utf8Bytes: limit - 3) + "…"
    }

    /// The longest prefix of whole characters that fits in `limit` UTF-8 bytes.
    public func prefix(utf8Bytes limit: Int) -> String {
        guard utf8.count > limit else { return self }
        var cut = ""
        for character in self {
            guard cut.utf8.count + character.utf8.count <= limit else { break }
            cut.append(character)
        }
        return cut
    }
}
