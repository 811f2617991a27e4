#if canImport(Glibc)
import Glibc
#endif
import GridSettleCore

/// Parses one block of a readings file (either layout of docs/dataset-format.md §4.1: ``ReadingsLayout``) into
/// per-meter columns. Blocks are whole lines, so a file is parsed on every core at once (``ReadingsFileReader``).
///
/// What can be checked without knowing the period is checked here, row by row: the meter is one of the
/// portfolio's, the interval length is the meter's, the instant, the quality code and both energies are in
/// range. Where the row falls on the grid is checked by the unit that settles it.
struct ReadingsBlockParser {
    /// Meter id → interval length in seconds, from the site files.
    let meters: [String: Int64]
    let file: String
    /// Where the meters are declared, for the messages: "its site file" (a portfolio) or "site.json".
    var siteFile = "its site file"
    /// What an unknown meter id should have been.
    var unknownMeter: String

    init(meters: [String: Int64], file: String) {
        self.meters = meters
        self.file = file
        let known = meters.keys.sorted().prefix(20).joined(separator: ", ")
        unknownMeter = "a meter id of one of the portfolio's site files (\(known)\(meters.count > 20 ? ", …" : ""))"
    }

    struct Output: Sendable {
        var columns: [String: MeterReadingColumns] = [:]
        /// Meter ids in the order they first appear, so merged segments keep the file's order.
        var order: [String] = []
        var issues: [DatasetIssue] = []
        var dropped = 0
    }

    /// `bytes` is the header line followed by the block; `firstLine` is the file line of the block's first row.
    func parse(_ bytes: [UInt8], firstLine: Int) -> Output {
        var refused = Output()
        let layout: ReadingsLayout
        switch ReadingsLayout.of(fileStartingWith: bytes, file: file) {
        case .success(let l): layout = l
        case .failure(let issue):
            refused.issues = [issue]
            return refused
        }
        let table: CSVTable
        do {
            table = try CSVTable(file: file, bytes: bytes, required: layout.columns, firstDataLine: firstLine)
        } catch {
            refused.issues = error.issues
            return refused
        }
        let issues = IssueCollector(limit: 200)
        var out: Output
        switch layout {
        case .intervals: out = parse(table, issues: issues)
        case .series(let n): out = parseSeries(table, values: n, issues: issues)
        }
        out.issues = issues.all
        out.dropped = issues.dropped
        return out
    }

    /// Parses a table already made (a format 1 dataset's readings.csv), adding issues to `issues`.
    func parse(_ table: CSVTable, issues: IssueCollector) -> Output {
        var out = Output()
        let p = FieldParser(table: table, issues: issues)
        let idColumn = table.columns["meter_id"]!
        let qualityColumn = table.columns["quality"]!
        let startColumn = table.columns["interval_start"]!
        let minutesColumn = table.columns["interval_minutes"]!
        let deliveredColumn = table.columns["delivered_kwh"]!
        let receivedColumn = table.columns["received_kwh"]!
        var meters = BlockMeters(self)
        table.bytes.withUnsafeBufferPointer { ub in
            table.forEachRow(onIssue: issues.add) { row in
                guard let (slot, start, q) = meters.head(row, in: ub, p: p, idColumn: idColumn, startColumn: startColumn, startName: "interval_start",
                                                         minutesColumn: minutesColumn, qualityColumn: qualityColumn, allowsMissing: true)
                else { return }
                let most = meters.most
                var d: Int64 = 0
                var r: Int64 = 0
                if q == .missing {
                    let zeroOrEmpty: (ArraySlice<UInt8>) -> Bool = { s in
                        s.isEmpty || (try? FixedPointFormat.parse(s, scale: 6).get()) == 0
                    }
                    if !zeroOrEmpty(p.raw(row, "delivered_kwh")) { p.fail(row, "delivered_kwh", "empty on a row with quality M"); return }
                    if !zeroOrEmpty(p.raw(row, "received_kwh")) { p.fail(row, "received_kwh", "empty on a row with quality M"); return }
                } else if case .success(let dv) = FixedPointFormat.parse(UnsafeBufferPointer(rebasing: ub[row.fields[deliveredColumn]]), scale: 6), most.contains(dv),
                    case .success(let rv) = FixedPointFormat.parse(UnsafeBufferPointer(rebasing: ub[row.fields[receivedColumn]]), scale: 6), most.contains(rv) {
                    d = dv
                    r = rv
                } else {
                    guard let dv = p.bounded(row, "delivered_kwh", scale: 6, range: most, unit: "kWh", what: "energy delivered by the grid in kWh"),
                        let rv = p.bounded(row, "received_kwh", scale: 6, range: most, unit: "kWh", what: "energy received by the grid in kWh")
                    else { return }
                    d = dv
                    r = rv
                }
                guard let line = Int32(exactly: row.line) else {
                    p.fail(row, "meter_id", "a readings file of at most \(Int32.max) lines (split it: a portfolio reads readings/*.csv)")
                    return
                }
                meters.columns[slot].append(start: start.secondsSinceEpoch, delivered: d, received: r, quality: q, line: line)
            }
        }
        out.columns = meters.byMeter
        out.order = meters.order
        return out
    }

    /// An interval length in seconds from its minutes text, when it is one of the supported lengths.
    static func minutes(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        var v: Int64 = 0
        guard !text.isEmpty, text.count <= 2 else { return nil }
        for c in text {
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + Int64(c - 48)
        }
        return DatasetRanges.intervalMinutes.contains(Int(v)) ? v * 60 : nil
    }
}
