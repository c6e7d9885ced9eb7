import Glibc
import InProcessSupport
import Registrar
import RegistrarServer
import Testing

/// `registrar_shutdown` (what `daemon --replace` sends) ends the daemon only when its own user asks.
@Suite struct ShutdownRequestTests {
    @Test func onlyTheDaemonsOwnUserMayAskItToLeave() async throws {
        try await withInProcessDaemon { daemon in
            let stranger = daemon.connect(peerUID: getuid() == 0 ? 1000 : 0)
            let refused = await stranger.request("registrar_shutdown")
            #expect(refused?["success"] == false)
            #expect(refused?["error"] == .string("registrar_shutdown is taken only from this registrar's own user (uid \(getuid())), "
                + "not from uid \(getuid() == 0 ? 1000 : 0)"))

            let owner = daemon.connect()
            #expect(await owner.request("registrar_shutdown")?["success"] == true)
            var reasons = daemon.core.stopRequests.makeAsyncIterator()
            let reason = await reasons.next()
            #expect(reason == .asked("asked to shut down by client 2"), "the stranger's request asked for nothing")
        }
    }
}
