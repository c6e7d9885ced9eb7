import Registrar
import Testing

@Suite struct BackoffTests {
    @Test func doublesUpToTheMaximumAndResets() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        let delays = (0 ..< 6).map { _ in backoff.nextDelay() }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        backoff.reset()
        #expect(backoff.nextDelay() == .milliseconds(100))
    }
}

@Suite struct WindowIDTests {
    @Test func printsAsWmctrlDoes() {
        #expect(WindowID(0x3a00007).hex == "0x03a00007")
        #expect(WindowID(0x123456789).hex == "0x123456789")
    }

    @Test func parsesHexAndDecimal() {
        #expect(WindowID(parsing: "0x3a00007") == WindowID(0x3a00007))
        #expect(WindowID(parsing: " 0X03A00007 ") == WindowID(0x3a00007))
        #expect(WindowID(parsing: "60817415") == WindowID(0x3a00007))
        #expect(WindowID(parsing: "0x") == nil)
        #expect(WindowID(parsing: "0") == nil)
        #expect(WindowID(parsing: "window") == nil)
    }
}
