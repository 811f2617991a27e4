import GridSettleCore

/// Baseline results as files an analyst can audit (docs/dataset-format.md §7.7): one CSV of slot values per
/// event day and one CSV of every day looked at with its decision (both through ``CSVWriter``), plus a text
/// summary.
public enum BaselineOutput {
    public static let slotColumns = [
        "event_day", "slot_local", "slot_minutes", "in_event", "actual_kw", "unadjusted_kw", "adjusted_kw", "performance_kw",
    ]
    /// `daily_max_temperature_f` is empty when the dataset has no temperature for the day (weather matching
    /// ranks by it; other methods show it when `temperature.csv` is there).
    public static let dayColumns = [
        "event_day", "date", "weekday", "decision", "rank", "reason", "event_window_kw", "added_by_fallback", "daily_max_temperature_f",
    ]


    static func kW(_ v: Int64?) -> String { v.map { FixedPointFormat.decimal($0, scale: 6, fractionDigits: 6) } ?? "" }

    static func clock(_ slot: Int, minutes: Int) -> String { SlotClock.label(slot, minutes: minutes) }

    /// milli-°F as exact decimal °F ("88.2"), empty when absent.
    static func fahrenheit(_ v: Int64?) -> String { v.map(DatasetWriter.fahrenheit) ?? "" }

    public static func slotsCSV(_ results: [BaselineResult], quantity: BaselineQuantity) -> String {
        var out = CSVWriter(columns: slotColumns, reservingCapacity: results.reduce(0) { $0 + $1.unadjusted.count } * 100)
        for r in results {
            let perf = r.performance(quantity)
            for k in 0..<r.unadjusted.count {
                let inEvent = r.eventSlots.contains(k)
                let p = inEvent ? perf[k - r.eventSlots.lowerBound] : nil
                out.row([
                    r.eventDay.description, "\(r.eventDay) \(clock(k, minutes: r.slotMinutes))", "\(r.slotMinutes)", inEvent ? "1" : "0",
                    kW(r.actual[k]), kW(r.unadjusted[k]), kW(r.adjusted[k]), kW(p),
                ])
            }
        }
        return out.text
    }

    public static func daysCSV(_ results: [BaselineResult]) -> String {
        var out = CSVWriter(columns: dayColumns)
        for r in results {
            for d in r.days {
                out.row([
                    r.eventDay.description, d.date.description, SlotClock.weekdayNames[d.date.weekday], d.rank != nil ? "selected" : "rejected",
                    d.rank.map(String.init) ?? "", d.rejection?.rawValue ?? "", kW(d.eventWindowKW), d.addedByFallback ? "1" : "0",
                    fahrenheit(d.dailyMaxTemperature),
                ])
            }
        }
        return out.text
    }

    /// A readable account of one event's baseline.
    public static func text(_ r: BaselineResult, quantity: BaselineQuantity, zone: String) -> String {
        var lines: [String] = []
        let s = r.eventSlots
        lines.append("Event \(r.eventDay) \(clock(s.lowerBound, minutes: r.slotMinutes))–\(clock(s.upperBound, minutes: r.slotMinutes)) (\(zone)), method \(r.method), \(quantity.rawValue), \(r.slotMinutes)-minute slots")
        if let t = r.eventDayMaxTemperature { lines.append("  event day maximum temperature: \(fahrenheit(t)) °F") }
        let chosen = r.days.filter { $0.rank != nil }.sorted { $0.rank! < $1.rank! }
        lines.append("  days used (\(chosen.count)): " + chosen.map { d in
            let extra = [d.dailyMaxTemperature.map { "Tmax \(fahrenheit($0)) °F" }, d.addedByFallback ? "event day, fallback" : nil].compactMap { $0 }
            return "\(d.date)" + (extra.isEmpty ? "" : " (\(extra.joined(separator: ", ")))")
        }.joined(separator: ", "))
        let rejected = r.days.filter { $0.rank == nil && $0.rejection != .notLikeDay }
        if !rejected.isEmpty { lines.append("  days not used: " + grouped(rejected)) }
        if let f = r.fallback { lines.append("  fallback: \(f)") }
        for n in r.notes { lines.append("  note: \(n)") }
        let a = r.adjustment
        switch a.kind {
        case .none: lines.append("  adjustment: none")
        case .multiplicative:
            lines.append("  adjustment: ratio over \(SlotClock.ranges(a.slots, minutes: r.slotMinutes)): actual \(kW(a.actualSum)) / baseline \(kW(a.baselineSum)) = \(FixedPointFormat.decimal(a.raw, scale: 6, fractionDigits: 6)), applied \(FixedPointFormat.decimal(a.applied, scale: 6, fractionDigits: 6))\(a.capped ? " (capped)" : "")")
        case .additive:
            lines.append("  adjustment: offset over \(SlotClock.ranges(a.slots, minutes: r.slotMinutes)): \(kW(a.raw)) kW, applied \(kW(a.applied)) kW\(a.capped ? " (capped)" : "")")
        }
        if let n = a.note { lines.append("  note: \(n)") }
        lines.append("  slot     actual kW   baseline kW   adjusted kW   performance kW")
        let perf = r.performance(quantity)
        for (i, k) in s.enumerated() {
            lines.append("  \(clock(k, minutes: r.slotMinutes))  \(pad(kW(r.actual[k]), 11))  \(pad(kW(r.unadjusted[k]), 12))  \(pad(kW(r.adjusted[k]), 12))  \(pad(kW(perf[i]), 15))")
        }
        let total = r.performanceMicroKWh(quantity)
        lines.append("  event performance: \(FixedPointFormat.decimal(total, scale: 6, fractionDigits: 3)) kWh")
        return lines.joined(separator: "\n")
    }

    /// Rejected days, most recent first, with runs of the same reason shown once: "2016-11-24 holiday;
    /// 2016-11-11 … 2016-11-01 beyond the candidate days (9 days)". The days CSV lists every day.
    static func grouped(_ days: [BaselineResult.DayDecision]) -> String {
        var parts: [String] = []
        var i = 0
        while i < days.count {
            var j = i
            while j + 1 < days.count && days[j + 1].rejection == days[i].rejection { j += 1 }
            let reason = days[i].rejection?.rawValue ?? ""
            parts.append(j == i ? "\(days[i].date) \(reason)" : "\(days[i].date) … \(days[j].date) \(reason) (\(j - i + 1) days)")
            i = j + 1
        }
        return parts.joined(separator: "; ")
    }

    static func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
}
