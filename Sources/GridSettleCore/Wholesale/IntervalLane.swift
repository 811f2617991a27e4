/// Values on one market run's grid over a settlement period: a dense array from the period start rounded
/// down to the run's grain, with whether each interval has a value at all. What ``Schedules`` (awards) and
/// ``PriceGrid`` (prices) keep per run and product, so the per-interval passes index instead of hashing.
struct IntervalLane: Sendable {
    /// The first interval's start: the period start rounded down to `grain`.
    let base: Int64
    let grain: Int64
    var value: ContiguousArray<Int64>
    var present: ContiguousArray<Bool>

    /// Covers `[start, end)` on a `grain`-second grid.
    init(start: Instant, end: Instant, grain: Int64) {
        let s = start.secondsSinceEpoch
        base = s - ((s % grain) + grain) % grain
        self.grain = grain
        let count = Int((end.secondsSinceEpoch - base + grain - 1) / grain)
        value = ContiguousArray(repeating: 0, count: count)
        present = ContiguousArray(repeating: false, count: count)
    }

    /// The interval containing `t`, if it is on the lane.
    func index(containing t: Int64) -> Int? {
        let offset = t - base
        guard offset >= 0 else { return nil }
        let i = Int(offset / grain)
        return i < value.count ? i : nil
    }

    /// The interval starting exactly at `t`, if it is on the lane.
    func index(startingAt t: Int64) -> Int? {
        (t - base) % grain == 0 ? index(containing: t) : nil
    }
}

extension MarketRun {
    /// 0…3 in declaration order: the row of a run in a lane table.
    var ordinal: Int {
        switch self {
        case .dayAhead: 0
        case .fifteenMinute: 1
        case .realTimeDispatch: 2
        case .realTimeHourly: 3
        }
    }
}
