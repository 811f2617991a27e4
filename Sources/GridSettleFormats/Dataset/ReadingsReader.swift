import GridSettleCore

/// Reads a format 1 dataset's `readings.csv` into one ``MeterChannels`` per meter on the period grid, with the
/// portfolio's reader (``ReadingsBlockParser`` and ``PortfolioReadings``): one readings parser for both formats.
///
/// Intervals with no row stay missing (a gap, never zero). A row for an unknown meter, a duplicate or an
/// overlapping row, an interval that is not on the meter's grid (clock misalignment), a negative value, or
/// a value on a row marked missing is an issue; rows outside the period are counted and reported as one
/// warning, never dropped silently.
enum ReadingsReader {
    static func read(_ table: CSVTable, dataset: (SiteConfig, (start: Instant, end: Instant)), issues: IssueCollector) -> [String: MeterChannels] {
        let (config, bounds) = dataset
        var parser = ReadingsBlockParser(meters: Dictionary(config.meters.map { ($0.id, $0.intervalSeconds) }, uniquingKeysWith: { a, _ in a }), file: table.file)
        parser.siteFile = "site.json"
        parser.unknownMeter = "a meter id from site.json (\(config.meters.map(\.id).joined(separator: ", ")))"
        let parsed = parser.parse(table, issues: issues)
        // one resource-month: its columns stay in memory
        let spill = ColumnSpill.inMemory()
        var segments = SegmentIndex<ReadingsSegment>()
        for (id, columns) in parsed.columns {
            do throws(ColumnSpill.Failure) {
                segments.append(try columns.spill(into: spill), to: id)
            } catch {
                issues.add(DatasetIssue(location: table.file, field: "(memory)", value: error.reason, expected: "the parsed rows kept in memory"))
            }
        }
        let readings = PortfolioReadings(segments: segments, spill: spill)
        var placed: [DatasetIssue] = []
        var out: [String: MeterChannels] = [:]
        for spec in config.meters {
            out[spec.id] = readings.channels(of: spec, grid: IntervalGrid(start: bounds.start, end: bounds.end, seconds: spec.intervalSeconds),
                                             siteFile: "site.json", issues: &placed)
        }
        for i in placed { issues.add(i) }
        let (outside, first) = readings.outside(bounds.start, bounds.end)
        if outside > 0 {
            issues.add(DatasetIssue(severity: .warning, location: first ?? table.file, field: "interval_start",
                                    value: "\(outside) row(s) outside the period \(bounds.start)…\(bounds.end)",
                                    expected: "rows inside the settlement period; these rows are not settled"))
        }
        return out
    }
}
