extension Duration {
    /// The duration in seconds, for reports and messages that show time as a decimal number.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension Duration {
    /// Seconds with one decimal (`4.0`, `0.5`), as messages show a wait; the job of
    /// `String(format: "%.1f")` without the full Foundation.
    public var secondsText: String {
        let tenths = Int((inSeconds * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
