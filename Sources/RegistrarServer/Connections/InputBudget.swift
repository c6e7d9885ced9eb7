import Synchronization

/// The bytes of unfinished lines all connections together may hold. Each connection's line
/// limit (1 MiB) alone would let 256 connections that each hold back the end of a line keep
/// 256 MiB; with this budget, the connection whose partial line would pass it is closed instead.
public final class InputBudget: Sendable {
    public let limit: Int
    private let used = Mutex(0)

    public init(limit: Int) { self.limit = limit }

    /// Takes `bytes` more; false, taking nothing, when that would pass the limit.
    func take(_ bytes: Int) -> Bool {
        used.withLock { used in
            guard used + bytes <= limit else { return false }
            used += bytes
            return true
        }
    }

    func give(_ bytes: Int) { used.withLock { $0 -= bytes } }

    /// One connection's share, given back whole when the connection's reading ends.
    final class Share: Sendable {
        private let budget: InputBudget
        private let held = Mutex(0)

        init(_ budget: InputBudget) { self.budget = budget }

        /// Holds exactly `bytes` for this connection's partial line; false when the budget is spent.
        func hold(_ bytes: Int) -> Bool {
            held.withLock { held in
                if bytes > held {
                    guard budget.take(bytes - held) else { return false }
                } else if bytes < held {
                    budget.give(held - bytes)
                }
                held = bytes
                return true
            }
        }

        deinit { budget.give(held.withLock { $0 }) }
    }
}

/// The input budget of all connections is spent.
public struct InputBudgetSpent: Error, CustomStringConvertible {
    public var description: String { "the daemon holds too many unfinished lines; closing this connection" }
}
