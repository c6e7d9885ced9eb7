import FoundationEssentials
import Registrar
import RegistrarProtocol
import X11Windows

/// Symposium's stacked windows: with `stackedWindowsEnabled` in a project's `project.json`,
/// every taskspace window of the project shares one rectangle; focusing one puts it on top and
/// the others at its rectangle below it, a newly registered one joins there, and moves of the
/// top window are followed (by `WindowStacker`, from ConfigureNotify).
extension DaemonCore {
    /// The project's taskspace windows, each with its taskspace.
    func stackMembers(_ project: String) -> [(window: WindowID, taskspace: TaskspaceID)] {
        registry.allTaskspaces.filter { $0.projectPath == project }
            .flatMap { taskspace in taskspace.windows.sorted().map { (window: $0, taskspace: taskspace.id) } }
    }

    /// The stacked project `taskspace` belongs to, if its stacking is on.
    func stackedProject(of taskspace: TaskspaceID) -> String? {
        guard let project = registry[taskspace]?.projectPath, stacks.entries[project]?.enabled == true else { return nil }
        return project
    }

    /// Tells the stacker the stack as it stands (its windows and top), or that it is gone.
    func refreshStack(_ project: String) {
        guard stacks.entries[project]?.enabled == true else { return environment.stacker.remove(project) }
        let members = stackMembers(project).map(\.window)
        var top = stacks.entries[project]?.top
        if top.map({ !members.contains($0) }) ?? true {
            let active = environment.windows.status.activeWindow
            top = active.flatMap { members.contains($0) ? $0 : nil } ?? members.last
        }
        stacks.entries[project]?.top = top
        environment.stacker.update(StackSpec(id: project, top: top, members: members))
    }

    /// `focus`/`open` brought `window` to the front: the project's other windows go to its
    /// rectangle, on its desktop, below it.
    func arrangeStack(around window: WindowID, of taskspace: TaskspaceID) async {
        guard let project = stackedProject(of: taskspace) else { return }
        stacks.entries[project]?.top = window
        refreshStack(project)
        // With no other window, the arrangement still reads the rectangle the stack keeps.
        let followers = stackMembers(project).map(\.window).filter { $0 != window }
        let arrangement = await environment.stacker.arrange(project, top: window, followers: followers, moveTopTo: nil, restack: true)
        noteArrangement(arrangement, for: project)
    }

    /// A window registered for a stacked project: it joins at the stack's rectangle (the top
    /// window's, or the remembered one when it is the only window).
    func joinStack(_ window: WindowID, of taskspace: TaskspaceID) {
        guard let project = stackedProject(of: taskspace) else { return }
        refreshStack(project)
        let stacker = environment.stacker
        let others = stackMembers(project).map(\.window).filter { $0 != window }
        if let top = stacks.entries[project]?.top, top != window, others.contains(top) {
            Task { [self] in
                let arrangement = await stacker.arrange(project, top: top, followers: [window], moveTopTo: nil, restack: false)
                noteArrangement(arrangement, for: project)
            }
        } else if let rect = stacks.entries[project]?.rect {
            Task { _ = await stacker.arrange(project, top: window, followers: [], moveTopTo: rect, restack: false) }
        }
    }

    /// The active window changed: a window of a stack on top is the one its stack follows.
    func noteStackTop(_ window: WindowID?) {
        guard let window, let taskspace = registry.owner(of: window), let project = stackedProject(of: taskspace),
              stacks.entries[project]?.top != window else { return }
        stacks.entries[project]?.top = window
        refreshStack(project)
    }

    func noteArrangement(_ arrangement: StackArrangement?, for project: String) {
        let before = stacks.entries[project]?.rect
        stacks.note(arrangement, for: project)
        if stacks.entries[project]?.rect != before { stateChanged.raise() }
        let verdict = stacks.entries[project]?.verdict
        logger.info("stack arranged", metadata: [
            "project": "\(project)", "effective": "\(verdict?.effective.map(String.init) ?? "-")",
            "reason": "\(verdict?.reason ?? "")", "requests": "\(arrangement?.requests ?? 0)",
        ])
    }

    /// The stacker followed a move of a stack's top window.
    public func stackFollowed(_ follow: StackFollowed) {
        guard stacks.entries[follow.stack]?.enabled == true else { return }
        stacks.entries[follow.stack]?.rect = follow.rect
        stacks.entries[follow.stack]?.followed += 1
        stacks.entries[follow.stack]?.followRequests = follow.requests
        stateChanged.raise()
    }

    /// Turns a project's stacking on or off (its `project.json` says so already).
    func setStacking(_ project: String, _ enabled: Bool) async {
        let was = stacks.entries[project]?.enabled ?? false
        stacks.entries[project, default: .init()].enabled = enabled
        guard enabled else {
            stacks.entries[project]?.last = nil
            stacks.entries[project]?.unanswered = false
            return environment.stacker.remove(project)
        }
        refreshStack(project)
        guard !was, let top = stacks.entries[project]?.top, let taskspace = registry.owner(of: top) else { return }
        await arrangeStack(around: top, of: taskspace)
    }

    /// Every stacked project's report, for `status`.
    func stackReports() -> [StackReport] {
        let manager = environment.windows.status.connection.manager
        return stacks.entries.filter(\.value.enabled).keys.sorted().map {
            stacks.report($0, members: stackMembers($0), manager: manager)
        }
    }

    /// Each loaded project with its `project.json` stamp as last read: what the heartbeat looks
    /// at (`StackSwitch.changes`), off the actor, for stacking turned on or off by someone else.
    func stackSwitchWatchList() -> [(root: String, stamp: FileStamp?)] {
        loadedProjects.sorted().map { ($0, stacks.stamps[$0]) }
    }

    /// `project.json` files the heartbeat found changed, with what they say now.
    func stackSwitchesRead(_ changed: [StackSwitch.Change]) async {
        for change in changed {
            stacks.stamps[change.root] = change.stamp
            if change.enabled != (stacks.entries[change.root]?.enabled ?? false) {
                logger.info("stacked windows turned \(change.enabled ? "on" : "off") in project.json", metadata: ["project": "\(change.root)"])
                await setStacking(change.root, change.enabled)
            }
        }
    }
}

extension WatcherStatus.Connection {
    /// The window manager's name while connected beside one.
    var manager: String? {
        if case .connected(let mode) = self { return mode.manager?.name }
        return nil
    }
}
