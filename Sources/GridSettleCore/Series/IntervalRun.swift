/// A run of consecutive intervals `[start, start + count·seconds)`: the compact lineage a statement line
/// carries so an analyst can find the exact meter intervals behind a number.
public struct IntervalRun: Sendable, Hashable, CustomStringConvertible {
    public var start: Instant
    public var seconds: Int64
    public var count: Int

    public init(start: Instant, seconds: Int64, count: Int) {
        self.start = start
        self.seconds = seconds
        self.count = count
    }

    public var end: Instant { start.adding(seconds: seconds * Int64(count)) }
    public var description: String { "\(start)/\(end)" }
}

/// Builds runs from intervals added in time order, merging adjacent ones.
public struct IntervalRunBuilder: Sendable, Hashable {
    public private(set) var runs: [IntervalRun] = []
    public private(set) var intervalCount = 0

    public init() {}

    public mutating func add(start: Instant, seconds: Int64) {
        intervalCount += 1
        if var last = runs.last, last.seconds == seconds, last.end == start {
            last.count += 1
            runs[runs.count - 1] = last
        } else {
            runs.append(IntervalRun(start: start, seconds: seconds, count: 1))
        }
    }
}
