import GridSettleCore

// Shared plumbing of the ISO price-file readers (``OASISPriceReader``, ``DataMinerReader``): a CSV bound by
// column name, an issue list that names file, line and column, the decimal rules, and the step that turns
// candidate rows into one price per interval (duplicates, corrections, conflicts) in a fixed order.

/// A foreign price CSV with its columns bound by name. Names are compared case-insensitively after trimming
/// spaces, so column order (which differs between OASIS reports and versions) and case do not matter; columns
/// the reader does not use are ignored.
struct MarketCSV {
    let file: String
    /// Header names as written, trimmed.
    let names: [String]
    /// Lower-cased header name → 0-based column index.
    let columns: [String: Int]
    /// Data records (blank lines are skipped by ``QuotedCSV``).
    let rows: [QuotedCSV.Record]
    /// Whether the last record ends with a line break; a file that stops mid-line may have been cut short.
    let endsWithLineBreak: Bool

    /// Splits `bytes` and binds the header. An empty file, a quote left open or a repeated column name is an
    /// error naming the file and line.
    init(file: String, bytes: [UInt8]) throws(DatasetInvalid) {
        self.file = file
        let csv = try QuotedCSV(file: file, bytes: bytes)
        guard let header = csv.records.first else {
            throw DatasetInvalid(issues: [
                DatasetIssue(location: "\(file):1", field: "header", value: "", expected: "a CSV header row (the file is empty)")
            ])
        }
        var names: [String] = []
        var columns: [String: Int] = [:]
        var issues: [DatasetIssue] = []
        for (k, raw) in header.fields.enumerated() {
            let name = raw.marketTrimmed
            names.append(name)
            let key = name.lowercased()
            if key.isEmpty { continue }
            if columns[key] != nil {
                issues.append(DatasetIssue(location: "\(file):\(header.line):\(k + 1)", field: "header", value: name, expected: "each column name once"))
            } else {
                columns[key] = k
            }
        }
        if !issues.isEmpty { throw DatasetInvalid(issues: issues) }
        self.names = names
        self.columns = columns
        self.rows = Array(csv.records.dropFirst())
        var end = bytes.count
        while end > 0 && (bytes[end - 1] == 32 || bytes[end - 1] == 9) { end -= 1 }
        self.endsWithLineBreak = end == 0 || bytes[end - 1] == 10 || bytes[end - 1] == 13
    }

    func has(_ name: String) -> Bool { columns[name.lowercased()] != nil }

    /// 0-based index of a column.
    func index(_ name: String) -> Int? { columns[name.lowercased()] }

    /// The header name as written in the file (for messages), or `name` itself.
    func written(_ name: String) -> String { index(name).map { names[$0] } ?? name }

    /// A field of a record, trimmed of spaces; "" when the file has no such column.
    func text(_ r: QuotedCSV.Record, _ name: String) -> String {
        guard let k = index(name), k < r.fields.count else { return "" }
        return r.fields[k].marketTrimmed
    }

    /// `file:line:column` of a field (column 1-based), or `file:line` for a column the file lacks.
    func location(_ r: QuotedCSV.Record, _ name: String) -> String {
        guard let k = index(name) else { return "\(file):\(r.line)" }
        return "\(file):\(r.line):\(k + 1)"
    }

    /// Whether a record has as many fields as the header; if not, records an error and returns false.
    func checkWidth(_ r: QuotedCSV.Record, _ issues: inout MarketIssues) -> Bool {
        if r.fields.count == names.count { return true }
        issues.error(
            "\(file):\(r.line)", field: "row", value: r.fields.joined(separator: ","),
            expected: "\(names.count) fields as in the header, saw \(r.fields.count)")
        return false
    }
}

/// Errors and warnings of one file. Errors past `limit` are counted, not listed, and every issue names the
/// file and a line.
struct MarketIssues {
    let file: String
    private(set) var errors: [DatasetIssue] = []
    private(set) var warnings: [DatasetIssue] = []
    private var unlistedErrors = 0
    private var firstUnlistedLocation = ""
    static let limit = 200

    init(file: String) { self.file = file }

    var hasErrors: Bool { !errors.isEmpty }

    mutating func error(_ location: String, field: String, value: String, expected: String) {
        if errors.count < Self.limit {
            errors.append(DatasetIssue(severity: .error, location: location, field: field, value: value, expected: expected))
        } else {
            if unlistedErrors == 0 { firstUnlistedLocation = location }
            unlistedErrors += 1
        }
    }

    /// Warns about a file with a header and no rows, or whose last line has no line break (it may have
    /// been cut short): the two ways a price file can hold less than it should without an error.
    mutating func warnIfEmptyOrCutShort(_ table: MarketCSV, file: String) {
        if table.rows.isEmpty {
            warn("\(file):1", field: "rows", value: "header only", expected: "price rows; the file has none, so nothing was imported")
        } else if !table.endsWithLineBreak, let last = table.rows.last {
            warn("\(file):\(last.line)", field: "row", value: "the last line has no line break",
                 expected: "a complete file; check that it was not cut short (the last row was read as it is)")
        }
    }

