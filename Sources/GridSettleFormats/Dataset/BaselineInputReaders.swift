import GridSettleCore

/// Readers for the optional baseline inputs: `temperature.csv` (weather matching) and `baseline_series.csv`
/// (an externally computed baseline). Both are series, so both must be in time order: a row out of order, a
/// duplicate or an overlap is an error naming the earlier row, never silently sorted or dropped.
extension RecordReaders {
    /// Plausible outdoor temperatures, °F × 1000 (the world records are −128.6 °F and 134 °F): a value outside
    /// is a unit mix-up (kelvin) or a sensor fault, and would decide which days a weather baseline uses.
    static let temperatureRangeMilliF: ClosedRange<Int64> = -130_000...140_000

    /// A format 1 dataset's `temperature.csv`: the site's readings.
    static func temperatures(_ t: CSVTable, issues: IssueCollector) -> [TemperatureReading] {
        temperatures(t, issues: issues, resource: { _, _ in "" })[""] ?? []
    }

    /// A portfolio's `temperature.csv`: each resource's readings (column `resource_id`), each in time order.
    static func temperatures(_ t: CSVTable, scope: ResourceScope, issues: IssueCollector) -> [String: [TemperatureReading]] {
        temperatures(t, issues: issues, resource: { p, row in checkResource(p, row, scope) })
    }

    /// The rows by resource; `resource` names a row's (nil: the row is refused, and it reported why).
    private static func temperatures(
        _ t: CSVTable, issues: IssueCollector, resource: (FieldParser, CSVTable.Row) -> String?
    ) -> [String: [TemperatureReading]] {
        let p = FieldParser(table: t, issues: issues)
        var byResource: [String: [TemperatureReading]] = [:]
        // per resource, instant → line, so a duplicate (also one written with another offset) names the first row
        var lineOf: [String: [Int64: Int]] = [:]
        t.forEachRow(onIssue: issues.add) { row in
            guard let id = resource(p, row), let start = p.instant(row, "interval_start"),
                let f = p.decimal(row, "temperature_f", scale: 3, what: "a temperature in °F")
            else { return }
            if !temperatureRangeMilliF.contains(f) {
                p.fail(row, "temperature_f", "a temperature in °F between −130 and 140 (degrees Celsius or kelvin?)")
                return
            }
            if let first = lineOf[id]?[start.secondsSinceEpoch] {
                p.fail(row, "interval_start", "one row per instant\(id.isEmpty ? "" : " of resource \(id)"); line \(first) already has \(start) (duplicate)")
                return
            }
            if let last = byResource[id]?.last, start < last.start {
                p.fail(row, "interval_start", "rows in time order\(id.isEmpty ? "" : " per resource"); \(last.source) before it is at \(last.start)")
                return
            }
            lineOf[id, default: [:]][start.secondsSinceEpoch] = row.line
            byResource[id, default: []].append(TemperatureReading(start: start, milliF: f, source: "\(t.file):\(row.line)"))
        }
        return byResource
    }

    /// A format 1 dataset's `baseline_series.csv`.
    static func baselineSeries(_ t: CSVTable, issues: IssueCollector) -> [SuppliedBaselineInterval] {
        baselineSeries(t, issues: issues, resource: { _, _ in "" })[""] ?? []
    }

    /// A portfolio's `baseline_series.csv`: each resource's baseline (column `resource_id`), each in time order.
    static func baselineSeries(_ t: CSVTable, scope: ResourceScope, issues: IssueCollector) -> [String: [SuppliedBaselineInterval]] {
        baselineSeries(t, issues: issues, resource: { p, row in checkResource(p, row, scope) })
    }

    private static func baselineSeries(
        _ t: CSVTable, issues: IssueCollector, resource: (FieldParser, CSVTable.Row) -> String?
    ) -> [String: [SuppliedBaselineInterval]] {
        let p = FieldParser(table: t, issues: issues)
        var byResource: [String: [SuppliedBaselineInterval]] = [:]
        t.forEachRow(onIssue: issues.add) { row in
            guard let id = resource(p, row), let start = p.instant(row, "interval_start"), let end = p.instant(row, "interval_end"),
                let kW = p.bounded(row, "baseline_kw", scale: 6, range: DatasetRanges.baselineMicroKW, unit: "kW", what: "the baseline's mean power over the interval in kW")
            else { return }
            if !(start < end) {
                p.fail(row, "interval_end", "an instant after interval_start")
                return
            }
            if let last = byResource[id]?.last {
                if start < last.start {
                    p.fail(row, "interval_start", "rows in time order\(id.isEmpty ? "" : " per resource"); \(last.source) before it starts at \(last.start)")
                    return
                }
                if start < last.end {
                    p.fail(row, "interval_start", "intervals that do not overlap; \(last.source) runs \(last.start)…\(last.end)")
                    return
                }
            }
            byResource[id, default: []].append(SuppliedBaselineInterval(start: start, end: end, microKW: kW, source: "\(t.file):\(row.line)"))
        }
        return byResource
    }
}
