/// A series cut into local days of fixed clock slots (average kW per slot), the shape every baseline works
/// on: "interval i of the baseline" is the mean of the same local clock slot over the chosen days
/// (research baselines.md §1).
///
/// DST rule `[D]` (the research leaves it open; this is the one chosen and tested): slots are local wall-clock
/// positions. On the 23-hour day the skipped hour's slots have no value and do not make the day incomplete;
/// on the 25-hour day both occurrences of the repeated hour fall in the same slots and are averaged.
///
/// Columnar: one flat array of µkW, `slotsPerDay` per local day from the first day the series touches, with
/// `Int64.min` for "no value"; built in one pass, day by day, with clock arithmetic on regular days.
public struct DayProfiles: Sendable {
    public let slotMinutes: Int
    public let slotsPerDay: Int
    /// Local day number (days since 1970-01-01) of the first day.
    let firstDay: Int64
    let dayCount: Int
    /// µkW, `Int64.min` = no value (missing data, outside the series, or a DST-skipped hour).
    let values: ContiguousArray<Int64>
    /// Whether each day has every interval present and lies fully inside the series.
    let complete: ContiguousArray<Bool>
    static let none = Int64.min

    /// Cuts `series` (µkWh per interval) into local days of `slotMinutes` (a multiple of the interval
    /// dividing 60; nil = the interval itself).
    public init(_ series: EnergySeries, timeZone tz: MarketTimeZone, slotMinutes: Int? = nil) {
        let step = series.grid.seconds
        let slotSeconds = Int64(slotMinutes ?? Int(step / 60)) * 60
        precondition(slotSeconds >= step && slotSeconds % step == 0 && 3600 % slotSeconds == 0, "slot must be a multiple of the interval dividing an hour")
        self.slotMinutes = Int(slotSeconds / 60)
        let perDay = Int(86_400 / slotSeconds)
        slotsPerDay = perDay
        let n = series.grid.count
        let gridStart = series.grid.start.secondsSinceEpoch
        let first = tz.localTime(series.grid.start).date
        let last = n == 0 ? first : tz.localTime(series.grid.startOf(n - 1)).date
        let firstDay = first.daysSinceEpoch
        let dayCount = Int(last.daysSinceEpoch - firstDay) + 1
        self.firstDay = firstDay
        self.dayCount = dayCount
        var values = ContiguousArray<Int64>(repeating: Self.none, count: dayCount * perDay)
        var complete = ContiguousArray<Bool>(repeating: true, count: dayCount)
        var sums = [Int64](repeating: 0, count: perDay)
        var counts = [Int64](repeating: 0, count: perDay)
        let perSlot = slotSeconds / step

        series.microKWh.withUnsafeBufferPointer { e in
            series.quality.withUnsafeBufferPointer { q in
                var dayStart = tz.startOfDay(daysSinceEpoch: firstDay).secondsSinceEpoch
                for day in 0..<dayCount {
                    let dayEnd = tz.startOfDay(daysSinceEpoch: firstDay + Int64(day) + 1).secondsSinceEpoch
                    defer { dayStart = dayEnd }
                    let lo = max(0, Int((dayStart - gridStart + step - 1) / step))
                    let hi = min(n, Int((dayEnd - gridStart + step - 1) / step))
                    if dayStart < gridStart || dayEnd > gridStart + Int64(n) * step { complete[day] = false }
                    let regular = dayEnd - dayStart == 86_400
                    for k in 0..<perDay {
                        sums[k] = 0
                        counts[k] = 0
                    }
                    var i = lo
                    while i < hi {
                        let t = gridStart + Int64(i) * step
                        let slot = regular
                            ? Int((t - dayStart) / slotSeconds)
                            : tz.localTime(Instant(secondsSinceEpoch: t)).secondOfDay / Int(slotSeconds)
                        if q[i] == .missing {
                            complete[day] = false
                        } else {
                            sums[slot] += e[i]
                            counts[slot] += 1
                        }
                        i += 1
                    }
                    let base = day * perDay
                    for k in 0..<perDay where counts[k] > 0 {
                        if counts[k] < perSlot { complete[day] = false }
                        values[base + k] = Units.averageMicroKW(microKWh: sums[k], seconds: counts[k] * step)
                    }
                }
            }
        }
        self.values = values
        self.complete = complete
    }

    @inline(__always) func dayIndex(_ date: LocalDate) -> Int? {
        let i = date.daysSinceEpoch - firstDay
        return i >= 0 && i < Int64(dayCount) ? Int(i) : nil
    }

    /// µkW of one slot of `date`, or nil.
    @inline(__always) public func value(_ date: LocalDate, _ slot: Int) -> Int64? {
        guard slot >= 0 && slot < slotsPerDay, let d = dayIndex(date) else { return nil }
        let v = values[d * slotsPerDay + slot]
        return v == Self.none ? nil : v
    }

    /// The day's slots (allocates: for outputs and tests, not for loops).
    public func profile(_ date: LocalDate) -> [Int64?]? {
        guard let d = dayIndex(date) else { return nil }
        return (0..<slotsPerDay).map { let v = values[d * slotsPerDay + $0]; return v == Self.none ? nil : v }
    }

    /// Whether the day lies in the series at all.
    public func covers(_ date: LocalDate) -> Bool { dayIndex(date) != nil }

    public func isComplete(_ date: LocalDate) -> Bool { dayIndex(date).map { complete[$0] } ?? false }

    /// Mean µkW over `slots` of `date` (slots without a value are skipped); nil when none has one.
    public func mean(_ date: LocalDate, slots: Range<Int>) -> Int64? {
        guard let d = dayIndex(date) else { return nil }
        var sum: Int64 = 0
        var n: Int64 = 0
        for k in slots where k >= 0 && k < slotsPerDay {
            let v = values[d * slotsPerDay + k]
            if v != Self.none {
                sum += v
                n += 1
            }
        }
        return n == 0 ? nil : Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(sum), by: Int128(n)))
    }

    /// Highest slot µkW over `slots` of `date`.
    public func maximum(_ date: LocalDate, slots: Range<Int>) -> Int64? {
        guard let d = dayIndex(date) else { return nil }
        var best: Int64? = nil
        for k in slots where k >= 0 && k < slotsPerDay {
            let v = values[d * slotsPerDay + k]
            if v != Self.none { best = max(best ?? v, v) }
        }
        return best
    }
}
