extension Duration {
    /// The duration in seconds as a `Double`, for the timings commands print and the worker's batch sizing; never
    /// for settlement arithmetic.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
