#if canImport(Glibc)
import Glibc
#endif
import GridSettleCore

extension ReadingsBlockParser {
    /// Parses a block in the series layout (docs/dataset-format.md §4.1): one row per meter, channel and run of
    /// consecutive intervals, `kwh_k` the energy of the interval `start + (k − 1) × interval_minutes`, an empty
    /// value an interval the row does not give.
    ///
    /// Each value becomes an entry holding its one channel. The common export, a meter's delivered row followed
    /// by its received row for the same intervals, is joined here into entries holding both, so it takes the
    /// scratch space and the unit's work of the interval layout; any other arrangement is joined by the unit
    /// (``PortfolioReadings/channels(of:grid:siteFile:issues:)``). A row with one bad field adds nothing.
    func parseSeries(_ table: CSVTable, values n: Int, issues: IssueCollector) -> Output {
        var out = Output()
        let p = FieldParser(table: table, issues: issues)
        let idColumn = table.columns["meter_id"]!
        let channelColumn = table.columns["channel"]!
        let startColumn = table.columns["start"]!
        let minutesColumn = table.columns["interval_minutes"]!
        let qualityColumn = table.columns["quality"]!
        let valueColumns = (1...n).map { table.columns["kwh_\($0)"]! }
        var meters = BlockMeters(self)
        // the row's values, -1 where empty: parsed before any is kept, so a row with a bad value adds nothing
        var values = ContiguousArray<Int64>(repeating: -1, count: n)
        // the row before, when it gave all n values as entries `first ..< first + n` of its meter's columns:
        // the next row may give the other channel of the same intervals
        var open: (slot: Int, start: Int64, channel: UInt8, quality: DataQuality, first: Int)? = nil
        table.bytes.withUnsafeBufferPointer { ub in
            func equals(_ r: Range<Int>, _ word: StaticString) -> Bool {
                r.count == word.utf8CodeUnitCount && memcmp(ub.baseAddress! + r.lowerBound, word.utf8Start, r.count) == 0
            }
            table.forEachRow(onIssue: issues.add) { row in
                let before = open
                open = nil
                guard let (slot, start, q) = meters.head(row, in: ub, p: p, idColumn: idColumn, startColumn: startColumn, startName: "start",
                                                         minutesColumn: minutesColumn, qualityColumn: qualityColumn, allowsMissing: false)
                else { return }
                let channel: UInt8
                let channelRange = row.fields[channelColumn]
                if equals(channelRange, "delivered") {
                    channel = MeterReadingColumns.Channels.delivered
                } else if equals(channelRange, "received") {
                    channel = MeterReadingColumns.Channels.received
                } else {
                    p.fail(row, "channel", "delivered (kWh from the grid) or received (kWh to the grid)")
                    return
                }
                let (seconds, most) = (meters.seconds, meters.most)
                guard let line = Int32(exactly: row.line) else {
                    p.fail(row, "meter_id", "a readings file of at most \(Int32.max) lines (split it: a portfolio reads readings/*.csv)")
                    return
                }
                var given = 0
                for k in 0..<n {
                    let r = row.fields[valueColumns[k]]
                    if r.isEmpty {
                        values[k] = -1
                    } else if case .success(let v) = FixedPointFormat.parse(UnsafeBufferPointer(rebasing: ub[r]), scale: 6), most.contains(v) {
                        values[k] = v
                        given += 1
                    } else {
                        let what = channel == MeterReadingColumns.Channels.delivered ? "energy delivered by the grid in kWh" : "energy received by the grid in kWh"
                        _ = p.bounded(row, "kwh_\(k + 1)", scale: 6, range: most, unit: "kWh", what: what)  // reports it
                        return
                    }
                }
                let t0 = start.secondsSinceEpoch
                values.withUnsafeBufferPointer { v in
                    if given == n, let o = before, o.slot == slot, o.start == t0, o.channel != channel, o.quality == q {
                        // the other channel of the row before: one entry per interval, as the interval layout has
                        meters.columns[slot].joinSeries(first: o.first, values: v, channel: channel)
                    } else {
                        let first = meters.columns[slot].count
                        meters.columns[slot].appendSeries(start: t0, step: seconds, values: v, given: given, channel: channel, quality: q, line: line)
                        if given == n { open = (slot, t0, channel, q, first) }
                    }
                }
            }
        }
        out.columns = meters.byMeter
        out.order = meters.order
        return out
    }
}
