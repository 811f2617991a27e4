import Foundation
import GridSettleCore

/// Reads an interval energy CSV (`interval_start,kwh`) into an ``EnergySeries``: the input of
/// `gridsettle bill` (docs/dataset-format.md §8.1).
///
/// - `interval_start`: ISO 8601 with `Z` or an offset (``TimestampParser``), on a whole minute;
/// - `kwh`: a decimal with at most 6 decimals; may be negative (sign per ``Channel``).
///
/// The interval length is the most common step between consecutive rows and must be 1, 5, 15, 30 or
/// 60 minutes; every row must start on that length's clock grid. The series runs from the first row to
/// the last; intervals without a row are missing (``DataQuality/missing``), never zero. Duplicates,
/// rows out of time order, misaligned starts, bad numbers and wrong headers are errors naming file,
/// line, column, field, the value seen and what was expected, all of a file reported in one pass.
public enum IntervalEnergyCSV {
    public static let columns = ["interval_start", "kwh"]

    /// What the `kwh` column holds; only the error messages differ.
    public enum Channel: Sendable, Hashable {
        /// The site's net import: positive = import from the grid, negative = export.
        case netImport
        /// A battery behind the same meter: positive = discharge to the site, negative = charging.
        case storage

        var what: String {
            switch self {
            case .netImport: return "energy in kWh, a decimal number (net import; negative = export)"
            case .storage: return "energy in kWh, a decimal number (positive = discharge to the site, negative = charging)"
            }
        }
    }

