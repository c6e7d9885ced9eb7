import ArgumentParser
import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol
import RegistrarClient
import Synchronization
import X11Windows

struct HandshakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handshake",
        abstract: "Register any X11 window for a taskspace, doing the editor extension's part of the handshake.",
        discussion: """
            Puts `[SYMPOSIUM:<fresh uuid>] ` in front of the window's title (_NET_WM_NAME and
            WM_NAME), sends the registration, waits for the answer and takes back what it added,
            also on a timeout, an error or Ctrl-C: a title still as marked is put back exactly
            as it was (a property that was absent is removed again); one the application changed
            meanwhile keeps the change and loses only the marker. Markers an earlier, killed
            handshake left at the front of the title are removed too. Exits 0 only when the
            window was registered. Terminals set $WINDOWID, so inside one no
            --window is needed; the window it names is resolved to its top-level client.

            Examples:
              symposium-registrar handshake --taskspace 6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F
              symposium-registrar handshake --taskspace 6F1C7E52-3B7A-4C1D-9F0E-2A4B5C6D7E8F --window 0x3a00007
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions
    @OptionGroup var startOptions: StartOptions

    @Option(help: ArgumentHelp("The taskspace the window belongs to.", valueName: "uuid"))
    var taskspace: String

    @Option(help: ArgumentHelp("The window (default: $WINDOWID).", valueName: "id"))
    var window: String?

    @Option(help: ArgumentHelp("Seconds to wait for the daemon's answer.", valueName: "seconds"))
    var timeout: Double = 5

    func validate() throws {
        guard TaskspaceID(taskspace) != nil else { throw ValidationError("--taskspace must be a UUID") }
        try SecondsOption.check(timeout, "timeout", from: 0, to: 3600, includingLowest: false)
    }

    private var starter: DaemonStarter? {
        startOptions.starter(display: displayOptions.display, socketIsExplicit: socketOptions.isExplicit)
    }

    func run() async throws {
        guard let text = window ?? ProcessInfo.processInfo.environment["WINDOWID"] else {
            throw RegistrarError(.failure, "no window: pass --window, or run inside a terminal that sets $WINDOWID")
        }
        guard let given = WindowID(parsing: text) else { throw RegistrarError(.failure, "\(text) is not a window id") }
        let control = try WindowControl(displayName: displayOptions.display)
        defer { control.close() }
        let target = control.client(containing: given) ?? given
        guard let original = control.snapshotTitle(of: target) else {
            throw RegistrarError(.failure, "window \(target.hex) does not exist")
        }
        let marker = Marker(uuid: UUID().uuidString)!
        let restorer = TitleRestorer(control: control, snapshot: original, marker: marker)
        restorer.restoreOnSignals()

        restorer.mark()
        let outcome = await register(marker: marker.uuid)
        restorer.restore()
        let registered = try outcome.get()
        try Console.out("registered window \(target.hex) for taskspace \(registered.data?.taskspaceUUID ?? taskspace)\n")
    }

    /// Sends the registration and waits for its answer; any failure is the error to throw
    /// once the title is back.
    private func register(marker: String) async -> Result<UpdateTaskspaceReply, RegistrarError> {
        let path = socketOptions.path(display: displayOptions.display)
        let request = UpdateTaskspaceRequest(taskspaceUUID: taskspace, windowUUID: marker)
        do {
            let reply = try await DaemonLink.withClient(path, starter: starter) { (client) throws(RegistrarError) in
                try await client.call("update_taskspace", request, answer: UpdateTaskspaceReply.self, timeout: .seconds(timeout))
            }
            guard reply.windowRegistered == true else { return .failure(RegistrarError(.refused, reply.error ?? "not registered")) }
            return .success(reply)
        } catch {
            return .failure(error)
        }
    }
}

/// Takes the marker back out of a window's title once, whoever asks first: the normal path, or
/// SIGINT/SIGTERM/SIGHUP.
final class TitleRestorer: Sendable {
    private let control: WindowControl
    private let snapshot: TitleSnapshot
    private let marker: Marker
    /// The title without markers earlier handshakes left at its front.
    private let base: String
    private let marked: String
    private let done = Mutex(false)

    init(control: WindowControl, snapshot: TitleSnapshot, marker: Marker) {
        self.control = control
        self.snapshot = snapshot
        self.marker = marker
        base = HandshakeTitle.withoutLeadingMarkers(snapshot.text)
        marked = HandshakeTitle.marked(base, with: marker)
    }

    /// Sets the marked title, unless the title was already restored (a signal came first).
    /// Both happen under one lock, so a restore can never be overtaken by the marking.
    func mark() {
        done.withLock { done in
            if !done { control.setTitle(marked, of: snapshot.window) }
        }
    }

    func restore() {
        done.withLock { done in
            guard !done else { return }
            done = true
            control.unmark(snapshot, marked: marked, marker: marker, base: base)
        }
    }

    /// On these signals: restore, then exit with 128 + the signal, as a shell reports it. The
    /// handlers are in place when this returns, so the marking that follows is always covered.
    func restoreOnSignals() {
        SignalPipe.install([SIGINT, SIGTERM, SIGHUP]) { [self] number in
            restore()
            Console.error("symposium-registrar: interrupted; title restored")
            exit(128 + number)
        }
    }
}
