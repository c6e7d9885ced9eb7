/// What one drain of the X event queue asks for beyond the cheap, in-order updates: the
/// expensive reads (client list, titles, manager check) are done once per batch, however many
/// events asked for them.
struct EventBatch {
    var clientListChanged = false
    var managerMayHaveChanged = false
    /// Windows whose `_NET_WM_NAME` or `WM_NAME` changed, to be read again.
    var retitled: Set<UInt> = []
    var eventCount = 0

    /// A drain stops after this many events so that reads and broadcasts are not starved while a
    /// client floods the server.
    static let maximumEvents = 20_000
}
