import ArgumentParser
import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol
import RegistrarClient

struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Bridge standard input and output to the daemon, one JSON message per line.",
        discussion: """
            Like Symposium's `symposium-mcp client`: each line read is sent to the daemon, each
            message from the daemon is printed. When the daemon restarts the bridge reconnects
            (lines typed meanwhile are sent once it is back). Ends when standard input ends and
            the daemon has answered what it owes.

            With --identity-prefix it stands in for Symposium's bridge, as Symposium's VS Code
            extension runs it (`symposium-mcp client --identity-prefix vscode`, PROTOCOL.md 8.2):
            it names itself as that bridge does, waits for a daemon that is not running yet, and
            passes on no line longer than 65,536 bytes (the extension cannot read one), saying so
            on standard error.

            Examples:
              echo '{"type":"registrar_status","id":"1","payload":{}}' | symposium-registrar client
              symposium-mcp client --identity-prefix vscode
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions
    @OptionGroup var startOptions: StartOptions

    @Option(help: ArgumentHelp("Name this connection in the daemon's logs and status (#identify:).", valueName: "name"))
    var identify: String?

    @Option(help: ArgumentHelp(
        "Stand in for Symposium's bridge: identify as <prefix>(pid:…,cwd:…), wait for the daemon, pass on lines of at most 65,536 bytes.",
        valueName: "prefix"))
    var identityPrefix: String?

    /// The longest line Symposium's extension reads whole (it parses each 64 KiB pipe chunk).
    static let symposiumLineLimit = 65_536

    func validate() throws {
        if identify != nil, identityPrefix != nil { throw ValidationError("give --identify or --identity-prefix, not both") }
    }

    func run() async throws {
        let path = socketOptions.path(display: displayOptions.display)
        var backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(1))
        var client = try await firstConnection(path, backoff: &backoff)
        let input = StandardInputLines.start()
        let lineLimit = identityPrefix == nil ? nil : Self.symposiumLineLimit
        while true {
            if let identify { client.send(line: "#identify:\(identify)") }
            if let identityPrefix { client.send(line: BridgeIdentity.line(prefix: identityPrefix)) }
            switch await ClientBridge(client: client, input: input, lineLimit: lineLimit).run() {
            case .inputEnded:
                return
            case .outputFailed(let error):
                await client.close()
                throw error
            case .daemonGone:
                Console.error("symposium-registrar: the daemon went away; reconnecting to \(path)")
                client = await reconnect(path, backoff: &backoff)
                backoff.reset()
                Console.error("symposium-registrar: reconnected")
            }
        }
    }

    /// The first connection. With no daemon serving, one is started (as Symposium's bridge
    /// starts its own), unless `--no-start`; an editor's bridge (`--identity-prefix`) then waits
    /// for a daemon that is not up yet, rather than exiting into the editor's respawn loop.
    private func firstConnection(_ path: String, backoff: inout Backoff) async throws(RegistrarError) -> RegistrarClient {
        if let client = try? await RegistrarClient.connect(to: path) { return client }
        let starter = startOptions.starter(display: displayOptions.display, socketIsExplicit: socketOptions.isExplicit)
        if let starter, let client = try? await starter.start(socket: path) { return client }
        guard identityPrefix != nil else { return try await DaemonLink.connect(path) }
        Console.error("symposium-registrar: no registrar daemon is listening on \(path); waiting for it")
        let client = await reconnect(path, backoff: &backoff)
        backoff.reset()
        return client
    }

    private func reconnect(_ path: String, backoff: inout Backoff) async -> RegistrarClient {
        while true {
            try? await Task.sleep(for: backoff.nextDelay())
            if let client = try? await RegistrarClient.connect(to: path) { return client }
        }
    }
}

/// One connection's worth of bridging: input lines out, daemon lines to standard output.
struct ClientBridge {
    enum End {
        case inputEnded, daemonGone
        /// Standard output cannot be written (its reader left): the bridge has no one to serve.
        case outputFailed(RegistrarError)
    }

    let client: RegistrarClient
    let input: LineInbox
    /// Longer lines are not passed on (Symposium's extension cannot read them); nil: no limit.
    let lineLimit: Int?

    func run() async -> End {
        await withTaskGroup(of: End?.self) { group in
            group.addTask {
                while let line = await client.next() {
                    if let lineLimit, line.utf8.count > lineLimit {
                        Console.error("symposium-registrar: a message of \(line.utf8.count) bytes was not passed on: "
                            + "Symposium's extension reads lines of at most \(lineLimit) bytes")
                        continue
                    }
                    do throws(RegistrarError) {
                        try Console.out(line + "\n")
                    } catch {
                        return .outputFailed(error)
                    }
                }
                return .daemonGone
            }
            group.addTask {
                while let line = await input.next() {
                    guard !client.isClosed else {
                        input.putBack(line)
                        return nil
                    }
                    client.send(line: line)
                }
                client.finishSending()
                return nil
            }
            var end = End.daemonGone
            for await result in group {
                if let result {
                    end = result
                    group.cancelAll()
                }
            }
            if case .outputFailed = end { return end }
            // The daemon closes after answering what was sent when input ended.
            return input.isClosed && input.isEmpty ? .inputEnded : end
        }
    }
}

/// Standard input, read line by line on a thread of its own (reads block), into a queue that
/// survives reconnections.
enum StandardInputLines {
    static func start() -> LineInbox {
        let inbox = LineInbox()
        DetachedThread.start(name: "stdin") {
            while let line = readLine(strippingNewline: true) { inbox.deliverWaiting(line) }
            inbox.close()
        }
        return inbox
    }
}
