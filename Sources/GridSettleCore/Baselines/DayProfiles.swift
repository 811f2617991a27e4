/// A series cut into local days of fixed clock slots (average kW per slot), the shape every baseline works
/// on: "interval i of the baseline" is the mean of the same local clock slot over the chosen days
/// (research baselines.md §1).
///
/// DST rule (the research leaves it open `[U]`; this is the one chosen and tested): slots are local wall-clock
/// positions. On the 23-hour day the skipped hour's slots have no value and do not make the day incomplete;
/// on the 25-hour day both occurrences of the repeated hour fall in the same slots and are averaged.
public struct DayProfiles: Sendable {
    public let slotMinutes: Int
    public let slotsPerDay: Int
    /// µkW per slot per day; nil = no value (missing data, outside the series, or a DST-skipped hour).
    let kW: [LocalDate: [Int64?]]
    /// Days with a missing interval or not fully inside the series.
    let incomplete: Set<LocalDate>

    /// Cuts `series` (µkWh per interval) into local days of `slotMinutes` (a multiple of the interval, at
    /// most 60, dividing 60; nil = the interval itself).
    public init(_ series: EnergySeries, timeZone tz: MarketTimeZone, slotMinutes: Int? = nil) {
        let step = series.grid.seconds
        let slotSeconds = Int64(slotMinutes ?? Int(step / 60)) * 60
        precondition(slotSeconds >= step && slotSeconds % step == 0 && 3600 % slotSeconds == 0, "slot must be a multiple of the interval dividing an hour")
        self.slotMinutes = Int(slotSeconds / 60)
        slotsPerDay = Int(86_400 / slotSeconds)
        var sums: [LocalDate: [Int64]] = [:]
        var counts: [LocalDate: [Int64]] = [:]
        var incomplete = Set<LocalDate>()
        for i in 0..<series.grid.count {
            let local = tz.localTime(series.grid.startOf(i))
            let slot = local.secondOfDay / Int(slotSeconds)
            if sums[local.date] == nil {
                sums[local.date] = [Int64](repeating: 0, count: slotsPerDay)
                counts[local.date] = [Int64](repeating: 0, count: slotsPerDay)
            }
            if series.quality[i] == .missing {
                incomplete.insert(local.date)
                continue
            }
            sums[local.date]![slot] += series.microKWh[i]
            counts[local.date]![slot] += 1
        }
        // the first and last local days are partial unless the series starts and ends at local midnight
        for date in sums.keys {
            let (start, end) = tz.dayBounds(date)
            if start < series.grid.start || end > series.grid.end { incomplete.insert(date) }
        }
        var kW: [LocalDate: [Int64?]] = [:]
        let perSlot = slotSeconds / step
        for (date, s) in sums {
            let c = counts[date]!
            var profile = [Int64?](repeating: nil, count: slotsPerDay)
            for k in 0..<slotsPerDay where c[k] > 0 {
                if c[k] < perSlot { incomplete.insert(date) }
                profile[k] = Units.averageMicroKW(microKWh: s[k], seconds: c[k] * step)
            }
            kW[date] = profile
        }
        self.kW = kW
        self.incomplete = incomplete
    }

    public func profile(_ date: LocalDate) -> [Int64?]? { kW[date] }
    public func isComplete(_ date: LocalDate) -> Bool { kW[date] != nil && !incomplete.contains(date) }

    /// Mean µkW over `slots` of `date` (slots without a value are skipped); nil when none has one.
    public func mean(_ date: LocalDate, slots: Range<Int>) -> Int64? {
        guard let p = kW[date] else { return nil }
        var sum: Int64 = 0
        var n: Int64 = 0
        for k in slots where k >= 0 && k < slotsPerDay { if let v = p[k] { sum += v; n += 1 } }
        return n == 0 ? nil : Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(sum), by: Int128(n)))
    }

    /// Highest slot µkW over `slots` of `date`.
    public func maximum(_ date: LocalDate, slots: Range<Int>) -> Int64? {
        guard let p = kW[date] else { return nil }
        return slots.compactMap { $0 >= 0 && $0 < slotsPerDay ? p[$0] : nil }.max()
    }
}
