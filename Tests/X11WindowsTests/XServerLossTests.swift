import Foundation
import Registrar
import Testing
import X11TestSupport
import X11Windows

/// Losing the X server ends neither the process nor the watcher: it reports itself
/// disconnected, reconnects with back-off when a server returns, and rebuilds the index.
@Suite(.timeLimit(.minutes(5))) struct XServerLossTests {
    @Test func survivesTheServerAndRebuildsOnReconnect() async throws {
        try await withXServer(windowManager: true) { server in
            let firstMaker = try server.windowMaker()
            defer { firstMaker.close() }
            let old = firstMaker.createWindow(title: "from the first server")
            firstMaker.sync()
            try await withWatcher(display: server.display) { watcher in
                #expect(await watcher.settles(to: [old: "from the first server"]))

                await server.killWindowManager()
                await server.killXServer()
                let disconnected = await eventually {
                    if case .disconnected = watcher.status.connection { true } else { false }
                }
                #expect(disconnected, "status is \(watcher.status.connection) after the X server died")

                try await server.restartXServer()
                let reconnected = await eventually(timeout: .seconds(30)) { watcher.status.isConnected }
                #expect(reconnected)
                #expect(watcher.status.reconnects == 1)

                let secondMaker = try server.windowMaker()
                defer { secondMaker.close() }
                let fresh = secondMaker.createWindow(title: "from the second server")
                secondMaker.sync()
                #expect(await watcher.settles(to: [fresh: "from the second server"]))
                #expect(watcher.status.mode == .treeWalk)
            }
        }
    }
}
