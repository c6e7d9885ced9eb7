@testable import symposium_registrar
import Testing

/// `--agent-command '<words>'` is split as a shell would split simple words.
@Suite struct ShellWordsTests {
    @Test func wordsQuotesAndEscapes() throws {
        #expect(try ShellWords.split("q chat --resume") == ["q", "chat", "--resume"])
        #expect(try ShellWords.split(#"claude --append "two words" 'it''s' a\ b"#) == ["claude", "--append", "two words", "its", "a b"])
        #expect(try ShellWords.split(#"x "" ''"#) == ["x", "", ""])
        #expect(try ShellWords.split("  ") == [])
        #expect(throws: ShellWords.Unterminated.self) { try ShellWords.split("q 'chat") }
    }

    /// Inside double quotes a backslash escapes only $ ` " \ and a line break, as in sh.
    @Test func backslashesInsideDoubleQuotesAreKeptBeforeOtherCharacters() throws {
        #expect(try ShellWords.split(#""a\b""#) == [#"a\b"#])
        #expect(try ShellWords.split(#""C:\path\n""#) == [#"C:\path\n"#])
        #expect(try ShellWords.split(#""a\"b" "x\$y" "back\\slash""#) == [#"a"b"#, "x$y", #"back\slash"#])
        #expect(try ShellWords.split("\"one\\\ntwo\"") == ["onetwo"])
    }
}
