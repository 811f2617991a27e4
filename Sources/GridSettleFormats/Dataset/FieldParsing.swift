import GridSettleCore

/// Field converters shared by the CSV readers; each failure becomes one issue with the field's location.
struct FieldParser {
    let table: CSVTable
    var issues: IssueCollector

    init(table: CSVTable, issues: IssueCollector) {
        self.table = table
        self.issues = issues
    }

    func raw(_ row: CSVTable.Row, _ col: String) -> ArraySlice<UInt8> {
        guard let r = table.field(row, col) else { return [] }
        return table.bytes[r]
    }

    func text(_ row: CSVTable.Row, _ col: String) -> String { String(decoding: raw(row, col), as: UTF8.self) }

    func fail(_ row: CSVTable.Row, _ col: String, _ expected: String) {
        issues.add(DatasetIssue(location: table.location(row, col), field: col, value: text(row, col), expected: expected))
    }

    /// A name or free text that selects or labels rows (a pricing node, a vehicle, an editor): valid UTF-8 with
    /// no control character (NUL included) and no byte-order mark. A stray byte would otherwise make the row
    /// "another node" and it would be ignored without a word. The issue shows the bytes escaped.
    func cleanText(_ row: CSVTable.Row, _ col: String, what: String) -> String? {
        let bytes = raw(row, col)
        if let problem = TextFieldBytes.problem(bytes) {
            issues.add(DatasetIssue(location: table.location(row, col), field: col, value: TextFieldBytes.escaped(bytes),
                                    expected: "\(what) in UTF-8 without control characters or a byte-order mark (\(problem))"))
            return nil
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func instant(_ row: CSVTable.Row, _ col: String) -> Instant? {
        if let t = TimestampParser.parse(raw(row, col)), t.secondsSinceEpoch % 60 == 0 { return t }
        fail(row, col, TimestampParser.expected + " on a whole minute")
        return nil
    }

    /// A decimal with at most `scale` decimals, as a fixed-point integer. `outOfRange` is what the message says
    /// was expected of a number too large for any range (a caller with a range names it; default `what`).
    func decimal(_ row: CSVTable.Row, _ col: String, scale: Int, nonNegative: Bool = false, what: String, outOfRange: (() -> String)? = nil) -> Int64? {
        switch FixedPointFormat.parse(raw(row, col), scale: scale) {
        case .success(let v):
            if nonNegative && v < 0 {
                fail(row, col, "\(what) ≥ 0")
                return nil
            }
            return v
        case .failure(.tooManyDecimals(let m)):
            fail(row, col, "\(what) with at most \(m) decimals (more would be rounded; GridSettle never rounds input)")
        case .failure(.outOfRange):
            fail(row, col, outOfRange?() ?? what)
        case .failure:
            fail(row, col, what)
        }
        return nil
    }

    /// A decimal inside `range` (fixed point at `scale`); `unit` names the range in the message, e.g. "kWh".
    /// A number beyond every range (more than 19 digits) is refused with the same range text as one just outside it.
    func bounded(_ row: CSVTable.Row, _ col: String, scale: Int, range: ClosedRange<Int64>, unit: String, what: String) -> Int64? {
        func shown(_ x: Int64) -> String {
            FixedPointFormat.decimal(x, scale: scale, fractionDigits: Int128(x) % FixedPointFormat.pow10(scale) == 0 ? 0 : scale)
        }
        // made only for a refusal: this runs for every row of the record files
        func inRange() -> String { "\(what): \(unit) between \(shown(range.lowerBound)) and \(shown(range.upperBound)) (docs/dataset-format.md, Ranges)" }
        guard let v = decimal(row, col, scale: scale, nonNegative: range.lowerBound >= 0, what: what, outOfRange: inRange) else { return nil }
        if !range.contains(v) {
            fail(row, col, inRange())
            return nil
        }
        return v
    }

    /// An interval length in minutes, checked against the supported lengths before it is turned into seconds
    /// (a 19-digit value times 60 would overflow).
    func minutes(_ row: CSVTable.Row, _ col: String) -> Int64? {
        guard let v = Int(text(row, col)), DatasetRanges.intervalMinutes.contains(v) else {
            fail(row, col, "an interval length in minutes: 1, 5, 15, 30 or 60")
            return nil
        }
        return Int64(v) * 60
    }

    func oneOf<E: RawRepresentable & CaseIterable>(_ row: CSVTable.Row, _ col: String, _ type: E.Type) -> E? where E.RawValue == String {
        let t = text(row, col)
        if let e = E(rawValue: t) { return e }
        fail(row, col, "one of " + E.allCases.map(\.rawValue).joined(separator: ", "))
        return nil
    }
}

/// Collects issues from every file; stops keeping details after `limit` but keeps counting, so a file
/// with a million bad rows still gives a readable report that says how many there were.
final class IssueCollector: @unchecked Sendable {
    private(set) var issues: [DatasetIssue] = []
    private(set) var dropped = 0
    let limit: Int

    init(limit: Int = 500) { self.limit = limit }

    func add(_ issue: DatasetIssue) {
        if issues.count < limit { issues.append(issue) } else { dropped += 1 }
    }

    var hasErrors: Bool { issues.contains { $0.severity == .error } || dropped > 0 }

    var all: [DatasetIssue] {
        dropped == 0 ? issues
            : issues + [DatasetIssue(location: "(dataset)", field: "issues", value: "\(dropped) more issue(s) not listed", expected: "a clean dataset")]
    }
}
