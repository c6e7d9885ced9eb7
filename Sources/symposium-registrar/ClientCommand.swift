import ArgumentParser
import Foundation
import Registrar
import RegistrarProtocol
import RegistrarServer

struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Bridge standard input and output to the daemon, one JSON message per line.",
        discussion: """
            Like Symposium's `symposium-mcp client`: each line read is sent to the daemon, each
            message from the daemon is printed. When the daemon restarts the bridge reconnects
            (lines typed meanwhile are sent once it is back). Ends when standard input ends and
            the daemon has answered what it owes.

            Example:
              echo '{"type":"registrar_status","id":"1","payload":{}}' | symposium-registrar client
            """
    )

    @OptionGroup var displayOptions: DisplayOptions
    @OptionGroup var socketOptions: SocketOptions

    @Option(help: ArgumentHelp("Name this connection in the daemon's logs and status (#identify:).", valueName: "name"))
    var identify: String?

    func run() async throws {
        let path = socketOptions.path(display: displayOptions.display)
        var client = try await DaemonLink.connect(path)
        let input = StandardInputLines.start()
        var backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(1))
        while true {
            if let identify { client.send(line: "#identify:\(identify)") }
            switch await ClientBridge(client: client, input: input).run() {
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

    func run() async -> End {
        await withTaskGroup(of: End?.self) { group in
            group.addTask {
                while let line = await client.next() {
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
        let thread = Thread {
            while let line = readLine(strippingNewline: true) { inbox.deliver(line) }
            inbox.close()
        }
        thread.name = "stdin"
        thread.start()
        return inbox
    }
}
