/// One interval of an externally computed baseline (dataset file `baseline_series.csv`): the mean kW the
/// resource would have drawn over `[start, end)` without the event, as a control group or an aggregator's
/// model computed it (research baselines.md §2.7).
public struct SuppliedBaselineInterval: Sendable, Hashable {
    public var start: Instant
    public var end: Instant
    /// Mean power over the interval, µkW (negative for a net-exporting site).
    public var microKW: Int64
    /// `file:line` it was read from.
    public var source: String

    public init(start: Instant, end: Instant, microKW: Int64, source: String = "") {
        self.start = start
        self.end = end
        self.microKW = microKW
        self.source = source
    }
}

/// An externally supplied baseline on the meter's slot grid (ESDER 2 control group, research §2.7 `[U]`: "the
/// settlement engine only needs to accept an externally computed baseline series; it should not implement
/// the statistics").
///
/// Each slot of the event day is the time-weighted mean of the supplied kW over the slot's instants — on the
/// 25-hour day both occurrences of the repeated hour, as ``DayProfiles`` does with meter data — exact in
/// Int128 and rounded once, half away from zero. A slot the series does not cover completely has no baseline
/// (nil, never zero) `[D]`: a partly covered slot would be a mean over part of it only. Nothing is selected or
/// adjusted: the result has no day decisions, no selected days and adjustment kind none, and its notes say
/// where the baseline came from and which event slots it does not cover.
public enum ExternalBaseline {
    /// The method name in results, outputs and `gridsettle baseline --method`.
    public static let methodName = "external"

    /// Why `series` cannot be used, or nil: the engine needs intervals in time order that do not overlap (the
    /// dataset reader reports the offending rows; this guards the Core API).
    public static func problem(_ series: [SuppliedBaselineInterval]) -> String? {
        if series.isEmpty { return "the supplied baseline series has no intervals" }
        for i in series.indices {
            let s = series[i]
            if !(s.start < s.end) { return "supplied baseline interval \(s.start)…\(s.end) (\(s.source)) does not end after it starts" }
            if i > 0 && s.start < series[i - 1].end {
                return "supplied baseline intervals must be in time order without overlap: \(s.start) (\(s.source)) starts before \(series[i - 1].end), the end of the interval before"
            }
        }
        return nil
    }

    /// The baseline of `event` from `series` (checked by ``problem(_:)``), on the slots of `profiles`, whose
    /// event day also gives the actual.
    public static func baseline(
        _ series: [SuppliedBaselineInterval], profiles: DayProfiles, timeZone tz: MarketTimeZone, event: BaselineEvent
    ) -> BaselineResult {
        let place = DayMatchingBaseline.place(event, timeZone: tz, slotMinutes: profiles.slotMinutes, slotsPerDay: profiles.slotsPerDay)
        let perDay = profiles.slotsPerDay
        let slotSeconds = Int64(profiles.slotMinutes) * 60
        let (dayStart, dayEnd) = tz.dayBounds(place.day)
        let regular = dayEnd.secondsSinceEpoch - dayStart.secondsSinceEpoch == 86_400

        // Σ kW·s and covered seconds per slot, walking the day's instants once with a cursor into the series
        var energy = [Int128](repeating: 0, count: perDay)
        var covered = [Int64](repeating: 0, count: perDay)
        var length = [Int64](repeating: 0, count: perDay)
        var cursor = firstEnding(after: dayStart.secondsSinceEpoch, in: series)
        var firstRow: Int? = nil
        var lastRow: Int? = nil
        var t = dayStart.secondsSinceEpoch
        while t < dayEnd.secondsSinceEpoch {
            let a = t
            let b = t + slotSeconds
            t = b
            let k = regular ? Int((a - dayStart.secondsSinceEpoch) / slotSeconds)
                : tz.localTime(Instant(secondsSinceEpoch: a)).secondOfDay / Int(slotSeconds)
            length[k] += b - a
            while cursor < series.count && series[cursor].end.secondsSinceEpoch <= a { cursor += 1 }
            var j = cursor
            while j < series.count && series[j].start.secondsSinceEpoch < b {
                let lo = max(a, series[j].start.secondsSinceEpoch)
                let hi = min(b, series[j].end.secondsSinceEpoch)
                if hi > lo {
                    energy[k] += Int128(series[j].microKW) * Int128(hi - lo)
                    covered[k] += hi - lo
                    firstRow = firstRow ?? j
                    lastRow = j
                }
                j += 1
            }
        }
        var values = [Int64?](repeating: nil, count: perDay)
        for k in 0..<perDay where length[k] > 0 && covered[k] == length[k] {
            values[k] = Rounding.int64(Rounding.divideHalfAwayFromZero(energy[k], by: Int128(covered[k])))
        }

        let actual = profiles.profile(place.day) ?? [Int64?](repeating: nil, count: perDay)
        var notes = DayMatchingBaseline.dataNotes(place, profiles: profiles, actual: actual)
        if let f = firstRow, let l = lastRow {
            let rows = series[f].source.isEmpty ? "" : f == l ? ": row \(series[f].source)" : ": rows \(series[f].source) … \(series[l].source)"
            notes.append("baseline supplied externally (control group or aggregator, research §2.7), not computed from the meter\(rows) on \(place.day)")
        } else {
            notes.append("baseline supplied externally (control group or aggregator, research §2.7): the series has no interval on \(place.day)")
        }
        let uncovered = place.slots.filter { values[$0] == nil }
        if !uncovered.isEmpty {
            notes.append("\(uncovered.count) of \(place.slots.count) event slot(s) not covered by the supplied baseline series: \(SlotClock.ranges(uncovered, minutes: profiles.slotMinutes)) (no baseline, no performance there)")
        }
        let audit = BaselineResult.AdjustmentAudit(kind: .none, slots: [], actualSum: 0, baselineSum: 0, raw: 0, applied: 0, capped: false)
        var result = BaselineResult(
            method: methodName, eventDay: place.day, slotMinutes: profiles.slotMinutes, eventSlots: place.slots, days: [], selected: [],
            fallback: nil, unadjusted: values, adjustment: audit, adjusted: values, actual: actual)
        result.notes = notes
        return result
    }

    /// Index of the first interval ending after `t` (binary search on the ordered series).
    static func firstEnding(after t: Int64, in series: [SuppliedBaselineInterval]) -> Int {
        var lo = 0
        var hi = series.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if series[mid].end.secondsSinceEpoch <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
