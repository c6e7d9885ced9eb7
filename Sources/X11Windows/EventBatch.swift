/// What one drain of the X event queue asks for beyond the cheap, in-order updates: the
/// expensive reads (client list, manager check) are done once per batch, however many events
/// asked for them. (Titles to read are kept across batches by the loop.)
struct EventBatch {
    var clientListChanged = false
    var managerMayHaveChanged = false
    var eventCount = 0

    /// A drain stops after this many events so that reads and broadcasts are not starved while a
    /// client floods the server.
    static let maximumEvents = 20_000
}
