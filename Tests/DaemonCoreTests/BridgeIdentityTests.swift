import RegistrarClient
import RegistrarServer
import Testing

/// `#identify:` as Symposium's bridge writes it (`actor/client.rs`): Rust counts the root as a
/// path component, so a directory with more than two components shows as `…/<last two>`.
@Suite struct BridgeIdentityTests {
    @Test func theWorkingDirectoryIsShortenedAsRustDoesIt() {
        #expect(BridgeIdentity.shortened("/") == "/")
        #expect(BridgeIdentity.shortened("/tmp") == "/tmp")
        #expect(BridgeIdentity.shortened("/home/ada") == "…/home/ada")
        #expect(BridgeIdentity.shortened("/home/ada/work/task-1/repo") == "…/task-1/repo")
        #expect(BridgeIdentity.line(prefix: "vscode", pid: 42, cwd: "/w/x/y") == "#identify:vscode(pid:42,cwd:…/x/y)")
    }
}