    /// Reads the file at `path`; issues name `path`.
    public static func read(contentsOfFile path: String, channel: Channel) throws(DatasetInvalid) -> EnergySeries {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw DatasetInvalid(issues: [
                DatasetIssue(location: path, field: "(file)", value: "no readable file", expected: "an interval energy CSV file with the header interval_start,kwh")
            ])
        }
        return try read(bytes: [UInt8](d), file: path, channel: channel)
    }

    /// Reads CSV bytes; `file` names the source in issues.
    public static func read(bytes: [UInt8], file: String, channel: Channel) throws(DatasetInvalid) -> EnergySeries {
        let table = try CSVTable(file: file, bytes: bytes, required: columns)
        let issues = IssueCollector()
        let p = FieldParser(table: table, issues: issues)

        struct Row {
            var line: Int
            var start: Int64
            var microKWh: Int64
            /// The `interval_start` field's bytes, for messages.
            var field: Range<Int>
        }
        // accepted rows, strictly increasing in time
        var rows: [Row] = []
        table.forEachRow(onIssue: issues.add) { row in
            let start = p.instant(row, "interval_start")
            // at most 1 GW for an hour: the longest interval the bill engine takes (docs/dataset-format.md, Ranges)
            let value = p.bounded(row, "kwh", scale: 6, range: -DatasetRanges.microKWhPerHour...DatasetRanges.microKWhPerHour,
                                  unit: "kWh", what: channel.what)
            guard let start, let value, let field = table.field(row, "interval_start") else { return }
            let t = start.secondsSinceEpoch
            if let latest = rows.last, t <= latest.start {
                // binary search for an accepted row at the same instant
                var lo = 0
                var hi = rows.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if rows[mid].start < t { lo = mid + 1 } else { hi = mid }
                }
                if lo < rows.count && rows[lo].start == t {
                    p.fail(row, "interval_start", "one row per interval; line \(rows[lo].line) already has this interval (duplicate)")
                } else {
                    p.fail(row, "interval_start", "rows in time order; line \(latest.line) before it has the later interval \(table.text(latest.field))")
                }
                return
            }
            rows.append(Row(line: row.line, start: t, microKWh: value, field: field))
        }

        // the interval length: the most common step between consecutive rows (gaps and a stray
        // misaligned row do not change it); ties go to the shorter step
        var steps: [Int64: (count: Int, line: Int)] = [:]
        for k in rows.indices.dropFirst() {
            let s = rows[k].start - rows[k - 1].start
            steps[s, default: (0, rows[k].line)].count += 1
        }
        let best = steps.max { a, b in a.value.count != b.value.count ? a.value.count < b.value.count : a.key > b.key }
        guard let best else {
            if !issues.hasErrors {
                issues.add(DatasetIssue(
                    location: file, field: "interval_start", value: "\(rows.count) data row(s)",
                    expected: "at least two rows (the interval length is inferred from consecutive rows)"))
            }
            throw invalid(issues, file: file)
        }
        let seconds = best.key
        guard IntervalGrid.supportedSeconds.contains(seconds) else {
            let r = rows.first { $0.line == best.value.line }!
            issues.add(DatasetIssue(
                location: "\(file):\(r.line):\((table.columns["interval_start"] ?? 0) + 1)", field: "interval_start", value: table.text(r.field),
                expected: "rows 1, 5, 15, 30 or 60 minutes apart; the most common step between rows is \(describe(seconds: seconds)) "
                    + "(the interval length is inferred from consecutive rows)"))
            throw invalid(issues, file: file)
        }
        let column = (table.columns["interval_start"] ?? 0) + 1
        // the series is allocated over the whole span: a stray row decades away would allocate billions of
        // intervals, so the span is bounded (ten years covers any bill history)
        if let f = rows.first, let l = rows.last, l.start - f.start > maximumSpanSeconds {
            issues.add(DatasetIssue(
                location: "\(file):\(l.line):\(column)", field: "interval_start", value: table.text(l.field),
                expected: "at most ten years after the first row's \(table.text(f.field)) (line \(f.line))"))
            throw invalid(issues, file: file)
        }
        var placed: [Row] = []
        placed.reserveCapacity(rows.count)
        for r in rows {
            if r.start % seconds != 0 {
                issues.add(DatasetIssue(
                    location: "\(file):\(r.line):\(column)", field: "interval_start", value: table.text(r.field),
                    expected: "a start on the \(seconds / 60)-minute grid of this file (\(gridMinutes(seconds)) past the hour, UTC; clock misalignment?)"))
            } else {
                placed.append(r)
            }
        }
        if issues.hasErrors { throw invalid(issues, file: file) }
        guard let first = placed.first, let last = placed.last else { throw invalid(issues, file: file) }
        let grid = IntervalGrid(start: Instant(secondsSinceEpoch: first.start), seconds: seconds, count: Int((last.start - first.start) / seconds) + 1)
        var series = EnergySeries(missingOn: grid)
        for r in placed {
            let i = Int((r.start - first.start) / seconds)
            series.microKWh[i] = r.microKWh
            series.quality[i] = .actual
        }
        return series
    }

    /// The longest span a file may cover: ten years of 366 days.
    static let maximumSpanSeconds: Int64 = 10 * 366 * 86_400

    /// Checks that `storage` lies on exactly the grid of `load` (same first interval, interval length and
    /// number of intervals): the net import is computed interval by interval, so the files are not
    /// shifted, trimmed or padded to fit. Each difference is one issue located at `storageFile`.
    public static func requireSameGrid(
        load: EnergySeries, loadFile: String, storage: EnergySeries, storageFile: String
    ) throws(DatasetInvalid) {
        let a = load.grid
        let b = storage.grid
        if a == b { return }
        let rule = "load and storage must share one grid: the same first interval, interval length and last interval"
        var issues: [DatasetIssue] = []
        if a.seconds != b.seconds {
            issues.append(DatasetIssue(
                location: storageFile, field: "interval length", value: describe(seconds: b.seconds),
                expected: "\(describe(seconds: a.seconds)), the interval length of \(loadFile) (\(rule))"))
        }
        if a.start != b.start {
            issues.append(DatasetIssue(
                location: storageFile, field: "first interval_start", value: b.start.description,
                expected: "\(a.start), the first interval of \(loadFile) (\(rule))"))
        }
        let lastA = a.start.adding(seconds: a.seconds * Int64(a.count - 1))
        let lastB = b.start.adding(seconds: b.seconds * Int64(b.count - 1))
        if lastA != lastB {
            issues.append(DatasetIssue(
                location: storageFile, field: "last interval_start", value: lastB.description,
                expected: "\(lastA), the last interval of \(loadFile) (\(rule))"))
        }
        throw DatasetInvalid(issues: issues)
    }

    /// The issues in line order (row checks and grid checks run in separate passes).
    static func invalid(_ issues: IssueCollector, file: String) -> DatasetInvalid {
        func line(_ i: DatasetIssue) -> Int {
            guard i.location.hasPrefix(file + ":") else { return .max }
            return Int(i.location.dropFirst(file.count + 1).prefix { $0 != ":" }) ?? .max
        }
        let all = issues.all.enumerated().sorted { a, b in
            let (la, lb) = (line(a.element), line(b.element))
            return la != lb ? la < lb : a.offset < b.offset
        }
        return DatasetInvalid(issues: all.map(\.element))
    }

    static func describe(seconds: Int64) -> String {
        seconds % 60 == 0 ? "\(seconds / 60) minutes" : "\(seconds) seconds"
    }

    /// `:00, :15, :30, :45` for 15 minutes; `a multiple of 5 minutes` for short intervals.
    static func gridMinutes(_ seconds: Int64) -> String {
        let m = Int(seconds / 60)
        if m >= 15 {
            let marks = stride(from: 0, to: 60, by: m).map { $0 < 10 ? ":0\($0)" : ":\($0)" }
            return marks.count == 1 ? marks[0] : marks.dropLast().joined(separator: ", ") + " or " + marks.last!
        }
        return "minutes a multiple of \(m)"
    }
}
