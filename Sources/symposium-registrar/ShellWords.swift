/// Splits a command line into words as a POSIX shell would for simple cases: white space
/// separates, single quotes keep everything, a backslash outside quotes keeps the next
/// character, and inside double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and a
/// line break (which it removes); before anything else it is kept as written. No expansion of
/// any kind.
enum ShellWords {
    struct Unterminated: Error, CustomStringConvertible {
        var description: String { "unterminated quote" }
    }

    static func split(_ text: String) throws(Unterminated) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
                if quote == "\"" {
                    if character == "\n" { continue }
                    if !"$`\"\\".contains(character) { word.append("\\") }
                }
                word.append(character)
                continue
            }
            switch (quote, character) {
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case ("'", _):
                word.append(character)
            case ("\"", "\\"), (nil, "\\"):
                escaped = true
                inWord = true
            case ("\"", _):
                word.append(character)
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case (nil, _) where character.isWhitespace:
                if inWord { words.append(word) }
                word = ""
                inWord = false
            default:
                word.append(character)
                inWord = true
            }
        }
        guard quote == nil, !escaped else { throw Unterminated() }
        if inWord { words.append(word) }
        return words
    }
}
