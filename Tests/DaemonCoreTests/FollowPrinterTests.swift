import Foundation
@testable import symposium_registrar
import Registrar
import Testing
import X11Windows

/// `windows --follow` prints every window once: the listing is made from what the stream said
/// before the connection, and each later change is printed once.
@Suite struct FollowPrinterTests {
    private func status(_ connection: WatcherStatus.Connection) -> WatcherEvent {
        .status(WatcherStatus(connection: connection, since: Date(), display: ":9", reconnects: 0))
    }

    /// The stream delivers the scan's windows, then `connected`, then a change that happened
    /// just after. Reading the live index at `connected` would list B and print `+ B` again.
    @Test func aChangeJustAfterConnectingIsPrintedOnce() {
        var printer = FollowPrinter(markedOnly: false)
        let a = WindowRecord(id: WindowID(0xA), title: "alpha")
        let b = WindowRecord(id: WindowID(0xB), title: "beta")
        var out: [String] = []
        for event in [status(.connecting), .window(.appeared(a)), status(.connected(.treeWalk)), .window(.appeared(b)),
                      .window(.retitled(WindowRecord(id: WindowID(0xB), title: "beta"), previousMarker: nil))] {
            out += printer.lines(for: event)
        }
        let text = out.joined(separator: "\n")
        #expect(text.components(separatedBy: "0x0000000b").count - 1 == 1, "B printed once: \(text)")
        #expect(out.first?.hasPrefix("# display :9: tree walk (no EWMH window manager); 1 client windows, 0 marked") == true)
        #expect(out.last == "+ " + WindowListing.row(b))
    }

    @Test func markedOnlyListsAndFollowsMarkedWindows() {
        var printer = FollowPrinter(markedOnly: true)
        let plain = WindowRecord(id: WindowID(0x1), title: "plain")
        let marked = WindowRecord(id: WindowID(0x2), title: "[SYMPOSIUM:0a0b0c0d-1111-4222-8333-444455556666] x")
        let out = [status(.connected(.treeWalk)), .window(.appeared(plain)), .window(.appeared(marked)),
                   .window(.gone(WindowID(0x1), lastMarker: nil))].flatMap { printer.lines(for: $0) }
        #expect(out.count == 2)
        #expect(out[1] == "+ " + WindowListing.row(marked))
    }
}
