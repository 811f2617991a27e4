/// A bit per minute over a period: which minutes are covered by awards or by idle signals.
///
/// Awards and signals start and end on whole minutes (the loader checks this), and every supported meter
/// interval is a whole number of minutes, so per-minute coverage gives exact overlap shares for partial
/// intervals (research edge case E1) without any floating point.
public struct MinuteMask: Sendable, Hashable {
    public var start: Instant
    public var bits: ContiguousArray<Bool>

    public init(start: Instant, end: Instant) {
        self.start = start
        self.bits = ContiguousArray(repeating: false, count: Int((end.secondsSinceEpoch - start.secondsSinceEpoch) / 60))
    }

    /// Marks `[from, to)`, clipped to the period.
    public mutating func mark(from: Instant, to: Instant) {
        let a = max(0, Int((from.secondsSinceEpoch - start.secondsSinceEpoch) / 60))
        let b = min(bits.count, Int((to.secondsSinceEpoch - start.secondsSinceEpoch + 59) / 60))
        if a < b { for i in a..<b { bits[i] = true } }
    }

    /// Covered seconds in each interval of `grid` (which must start at `start`).
    public func coveredSeconds(on grid: IntervalGrid) -> ContiguousArray<Int32> {
        precondition(grid.start == start && grid.seconds % 60 == 0)
        let per = Int(grid.seconds / 60)
        var out = ContiguousArray<Int32>(repeating: 0, count: grid.count)
        bits.withUnsafeBufferPointer { b in
            for i in 0..<grid.count {
                var c: Int32 = 0
                let base = i * per
                for k in base..<min(base + per, b.count) where b[k] { c += 60 }
                out[i] = c
            }
        }
        return out
    }
}