    mutating func warn(_ location: String, field: String, value: String, expected: String) {
        warnings.append(DatasetIssue(severity: .warning, location: location, field: field, value: value, expected: expected))
    }

    /// Throws every error (then the warnings, for context) if there is any.
    func throwIfErrors() throws(DatasetInvalid) {
        guard !errors.isEmpty else { return }
        var all = errors
        if unlistedErrors > 0 {
            all.append(DatasetIssue(location: firstUnlistedLocation, field: "issues", value: "\(unlistedErrors) more error(s) not listed",
                                    expected: "a file without errors"))
        }
        throw DatasetInvalid(issues: all + warnings)
    }
}

/// The decimal rules of the price readers: exact fixed point, never rounded, never trapping, and within
/// ±``InterchangeLimits/maximumPriceMicros`` (prices, mileages and ratios alike; docs/interchange.md "Ranges
/// and limits").
enum MarketDecimal {
    /// `text` as an integer of 10^-`scale` units, or the expectation to report.
    static func parse(_ text: String, scale: Int, what: String) -> Result<Int64, MarketFieldError> {
        let limit = InterchangeLimits.maximumPriceMicros
        switch FixedPointFormat.parse(Array(text.utf8), scale: scale) {
        case .success(let v) where v > limit || v < -limit:  // every caller reads at scale 6 (µ units)
            return .failure(MarketFieldError(expected: "\(what) from −\(limit / 1_000_000) to \(limit / 1_000_000)"))
        case .success(let v): return .success(v)
        case .failure(.tooManyDecimals(let m)):
            return .failure(MarketFieldError(expected: "\(what) with at most \(m) decimals (more would be rounded; GridSettle never rounds input)"))
        case .failure(.outOfRange):
            return .failure(MarketFieldError(expected: "\(what) small enough to hold exactly (at most ±9223372036854.775807 at 6 decimals)"))
        case .failure(.empty):
            return .failure(MarketFieldError(expected: "\(what) (the field is empty)"))
        case .failure(.notANumber):
            return .failure(MarketFieldError(expected: "\(what): a plain decimal number such as 41.25 or -3.5"))
        }
    }
}

struct MarketFieldError: Error {
    var expected: String
}

/// One row's price before duplicates and corrections are resolved.
struct PriceCandidate {
    var point: PricePoint
    /// The line the row starts on.
    var line: Int
    /// `file:line:column` of the value, for conflict messages.
    var valueLocation: String
    /// The value as written, for messages.
    var valueText: String
    /// Data Miner `version_nbr`; nil when the file has none (OASIS).
    var version: Int?
    /// Data Miner `row_is_current`; true when the file has no such column.
    var isCurrent: Bool
    /// How messages name the row's node, e.g. `pnode 51288 (WESTERN HUB)`.
    var nodeLabel: String
}

struct PriceKey: Hashable {
    var node: String
    var run: MarketRun
    var product: PriceProduct
    var start: Instant
}

