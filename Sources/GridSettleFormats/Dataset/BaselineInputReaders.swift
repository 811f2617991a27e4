import GridSettleCore

/// Readers for the optional baseline inputs: `temperature.csv` (weather matching) and `baseline_series.csv`
/// (an externally computed baseline). Both are series, so both must be in time order: a row out of order, a
/// duplicate or an overlap is an error naming the earlier row, never silently sorted or dropped.
extension RecordReaders {
    /// Plausible outdoor temperatures, °F × 1000 (the world records are −128.6 °F and 134 °F): a value outside
    /// is a unit mix-up (kelvin) or a sensor fault, and would decide which days a weather baseline uses.
    static let temperatureRangeMilliF: ClosedRange<Int64> = -130_000...140_000

    static func temperatures(_ t: CSVTable, issues: IssueCollector) -> [TemperatureReading] {
        let p = FieldParser(table: t, issues: issues)
        var out: [TemperatureReading] = []
        // instant → line, so a duplicate (also one written with another offset) names the first row
        var lineOf: [Int64: Int] = [:]
        t.forEachRow(onIssue: issues.add) { row in
            guard let start = p.instant(row, "interval_start"),
                let f = p.decimal(row, "temperature_f", scale: 3, what: "a temperature in °F")
            else { return }
            if !temperatureRangeMilliF.contains(f) {
                p.fail(row, "temperature_f", "a temperature in °F between −130 and 140 (degrees Celsius or kelvin?)")
                return
            }
            if let first = lineOf[start.secondsSinceEpoch] {
                p.fail(row, "interval_start", "one row per instant; line \(first) already has \(start) (duplicate)")
                return
            }
            if let last = out.last, start < last.start {
                p.fail(row, "interval_start", "rows in time order; \(last.source) before it is at \(last.start)")
                return
            }
            lineOf[start.secondsSinceEpoch] = row.line
            out.append(TemperatureReading(start: start, milliF: f, source: "\(t.file):\(row.line)"))
        }
        return out
    }

    static func baselineSeries(_ t: CSVTable, issues: IssueCollector) -> [SuppliedBaselineInterval] {
        let p = FieldParser(table: t, issues: issues)
        var out: [SuppliedBaselineInterval] = []
        t.forEachRow(onIssue: issues.add) { row in
            guard let start = p.instant(row, "interval_start"), let end = p.instant(row, "interval_end"),
                let kW = p.bounded(row, "baseline_kw", scale: 6, range: DatasetRanges.baselineMicroKW, unit: "kW", what: "the baseline's mean power over the interval in kW")
            else { return }
            if !(start < end) {
                p.fail(row, "interval_end", "an instant after interval_start")
                return
            }
            if let last = out.last {
                if start < last.start {
                    p.fail(row, "interval_start", "rows in time order; \(last.source) before it starts at \(last.start)")
                    return
                }
                if start < last.end {
                    p.fail(row, "interval_start", "intervals that do not overlap; \(last.source) runs \(last.start)…\(last.end)")
                    return
                }
            }
            out.append(SuppliedBaselineInterval(start: start, end: end, microKW: kW, source: "\(t.file):\(row.line)"))
        }
        return out
    }
}
