import GridSettleCore

/// Interval columns keyed by an entity index (a member, an interface, a node), filled row by row onto the
/// settlement grid. A row may cover several grid intervals (an hourly DA value on a 15-minute grid) and its
/// value is repeated over them. Columns are allocated on a key's first row, so a key with no rows stays nil
/// (no data), and every interval keeps the line that filled it, so duplicates and overlaps are named and a
/// gap is found afterwards (never zero-filled).
struct DSOIntervalColumns {
    let grid: IntervalGrid
    var values: [ContiguousArray<Int64>?]
    var lines: [ContiguousArray<Int32>?]
    /// Rows outside the period: counted, reported once as a warning.
    var outside = 0
    var firstOutside = ""

    init(grid: IntervalGrid, keys: Int) {
        self.grid = grid
        values = Array(repeating: nil, count: keys)
        lines = Array(repeating: nil, count: keys)
    }

    /// Reads `interval_start` and `interval_minutes` of `row` and stores `value` for `key` over the
    /// intervals the row covers. `value` is called with the row's length in seconds (for per-hour energies)
    /// and returns nil after reporting its own issue. `exactInterval`: the row must be one grid interval.
    mutating func add(
        _ p: FieldParser, _ row: CSVTable.Row, key: Int, keyName: String, exactInterval: Bool, what: String,
        value: (Int64) -> Int64?
    ) {
        guard let start = p.instant(row, "interval_start"), let seconds = p.minutes(row, "interval_minutes") else { return }
        if exactInterval ? seconds != grid.seconds : (seconds < grid.seconds || seconds % grid.seconds != 0) {
            p.fail(row, "interval_minutes", exactInterval ? "\(grid.seconds / 60), the dataset's intervalMinutes"
                : "a whole multiple of the dataset's \(grid.seconds / 60)-minute interval")
            return
        }
        if start < grid.start || start >= grid.end {
            if outside == 0 { firstOutside = "\(p.table.file):\(row.line)" }
            outside += 1
            return
        }
        guard let first = grid.index(startingAt: start), start.adding(seconds: seconds) <= grid.end,
            (start.secondsSinceEpoch - grid.start.secondsSinceEpoch) % seconds == 0 || exactInterval
        else {
            p.fail(row, "interval_start", "a start on the dataset's \(grid.seconds / 60)-minute grid, aligned to the row's \(seconds / 60)-minute interval (clock misalignment?)")
            return
        }
        guard let v = value(seconds) else { return }
        let count = Int(seconds / grid.seconds)
        if values[key] == nil {
            values[key] = ContiguousArray(repeating: 0, count: grid.count)
            lines[key] = ContiguousArray(repeating: 0, count: grid.count)
        }
        for i in first..<(first + count) where lines[key]![i] != 0 {
            p.fail(row, "interval_start", "one row per \(keyName) and interval; line \(lines[key]![i]) already covers \(grid.startOf(i)) (duplicate or overlap)")
            return
        }
        for i in first..<(first + count) {
            values[key]![i] = v
            lines[key]![i] = Int32(row.line)
        }
    }

    /// Reports every key whose column has gaps (one error per key, with the count and the first gap), and
    /// the rows outside the period as one warning.
    func reportGaps(file: String, field: String, name: (Int) -> String, what: String, issues: IssueCollector) {
        for k in lines.indices {
            guard let l = lines[k] else { continue }
            var missing = 0
            var first = -1
            for i in 0..<l.count where l[i] == 0 {
                missing += 1
                if first < 0 { first = i }
            }
            if missing > 0 {
                issues.add(DatasetIssue(location: file, field: field, value: name(k),
                                        expected: "\(what) in every interval of the period; \(missing) of \(grid.count) missing, first at \(grid.startOf(first)) (never zero-filled)"))
            }
        }
        if outside > 0 {
            issues.add(DatasetIssue(severity: .warning, location: firstOutside, field: "interval_start",
                                    value: "\(outside) row(s) outside the period \(grid.start)…\(grid.end)",
                                    expected: "rows inside the period; these rows are not used"))
        }
    }
}

/// Resolves an id field to an index with a one-entry cache on the raw bytes: the files are sorted by id, so
/// the dictionary is consulted once per run of rows rather than once per row.
struct DSOIDLookup {
    let index: [String: Int]
    private var lastBytes: ArraySlice<UInt8> = []
    private var last: Int? = nil
    private var primed = false

    init(_ index: [String: Int]) { self.index = index }

    mutating func find(_ bytes: ArraySlice<UInt8>) -> Int? {
        if primed && bytes.elementsEqual(lastBytes) { return last }
        primed = true
        lastBytes = bytes
        last = index[String(decoding: bytes, as: UTF8.self)]
        return last
    }
}
