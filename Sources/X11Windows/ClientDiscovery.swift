import Registrar
import CX11

/// The client windows of a display at one moment, with the way they were found.
struct ClientScan {
    let mode: DiscoveryMode
    /// Every client window with its title ("" for an untitled one).
    let titles: [WindowID: String]
    /// The stamps of the client windows that carry one (`WindowStamp`).
    let stamps: [WindowID: String]
    /// Tree-walk mode only: each top-level child of the root and the client window inside it.
    let topLevels: [UInt: UInt]
}

/// Event masks the watcher selects. Kept together so the rules of docs/ARCHITECTURE.md ("The X thread") read in one place.
enum WatchMasks {
    static let rootWithManager = PropertyChangeMask
    static let rootWithoutManager = PropertyChangeMask | SubstructureNotifyMask
    static let client = PropertyChangeMask | StructureNotifyMask
    /// Its death, and its name changing (a manager restarting in place may rename it).
    static let checkWindow = StructureNotifyMask | PropertyChangeMask
}

extension XConnection {
    /// Detects the manager, enumerates clients the way the mode calls for and reads every title.
    /// With `watching`, it also selects the events that keep the result current, each before the
    /// read it protects, so nothing that changes during the scan is missed.
    func scanClients(watching: Bool) -> ClientScan {
        if watching { _ = XSelectInput(display, root, WatchMasks.rootWithManager) }
        let manager = detectWindowManager()
        var clients: [UInt] = []
        var topLevels: [UInt: UInt] = [:]
        if let manager, watching { _ = XSelectInput(display, manager.checkWindow.rawValue, WatchMasks.checkWindow) }
        // Followed only when said to be supported and set: dwm sets it with its first client, so
        // until then (and for a manager that never sets it) the tree is walked beside it, and
        // the list appearing switches over (`WatcherLoop.finish`).
        let listed = manager?.listsClients == true ? listedClients() : nil
        if let listed {
            clients = listed
        } else {
            if watching { _ = XSelectInput(display, root, WatchMasks.rootWithoutManager) }
            topLevels = walkTopLevels()
            clients = Array(topLevels.values)
        }
        var titles: [WindowID: String] = [:]
        var stamps: [WindowID: String] = [:]
        titles.reserveCapacity(clients.count)
        let windows = clients.filter { $0 != 0 }
        if watching { windows.forEach(watchClient) }
        // Read in batches (one round trip each) rather than a round trip or two per window.
        for start in stride(from: 0, to: windows.count, by: 1024) {
            let batch = Array(windows[start ..< min(start + 1024, windows.count)])
            for (window, read) in readTitles(batch) {
                guard let title = read.title.indexedTitle else { continue }
                titles[WindowID(window)] = title
                if let stamp = read.stamp { stamps[WindowID(window)] = stamp }
            }
        }
        let mode: DiscoveryMode = switch manager {
        case .some(let manager) where listed != nil: .ewmh(manager)
        case .some(let manager): .treeWalkBeside(manager)
        case nil: .treeWalk
        }
        return ClientScan(mode: mode, titles: titles, stamps: stamps, topLevels: topLevels)
    }

    /// `_NET_CLIENT_LIST` whole, however long. Nil when it cannot be read.
    func listedClients() -> [UInt]? {
        readItems32(root, atoms.netClientList, type: atoms.window).value
    }

    func watchClient(_ window: UInt) {
        _ = XSelectInput(display, window, WatchMasks.client)
    }

    /// Stops the title events of a window in a title storm; its structure is still watched
    /// (its destruction must be seen). `watchClient` selects them again.
    func muteTitles(_ window: UInt) {
        _ = XSelectInput(display, window, WatchMasks.client & ~PropertyChangeMask)
    }

    func unwatchClient(_ window: UInt) {
        _ = XSelectInput(display, window, NoEventMask)
    }

    /// Every mapped, non-override-redirect child of the root with the client window it holds.
    func walkTopLevels() -> [UInt: UInt] {
        var rootReturn: UInt = 0
        var parentReturn: UInt = 0
        var children: UnsafeMutablePointer<UInt>?
        var count: UInt32 = 0
        guard XQueryTree(display, root, &rootReturn, &parentReturn, &children, &count) != 0, let children else {
            return [:]
        }
        defer { XFree(children) }
        var result: [UInt: UInt] = [:]
        for index in 0 ..< Int(count) {
            let topLevel = children[index]
            if let client = clientOfTopLevel(topLevel) { result[topLevel] = client }
        }
        return result
    }

    /// The client a mapped top-level stands for: the window in its subtree carrying `WM_STATE`
    /// (a frame's client, under a manager without EWMH) or the top-level itself, as
    /// `XmuClientWindow` resolves it. Nil for unmapped, override-redirect or vanished windows.
    func clientOfTopLevel(_ topLevel: UInt) -> UInt? {
        var attributes = XWindowAttributes()
        guard XGetWindowAttributes(display, topLevel, &attributes) != 0,
              attributes.map_state == IsViewable,
              attributes.override_redirect == 0
        else { return nil }
        let client = XmuClientWindow(display, topLevel)
        return client == 0 ? topLevel : client
    }
}
