import Registrar
import RegistrarProtocol
import RegistrarClient
import RegistrarServer
import Synchronization

/// A client of an `InProcessDaemon`: what it sends goes to the core as lines from a socket
/// would, and what the core sends it waits in an inbox for the test to take.
public final class InProcessClient: Sendable {
    public let id: ConnectionHub.ConnectionID
    let inbox = LineInbox()
    let lines: AsyncStream<IncomingLine>
    private let input: AsyncStream<IncomingLine>.Continuation
    private let number: Int
    private let requests = Mutex(0)

    init(id: ConnectionHub.ConnectionID, number: Int) {
        self.id = id
        self.number = number
        (lines, input) = AsyncStream.makeStream()
    }

    public func send(line: String) { input.yield(IncomingLine(text: line)) }

    public func send(_ envelope: Envelope) { send(line: envelope.encodedLine()) }

    /// Closes the sending side, as `echo ... | client` does; replies still arrive.
    public func finishSending() { input.finish() }

    /// True once the daemon has let go of this client and every line was taken.
    public var isClosed: Bool { inbox.isClosed && inbox.isEmpty }

    /// A fresh request id, unique among this daemon's clients.
    public func newID() -> String { "c\(number)-\(requests.withLock { $0 += 1; return $0 })" }

    /// How long a wait for what must come gives up after, in wall time: never the behaviour
    /// under test (the daemon's own clock is a manual one), only a net for a test that would
    /// otherwise hang.
    public static let safetyNet = Duration.seconds(10)

    /// The first line in arrival order that satisfies `predicate`; nil when the connection
    /// closes or `timeout` (wall time, a safety net) passes first.
    public func next(timeout: Duration = InProcessClient.safetyNet, where predicate: @escaping @Sendable (String) -> Bool = { _ in true }) async -> String? {
        await inbox.next(timeout: timeout, where: predicate)
    }

    public func nextMessage(timeout: Duration = InProcessClient.safetyNet, where predicate: @escaping @Sendable (JSONValue) -> Bool) async -> JSONValue? {
        let line = await next(timeout: timeout) { line in (try? JSONLine.decode(line)).map(predicate) ?? false }
        return line.flatMap { try? JSONLine.decode($0) }
    }

    /// Sends `type` with `payload` and answers the reply's payload (nil: no reply in time).
    public func request(_ type: String, _ payload: JSONValue = [:]) async -> JSONValue? {
        let id = newID()
        send(Envelope(type: type, id: id, payload: payload))
        return await reply(to: id)
    }

    /// Sends `update_taskspace` asking for the window showing `marker`, without waiting for
    /// the reply; answers the request's id.
    public func sendRegistration(taskspace: String, marker: String) -> String {
        let id = newID()
        send(Envelope(type: "update_taskspace", id: id, payload: [
            "taskspace_uuid": .string(taskspace), "window_uuid": .string(marker),
        ]))
        return id
    }

    /// The payload of the reply to request `id`.
    public func reply(to id: String, timeout: Duration = InProcessClient.safetyNet) async -> JSONValue? {
        await nextMessage(timeout: timeout) { $0["type"] == "response" && $0["id"]?.stringValue == id }?["payload"]
    }

    /// Every roll call waiting in the inbox now, by taskspace, taken out.
    public func takeRollCalls() async -> [String] {
        var called: [String] = []
        while let call = await nextMessage(timeout: .zero, where: { $0["type"] == "taskspace_roll_call" }) {
            called.append(call["payload"]?["taskspace_uuid"]?.stringValue ?? "?")
        }
        return called
    }
}