enum PriceResolution {
    /// One price per (node, run, product, start):
    /// - the rows with `row_is_current` FALSE and the rows with a lower `version_nbr` than the highest current
    ///   one are superseded (one warning with the count);
    /// - keys whose every row is marked not current are not imported (one warning with the count);
    /// - the same key twice with the same version and the same value is imported once (a warning per row);
    /// - the same key and version with different values is an error naming both lines;
    /// - a row marked not current whose version is higher than the current row's is an error (contradiction).
    ///
    /// The result is sorted by node, run, product (in their declaration order) and start.
    static func resolve(_ candidates: [PriceCandidate], file: String, issues: inout MarketIssues) -> [PricePoint] {
        var groups: [PriceKey: [Int]] = [:]
        var order: [PriceKey] = []
        for (i, c) in candidates.enumerated() {
            let key = PriceKey(node: c.point.node, run: c.point.run, product: c.point.product, start: c.point.start)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }
        var out: [PricePoint] = []
        out.reserveCapacity(order.count)
        var superseded = 0
        var firstSuperseded: Int?
        var orphaned = 0
        var firstOrphaned: Int?
        var duplicateWarnings = 0
        var unlistedDuplicates = 0
        for key in order {
            let members = groups[key]!.map { candidates[$0] }
            if members.count == 1 {
                if members[0].isCurrent {
                    out.append(members[0].point)
                } else {
                    orphaned += 1
                    firstOrphaned = min(firstOrphaned ?? Int.max, members[0].line)
                }
                continue
            }
            let live = members.filter(\.isCurrent)
            guard !live.isEmpty else {
                orphaned += members.count
                firstOrphaned = min(firstOrphaned ?? Int.max, members.map(\.line).min()!)
                continue
            }
            let top = live.map { $0.version ?? Int.min }.max()!
            let winners = live.filter { ($0.version ?? Int.min) == top }
            let first = winners[0]
            var conflict = false
            for stale in members where !stale.isCurrent && (stale.version ?? Int.min) > top {
                conflict = true
                issues.error(
                    "\(file):\(stale.line)", field: "row_is_current", value: "FALSE with version_nbr \(stale.version ?? 0)",
                    expected: "the current row of \(stale.nodeLabel) at \(key.start) (line \(first.line), version_nbr \(first.version ?? 0)) to carry the highest version_nbr")
            }
            for other in winners.dropFirst() {
                if other.point.microPrice == first.point.microPrice {
                    if duplicateWarnings < 50 {
                        duplicateWarnings += 1
                        issues.warn(
                            "\(file):\(other.line)", field: "row", value: "same \(key.product.rawValue) \(other.valueText) for \(other.nodeLabel) at \(key.start) as line \(first.line)",
                            expected: "each interval once; the duplicate was imported once")
                    } else {
                        unlistedDuplicates += 1
                    }
                } else {
                    conflict = true
                    let versionNote = other.version.map { " with the same version_nbr \($0)" } ?? ""
                    issues.error(
                        other.valueLocation, field: "value", value: other.valueText,
                        expected: "one \(key.product.rawValue) price for \(other.nodeLabel) at \(key.start)\(versionNote): line \(first.line) has \(first.valueText) and line \(other.line) has \(other.valueText)")
                }
            }
            if conflict { continue }
            out.append(first.point)
            let gone = members.count - winners.count
            if gone > 0 {
                superseded += gone
                let lines = members.filter { !($0.isCurrent && ($0.version ?? Int.min) == top) }.map(\.line)
                firstSuperseded = min(firstSuperseded ?? Int.max, lines.min()!)
            }
        }
        if unlistedDuplicates > 0 {
            issues.warn("\(file):\(candidates.first?.line ?? 1)", field: "row", value: "\(unlistedDuplicates) more duplicate row(s)",
                        expected: "each interval once; the duplicates were imported once")
        }
        if superseded > 0 {
            issues.warn(
                "\(file):\(firstSuperseded!)", field: "version_nbr",
                value: "\(superseded) row(s) superseded by a higher version_nbr or marked row_is_current FALSE",
                expected: "one version per interval; the current (highest) version of each interval was imported")
        }
        if orphaned > 0 {
            issues.warn(
                "\(file):\(firstOrphaned!)", field: "row_is_current",
                value: "\(orphaned) row(s) marked row_is_current FALSE with no current row for the same interval in this file",
                expected: "the current version of each interval; these superseded rows were not imported (download with row_is_current=TRUE or include the corrections)")
        }
        let runRank = Dictionary(uniqueKeysWithValues: MarketRun.allCases.enumerated().map { ($1, $0) })
        let productRank = Dictionary(uniqueKeysWithValues: PriceProduct.allCases.enumerated().map { ($1, $0) })
        out.sort { a, b in
            if a.node != b.node { return a.node < b.node }
            if a.run != b.run { return runRank[a.run]! < runRank[b.run]! }
            if a.product != b.product { return productRank[a.product]! < productRank[b.product]! }
            return a.start < b.start
        }
        return out
    }
}

/// Counts of rows a reader read but does not import (component prices, products GridSettle has no use for),
/// reported as one warning per kind with the count and the first line, never dropped silently.
struct SkippedRows {
    private var counts: [String: (count: Int, firstLine: Int, field: String, reason: String)] = [:]
    private var order: [String] = []

    mutating func add(_ kind: String, line: Int, field: String, reason: String) {
        if let c = counts[kind] {
            counts[kind] = (c.count + 1, c.firstLine, c.field, c.reason)
        } else {
            counts[kind] = (1, line, field, reason)
            order.append(kind)
        }
    }

    func report(file: String, into issues: inout MarketIssues) {
        for kind in order {
            let c = counts[kind]!
            issues.warn("\(file):\(c.firstLine)", field: c.field, value: "\(c.count) \(kind) row(s) not imported", expected: c.reason)
        }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and carriage returns.
    var marketTrimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}

/// Says whether `bytes` is obviously not a CSV (a ZIP archive or an XML document) and what to do instead.
enum MarketSniff {
    static func notCSV(_ bytes: [UInt8], source: String) -> String? {
        if bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 3 && bytes[3] == 4 {
            return "a CSV file; this is a ZIP archive: unzip the \(source) download first"
        }
        var i = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        while i < bytes.count && (bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13) { i += 1 }
        if i < bytes.count && bytes[i] == UInt8(ascii: "<") {
            return "a CSV file; this is XML or HTML (an error response, a throttling page or the XML format): request CSV"
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[")) {
            return "a CSV file; this is JSON (the API response): export CSV or convert the items to CSV with the same column names"
        }
        return nil
    }
}
