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
}
