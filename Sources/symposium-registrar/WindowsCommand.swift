import ArgumentParser
import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol
import RegistrarClient
import X11Windows

struct WindowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "windows",
        abstract: "List every client window with its title and marker.",
        discussion: """
            Uses the window manager's _NET_CLIENT_LIST when an EWMH manager runs, else walks the
            window tree, and says which. Titles come from _NET_WM_NAME, else WM_NAME in any encoding.

            When a daemon runs for the display, the list comes from its live index; --scan reads
            the display directly instead.

            With --follow it keeps watching: `+` a window appeared, `~` its title changed,
            `-` it is gone, `#` the X connection changed. It survives the X server going away.

            Examples:
              symposium-registrar windows --markers
              symposium-registrar windows --follow
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions
    @OptionGroup var loggingOptions: LoggingOptions

    @Flag(help: "Scan the display directly even when a daemon runs.")
    var scan = false

    @Flag(help: "List only windows whose title carries a [SYMPOSIUM:<uuid>] marker.")
    var markers = false

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @Flag(help: "Keep running: after the list, print each change as X reports it, until interrupted.")
    var follow = false

    func validate() throws {
        if follow && json { throw ValidationError("--follow prints lines; it does not combine with --json") }
    }

    func run() async throws {
        loggingOptions.bootstrap()
        if follow {
            return try await WindowFollower(source: WindowWatcher(displayName: displayOptions.display), markedOnly: markers).run()
        }
        let listing: WindowListing
        if !scan, let fromDaemon = await daemonListing() {
            listing = fromDaemon
        } else {
            listing = WindowListing(scan: try WindowScan.scan(displayName: displayOptions.display), markedOnly: markers)
        }
        try Console.out(json ? listing.json() : listing.text())
    }

    /// The daemon's live index, when a daemon answers and is connected to its display.
    private func daemonListing() async -> WindowListing? {
        guard let client = try? await RegistrarClient.connect(to: socketOptions.path(display: displayOptions.display))
        else { return nil }
        let data = try? await DaemonLink.request(client, "registrar_windows", WindowsRequest(markedOnly: markers),
                                                 answer: WindowsData.self)
        await client.close()
        return data.flatMap { WindowListing(daemonData: $0, markedOnly: markers) }
    }
}
