import Registrar
import Testing

/// Text from clients and X is kept as given and shown escaped.
@Suite struct PrintableTextTests {
    @Test func controlsAndBidiOverridesAreEscapedAndEverythingElseKept() {
        #expect("plain name — 設計".printable == "plain name — 設計")
        #expect("evil\u{1B}]0;pwned\u{07}".printable == "evil\\u{1b}]0;pwned\\u{7}")
        #expect("two\nlines\tand tab".printable == "two\\nlines\\tand tab")
        #expect("\u{202E}gnp.exe".printable == "\\u{202e}gnp.exe")
        #expect("nul\u{0}\u{7F}\u{85}".printable == "nul\\u{0}\\u{7f}\\u{85}")
    }

    @Test func aNameShownInsideOtherTextLosesItsControls() {
        #expect("Open\u{0}box\u{1B}[2J".withoutTerminalControls == "Openbox[2J")
        #expect("\u{0}\u{1}".withoutTerminalControls.isEmpty)
    }
}
