import InProcessSupport
import Registrar
import Testing

/// How the core treats a connection: half-close, follow-ups, line errors.
@Suite struct ConnectionPathTests {
    static let taskspace = "3D2C1B0A-9F8E-4D7C-8B6A-5F4E3D2C1B0A"
    static let marker = "0a0b0c0d-1111-4222-8333-444455556666"

    /// A connected display with the taskspace's window registered; answers the client that did it.
    static func registered(_ daemon: InProcessDaemon) async -> InProcessClient {
        daemon.windows.connect()
        daemon.windows.show(WindowID(0x77), title: "[SYMPOSIUM:\(marker)]")
        await daemon.settle()
        let client = daemon.connect()
        _ = await client.request("update_taskspace", ["taskspace_uuid": .string(taskspace), "window_uuid": .string(marker)])
        return client
    }

    /// `echo '{"type":"registrar_focus",...}' | client`: the reply comes after the client
    /// closed its side, and only then is the connection closed.
    @Test func aHalfClosedConnectionGetsItsPendingFocusReplyBeforeTheClose() async throws {
        try await withInProcessDaemon { daemon in
            _ = await Self.registered(daemon)

            daemon.activator.hold()
            let client = daemon.connect()
            client.send(Envelope(type: "registrar_focus", id: "f1", payload: ["taskspace_uuid": .string(Self.taskspace)]))
            client.finishSending()
            #expect(await eventuallyTrue { daemon.activator.waitingCount == 1 })
            #expect(!client.isClosed, "still open while the focus reply is owed")
            daemon.activator.release()
            let reply = await client.reply(to: "f1")
            #expect(reply?["data"] == ["window_id": "0x00000077", "method": "ewmh"])
            #expect(await eventuallyTrue { client.isClosed })
            #expect(daemon.activator.activated == [WindowID(0x77)])
        }
    }

    @Test func focusWithoutAWindowOrTaskspaceSaysSo() async throws {
        try await withInProcessDaemon { daemon in
            let client = daemon.connect()
            _ = await client.request("update_taskspace", ["taskspace_uuid": .string(Self.taskspace)])
            #expect(await client.request("registrar_focus", ["taskspace_uuid": .string(Self.taskspace)])?["error"]
                == .string("taskspace \(Self.taskspace) has no window"))
            let unknown = "00000000-0000-4000-8000-000000000001"
            #expect(await client.request("registrar_focus", ["taskspace_uuid": .string(unknown)])?["error"]
                == .string("unknown taskspace \(unknown)"))
        }
    }

    @Test func aHalfClosedConnectionIsClosedOnceItsRegistrationIsAnswered() async throws {
        try await withInProcessDaemon { daemon in
            daemon.windows.connect()
            let client = daemon.connect()
            client.send(Envelope(type: "update_taskspace", id: "r1", payload: [
                "taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(Self.marker),
            ]))
            client.finishSending()
            _ = await daemon.connect().request("registrar_status")
            #expect(!client.isClosed)
            daemon.windows.show(WindowID(0x9), title: "[SYMPOSIUM:\(Self.marker)]")
            #expect(await client.reply(to: "r1")?["window_registered"] == true)
            #expect(await eventuallyTrue { client.isClosed })
        }
    }

    @Test func otherMessagesAreRelayedToEveryClientTheSenderIncluded() async throws {
        try await withInProcessDaemon { daemon in
            let sender = daemon.connect()
            let other = daemon.connect()
            let line = #"{"id":"x1","payload":{"text":"hi"},"sender":{"workingDirectory":"/w"},"type":"agent_message"}"#
            sender.send(line: line)
            #expect(await sender.next() == line)
            #expect(await other.next() == line)
        }
    }

    /// A display that does not answer holds only the request that needs it: focus fails at its
    /// deadline, and meanwhile status and registrations answer.
    @Test func aHungDisplayDelaysOnlyTheFocusUntilItsDeadline() async throws {
        try await withInProcessDaemon { daemon in
            let client = await Self.registered(daemon)
            daemon.activator.hold()
            client.send(Envelope(type: "registrar_focus", id: "f1", payload: ["taskspace_uuid": .string(Self.taskspace)]))
            #expect(await eventuallyTrue { daemon.activator.waitingCount == 1 })
            #expect(await daemon.connect().request("registrar_status")?["success"] == true, "others are answered meanwhile")
            let again = await client.request("update_taskspace", ["taskspace_uuid": .string(Self.taskspace), "window_uuid": .string(Self.marker)])
            #expect(again?["window_registered"] == true, "so is the same connection")
            daemon.advance(by: .seconds(2))
            #expect(await client.reply(to: "f1")?["error"] == "X display unavailable: no answer within 2.0 s")
            daemon.activator.release()
        }
    }

    /// Pipelined focus requests while the display hangs: 16 wait, the 17th is refused at once
    /// with the reason, and the connection still answers what needs no follow-up.
    @Test func followUpsOnOneConnectionAreCapped() async throws {
        try await withInProcessDaemon { daemon in
            let client = await Self.registered(daemon)
            daemon.activator.hold()
            let asleep = daemon.clock.sleeperCount
            for n in 0 ..< 16 {
                client.send(Envelope(type: "registrar_focus", id: "f\(n)", payload: ["taskspace_uuid": .string(Self.taskspace)]))
            }
            let refused = await client.request("registrar_focus", ["taskspace_uuid": .string(Self.taskspace)])
            #expect(refused?["error"] == "too many requests waiting for an answer on this connection (limit 16); read the answers first")
            #expect(await client.request("registrar_windows")?["success"] == true)
            // Every focus has set its 2 s deadline before time passes it (a busy machine may be late).
            #expect(await eventuallyTrue { daemon.clock.sleeperCount >= asleep + 16 })
            daemon.advance(by: .seconds(2))
            for n in 0 ..< 16 { #expect(await client.reply(to: "f\(n)")?["success"] == false) }
            daemon.activator.release()
            #expect(daemon.activator.activated.isEmpty, "answered as failed, so never carried out")
        }
    }
}
