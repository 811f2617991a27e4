import GridSettleCore

/// Reads `readings.csv` into one ``MeterChannels`` per meter on the period grid.
///
/// Intervals with no row stay missing (a gap, never zero). A row for an unknown meter, a duplicate or an
/// overlapping row, an interval that is not on the meter's grid (clock misalignment), a negative value, or
/// a value on a row marked missing is an issue; rows outside the period are counted and reported as one
/// warning, never dropped silently.
enum ReadingsReader {
    static func read(_ table: CSVTable, dataset: (SiteConfig, (start: Instant, end: Instant)), issues: IssueCollector) -> [String: MeterChannels] {
        let (config, bounds) = dataset
        struct Acc {
            var spec: MeterSpec
            var grid: IntervalGrid
            var del: ContiguousArray<Int64>
            var rec: ContiguousArray<Int64>
            var qd: ContiguousArray<DataQuality>
            var seenLine: ContiguousArray<Int32>
        }
        var accs: [String: Acc] = [:]
        for spec in config.meters {
            let g = IntervalGrid(start: bounds.start, end: bounds.end, seconds: spec.intervalSeconds)
            accs[spec.id] = Acc(
                spec: spec, grid: g, del: ContiguousArray(repeating: 0, count: g.count), rec: ContiguousArray(repeating: 0, count: g.count),
                qd: ContiguousArray(repeating: .missing, count: g.count), seenLine: ContiguousArray(repeating: 0, count: g.count))
        }
        let p = FieldParser(table: table, issues: issues)
        var outside = 0
        var firstOutside = ""
        var lastMeter = ""
        var lastAccKey: String? = nil
        table.forEachRow(onIssue: issues.add) { row in
            let meter = p.text(row, "meter_id")
            if meter != lastMeter {
                lastMeter = meter
                lastAccKey = accs[meter] == nil ? nil : meter
            }
            guard let key = lastAccKey else {
                p.fail(row, "meter_id", "a meter id from site.json (\(config.meters.map(\.id).joined(separator: ", ")))")
                return
            }
            guard let start = p.instant(row, "interval_start"), let seconds = p.minutes(row, "interval_minutes") else { return }
            let spec = accs[key]!.spec
            if seconds != spec.intervalSeconds {
                p.fail(row, "interval_minutes", "\(spec.intervalMinutes), the interval length of meter \(spec.id) in site.json")
                return
            }
            if start < bounds.start || start >= bounds.end {
                if outside == 0 { firstOutside = "\(table.file):\(row.line)" }
                outside += 1
                return
            }
            let grid = accs[key]!.grid
            guard let i = grid.index(startingAt: start) else {
                p.fail(row, "interval_start", "a start on meter \(spec.id)'s \(spec.intervalMinutes)-minute grid (clock misalignment?)")
                return
            }
            let qText = p.text(row, "quality")
            guard let q = DataQuality(code: qText) else {
                p.fail(row, "quality", "A (actual), E (edited), S (estimated) or M (missing)")
                return
            }
            let dRaw = p.raw(row, "delivered_kwh")
            let rRaw = p.raw(row, "received_kwh")
            var d: Int64 = 0
            var r: Int64 = 0
            if q == .missing {
                let zeroOrEmpty: (ArraySlice<UInt8>) -> Bool = { s in
                    s.isEmpty || (try? FixedPointFormat.parse(s, scale: 6).get()) == 0
                }
                if !zeroOrEmpty(dRaw) { p.fail(row, "delivered_kwh", "empty on a row with quality M"); return }
                if !zeroOrEmpty(rRaw) { p.fail(row, "received_kwh", "empty on a row with quality M"); return }
            } else {
                // at most 1 GW for the interval: the bound under which no sum or product of the period overflows
                let most = 0...DatasetRanges.maximumMicroKWh(intervalSeconds: seconds)
                guard let dv = p.bounded(row, "delivered_kwh", scale: 6, range: most, unit: "kWh", what: "energy delivered by the grid in kWh"),
                    let rv = p.bounded(row, "received_kwh", scale: 6, range: most, unit: "kWh", what: "energy received by the grid in kWh")
                else { return }
                d = dv
                r = rv
            }
            let prev = accs[key]!.seenLine[i]
            if prev != 0 {
                p.fail(row, "interval_start", "one row per meter and interval; line \(prev) already has meter \(spec.id) at this interval (duplicate)")
                return
            }
            accs[key]!.seenLine[i] = Int32(row.line)
            accs[key]!.del[i] = d
            accs[key]!.rec[i] = r
            accs[key]!.qd[i] = q
        }
        for spec in config.meters where !accs[spec.id]!.seenLine.contains(where: { $0 != 0 }) {
            issues.add(DatasetIssue(location: table.file, field: "meter_id", value: spec.id,
                                    expected: "readings for every meter in site.json (meter \(spec.id) has no row in the period)"))
        }
        if outside > 0 {
            issues.add(DatasetIssue(severity: .warning, location: firstOutside, field: "interval_start",
                                    value: "\(outside) row(s) outside the period \(bounds.start)…\(bounds.end)",
                                    expected: "rows inside the settlement period; these rows are not settled"))
        }
        var out: [String: MeterChannels] = [:]
        for (id, a) in accs {
            out[id] = MeterChannels(
                delivered: EnergySeries(grid: a.grid, microKWh: a.del, quality: a.qd),
                received: EnergySeries(grid: a.grid, microKWh: a.rec, quality: a.qd))
        }
        return out
    }
}
