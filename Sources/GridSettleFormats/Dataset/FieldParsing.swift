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

    func instant(_ row: CSVTable.Row, _ col: String) -> Instant? {
        if let t = TimestampParser.parse(raw(row, col)), t.secondsSinceEpoch % 60 == 0 { return t }
        fail(row, col, TimestampParser.expected + " on a whole minute")
        return nil
    }

    /// A decimal with at most `scale` decimals, as a fixed-point integer.
    func decimal(_ row: CSVTable.Row, _ col: String, scale: Int, nonNegative: Bool = false, what: String) -> Int64? {
        switch FixedPointFormat.parse(raw(row, col), scale: scale) {
        case .success(let v):
            if nonNegative && v < 0 {
                fail(row, col, "\(what) ≥ 0")
                return nil
            }
            return v
        case .failure(.tooManyDecimals(let m)):
            fail(row, col, "\(what) with at most \(m) decimals (more would be rounded; GridSettle never rounds input)")
        case .failure:
            fail(row, col, what)
        }
        return nil
    }

    func minutes(_ row: CSVTable.Row, _ col: String) -> Int64? {
        guard let v = Int(text(row, col)), IntervalGrid.supportedSeconds.contains(Int64(v) * 60) else {
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
