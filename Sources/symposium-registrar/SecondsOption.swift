import ArgumentParser

/// Every option given in seconds is checked here: a finite number within the range that makes
/// sense for it. `inf` or `1e300` would otherwise reach `Duration`, whose conversion traps.
enum SecondsOption {
    static func check(_ value: Double, _ name: String, from lowest: Double, to highest: Double,
                      includingLowest: Bool = true) throws {
        guard value.isFinite, includingLowest ? value >= lowest : value > lowest, value <= highest else {
            let low = includingLowest ? "from \(lowest.shown)" : "more than \(lowest.shown)"
            throw ValidationError("--\(name) must be a number of seconds \(low) to \(highest.shown), not \(value)")
        }
    }
}

extension Double {
    /// 3600 rather than 3600.0.
    fileprivate var shown: String { rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
