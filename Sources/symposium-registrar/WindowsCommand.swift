import ArgumentParser
import Foundation
import Registrar
import X11Windows

struct WindowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "windows",
        abstract: "List every client window with its title and marker.",
        discussion: """
            Uses the window manager's _NET_CLIENT_LIST when an EWMH manager runs, else walks the
            window tree, and says which. Titles come from _NET_WM_NAME, else WM_NAME in any encoding.

            Example:
              symposium-registrar windows --markers
            """
    )

    @OptionGroup var displayOptions: DisplayOptions

    @Flag(help: "List only windows whose title carries a [SYMPOSIUM:<uuid>] marker.")
    var markers = false

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let scan: WindowScan
        do {
            scan = try WindowScan.scan(displayName: displayOptions.display)
        } catch {
            throw RegistrarExit.fail(error.description, code: RegistrarExit.noDisplay)
        }
        let listing = WindowListing(scan: scan, markedOnly: markers)
        Console.out(json ? try listing.json() : listing.text())
    }
}
