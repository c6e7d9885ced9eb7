import CoreMetrics
import Synchronization

/// What the daemon counts about itself, for `status`'s health section and `status --check`:
/// swift-metrics counters (one atomic each, `AtomicMetricsFactory`), counted where things
/// happen (the core's actor, the connection tasks on NIO's threads, the state writer) and read
/// by `status` without stopping any of them. Cumulative since the daemon started.
public final class DaemonMetrics: Sendable {
    /// Each counter, named as `status --json` names it.
    public enum Count: String, CaseIterable, Sendable {
        case registrationsAnswered = "registrations_answered"
        case registrationsFailed = "registrations_failed"
        case registrationsTimedOut = "registrations_timed_out"
        case rollCallsSent = "roll_calls_sent"
        case windowsSeen = "windows_seen"
        case windowsLost = "windows_lost"
        case clientsAccepted = "clients_accepted"
        case refusedOtherUser = "refused_other_user"
        case refusedProcessFull = "refused_process_full"
        case refusedTableFull = "refused_table_full"
        case cutOffOwnBudget = "cut_off_own_budget"
        case cutOffTotalBudget = "cut_off_total_budget"
        case cutOffInvalidLines = "cut_off_invalid_lines"
        case cutOffLongLine = "cut_off_long_line"
        case cutOffInputBudget = "cut_off_input_budget"
        case closedForRoom = "closed_for_room"
        case bytesIn = "bytes_in"
        case bytesOut = "bytes_out"
        case stateWritesOK = "state_writes_ok"
        case stateWritesFailed = "state_writes_failed"
        case taskspaceWritesOK = "taskspace_writes_ok"
        case taskspaceWritesFailed = "taskspace_writes_failed"

        /// Refusals, by why.
        static let refusals: [Count] = [.refusedOtherUser, .refusedProcessFull, .refusedTableFull]
        /// Connections the daemon closed, by why.
        static let cutOffs: [Count] = [.cutOffOwnBudget, .cutOffTotalBudget, .cutOffInvalidLines, .cutOffLongLine,
                                       .cutOffInputBudget, .closedForRoom]
    }

    private let factory = AtomicMetricsFactory()
    private let counters: [Count: Counter]

    public init() {
        var counters: [Count: Counter] = [:]
        for count in Count.allCases {
            counters[count] = Counter(label: "symposium_registrar_\(count.rawValue)", factory: factory)
        }
        self.counters = counters
    }

    public func count(_ count: Count, by amount: Int = 1) {
        counters[count]?.increment(by: amount)
    }

    public subscript(count: Count) -> Int {
        Int(factory.value(of: "symposium_registrar_\(count.rawValue)"))
    }

    /// Why the last write of the state file failed; nil once one succeeds.
    public var stateWriteError: String? { lastStateWriteError.withLock { $0 } }
    private let lastStateWriteError = Mutex<String?>(nil)

    /// A write of the state file ended (`error` nil: it succeeded).
    func stateWritten(error: String?) {
        count(error == nil ? .stateWritesOK : .stateWritesFailed)
        lastStateWriteError.withLock { $0 = error }
    }

    /// Every counter's value now, by name.
    public var values: [String: Int] {
        Dictionary(uniqueKeysWithValues: Count.allCases.map { ($0.rawValue, self[$0]) })
    }
}
