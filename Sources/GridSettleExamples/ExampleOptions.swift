/// What to generate: the seed and the settlement month, and the meters' interval length.
public struct ExampleOptions: Sendable, Hashable {
    /// Everything random derives from this seed; the same options always give the same dataset.
    public var seed: UInt64 = 2016
    public var year = 2016
    /// 1 … 12: the local calendar month (America/Los_Angeles) to settle.
    public var month = 11
    /// Interval length of every meter: 1, 5, 15, 30 or 60 minutes.
    public var intervalMinutes = 5

    public init(seed: UInt64 = 2016, year: Int = 2016, month: Int = 11, intervalMinutes: Int = 5) {
        self.seed = seed
        self.year = year
        self.month = month
        self.intervalMinutes = intervalMinutes
    }
}
