import X11Windows

/// The display's manager selection, as the watcher reports it with its status.
extension DaemonCore {
    /// Held by another registrar, or taken by anyone without this daemon's own user asking over
    /// its socket: the daemon leaves, non-zero, naming who has it.
    func noteSelection(_ selection: SelectionState?) {
        switch selection {
        case .refused(let owner, let selection):
            requestStop(.displayServed(RegistrarDaemon<C>.anotherServes(display: environment.windows.status.display, selection: selection,
                                                                    owner: owner)))
        case .lost(let owner, let by, let selection):
            guard !stopping else { return }
            let who = [owner.map { "window \($0.hex)" }, by].compactMap { $0 }.joined(separator: ", ")
            requestStop(.displaced("displaced: \(selection) was taken by \(who.isEmpty ? "an unknown client" : who) "
                + "without asking this registrar over its socket"))
        case .owned, nil:
            break
        }
    }
}
