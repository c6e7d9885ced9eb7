extension Duration {
    /// The duration in seconds, for reports and messages that show time as a decimal number.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
