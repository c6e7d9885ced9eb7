import Foundation
import Synchronization
import Registrar
import Testing
import X11Windows

/// A subscriber that falls behind a storm holds a few events per window, not every change, and
/// still ends with the index the X side has.
@Suite struct WatcherEventsTests {
    let a = WindowID(0xA)
    let b = WindowID(0xB)
    let marker = Marker(uuid: "0a0b0c0d-1111-4222-8333-444455556666")!

    private func record(_ id: WindowID, _ title: String) -> WindowRecord { WindowRecord(id: id, title: title) }

    private func drain(_ events: WatcherEvents, _ channel: WatcherEvents.Channel) async -> [WatcherEvent] {
        channel.finish()
        var out: [WatcherEvent] = []
        for await event in events { out.append(event) }
        return out
    }

    @Test func aTitleStormLeavesOneEventWithTheLatestTitle() async {
        let (events, channel) = WatcherEvents.make()
        channel.yield(.window(.appeared(record(a, "start"))))
        for number in 0 ..< 100_000 { channel.yield(.window(.retitled(record(a, "title \(number)"), previousMarker: nil))) }
        #expect(channel.progress.queued == 1)
        #expect(await drain(events, channel) == [.window(.appeared(record(a, "title 99999")))])
    }

    @Test func retitlesKeepTheMarkerTheConsumerLastSaw() async {
        let (events, channel) = WatcherEvents.make()
        channel.yield(.window(.retitled(record(a, "\(marker) one"), previousMarker: nil)))
        channel.yield(.window(.retitled(record(a, "two"), previousMarker: marker)))
        channel.yield(.window(.appeared(record(b, "b"))))
        channel.yield(.window(.retitled(record(a, "three"), previousMarker: nil)))
        #expect(await drain(events, channel) == [
            .window(.retitled(record(a, "three"), previousMarker: nil)),
            .window(.appeared(record(b, "b"))),
        ])
    }

    @Test func aWindowThatCameAndWentUnseenLeavesNothingAndOneRetitledThenGoneLeavesItsGone() async {
        let (events, channel) = WatcherEvents.make()
        channel.yield(.window(.appeared(record(a, "brief"))))
        channel.yield(.window(.gone(a, lastMarker: nil)))
        channel.yield(.window(.retitled(record(b, "x"), previousMarker: marker)))
        channel.yield(.window(.gone(b, lastMarker: nil)))
        // An id reused after it went is a new window: both stay, in order.
        channel.yield(.window(.appeared(record(b, "new"))))
        let status = WatcherStatus(connection: .connecting, since: Date(timeIntervalSince1970: 0), display: ":1", reconnects: 0)
        channel.yield(.status(status))
        #expect(await drain(events, channel) == [
            .window(.gone(b, lastMarker: marker)), .window(.appeared(record(b, "new"))), .status(status),
        ])
    }

    @Test func aConsumerThatLetsGoEndsTheSubscription() async {
        let ended = Counter()
        var channel: WatcherEvents.Channel?
        do {
            let (events, made) = WatcherEvents.make { ended.increment() }
            channel = made
            made.yield(.window(.appeared(record(a, "x"))))
            _ = events
        }
        #expect(ended.value == 1, "the termination ran when the sequence was dropped")
        channel?.yield(.window(.appeared(record(b, "y"))))
        #expect(channel?.progress.queued == 0, "nothing is kept for a consumer that is gone")
    }
}

/// A counter safe to touch from a termination handler.
final class Counter: Sendable {
    private let count = Synchronization.Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
