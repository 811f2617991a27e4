import GridSettleCore

/// Plain-text retail bills for `gridsettle bill`: one table per month (code, description, quantity and
/// unit, unit price, amount), the savings of storage line by line, and a summary of the period.
///
/// Quantities show up to 3 decimals and unit prices up to 6, aligned on the decimal point (trailing
/// zeros become spaces, so `31` days and `30.417` days line up); amounts are dollars with cents.
/// Credits and savings are negative. Columns are sized to their content; no line ends in spaces.
public enum BillText {
    /// The whole report: `header` lines, then each month's bill; with `withStorage` (bills of the same
    /// cycles, in the same order) also the bill with storage and the savings by line, and a summary.
    /// `intervalsPerCycle` gives the number of intervals in a cycle, shown with the missing count.
    public static func render(
        header: [String], withoutStorage: [RetailBill], withStorage: [RetailBill]? = nil, intervalsPerCycle: ((BillingCycle) -> Int)? = nil
    ) -> String {
        var out = header
        for (k, base) in withoutStorage.enumerated() {
            if !out.isEmpty { out.append("") }
            if let other = withStorage?[k] {
                out.append("=== \(base.label) ===")
                out.append("")
                out += bill(base, title: "Bill without storage, \(base.label)", intervals: intervalsPerCycle?(base.cycle))
                out.append("")
                out += bill(other, title: "Bill with storage, \(other.label)", intervals: intervalsPerCycle?(other.cycle))
                out.append("")
                out += savings(BillComparison(base: base, other: other))
            } else {
                out += bill(base, title: "Bill \(base.label)", intervals: intervalsPerCycle?(base.cycle))
            }
        }
        if !out.isEmpty { out.append("") }
        out += summary(withoutStorage: withoutStorage, withStorage: withStorage)
        return out.joined(separator: "\n") + "\n"
    }

    /// One bill: title, the line table with its total, then interval counts (of `intervals` in the cycle,
    /// when given), uncredited export and notes.
    public static func bill(_ b: RetailBill, title: String, intervals: Int? = nil) -> [String] {
        var t = TextTable(columns: [
            .init("code"), .init("description"), .init("quantity", .right), .init("unit"), .init("unit price", .right),
            .init("price unit"), .init("amount $", .right),
        ])
        for l in b.lines {
            t.add([l.code, l.description, quantity(l.quantity), l.quantityUnit, unitPrice(l.unitPrice), l.priceUnit, l.amount.description])
        }
        t.rule()
        t.add(["TOTAL", "", "", "", "", "", b.total.description])
        var out = ["\(title) (\(period(b.cycle)))"] + t.render()
        let of = intervals.map { " of \($0)" } ?? ""
        out.append("missing intervals: \(b.missingIntervals)\(of)   estimated intervals: \(b.estimatedIntervals)"
            + (b.missingIntervals > 0 ? "   (no data: energy and demand of missing intervals are not billed)" : ""))
        if b.uncreditedExportMicroKWh > 0 {
            out.append("uncredited export: \(Units.formatKWh(b.uncreditedExportMicroKWh)) kWh (exported energy that earns no credit)")
        }
        for n in b.notes { out.append("note: \(n)") }
        return out
    }

    /// The lines whose quantity or amount changed with storage, and the total, from
    /// `BillComparison(base: without storage, other: with storage)`; change = with − without.
    public static func savings(_ c: BillComparison) -> [String] {
        var t = TextTable(columns: [
            .init("code"), .init("description"), .init("quantity change", .right), .init("unit"),
            .init("without storage $", .right), .init("with storage $", .right), .init("change $", .right),
        ])
        for l in c.changedLines {
            t.add([l.code, l.description, quantity(l.quantityChange), l.quantityUnit, l.baseAmount.description,
                   l.otherAmount.description, l.amountChange.description])
        }
        if c.changedLines.isEmpty { t.add(["", "(no line changed)", "", "", "", "", ""]) }
        t.rule()
        t.add(["TOTAL", "", "", "", c.base.total.description, c.other.total.description, c.totalChange.description])
        var out = ["Savings by line, \(c.base.label) (change = with storage − without storage; negative = saving)"] + t.render()
        out.append("savings: \((-c.totalChange).description) $")
        if c.other.missingIntervals != c.base.missingIntervals || c.other.estimatedIntervals != c.base.estimatedIntervals {
            out.append("note: with storage \(c.other.missingIntervals) missing and \(c.other.estimatedIntervals) estimated interval(s), "
                + "without \(c.base.missingIntervals) and \(c.base.estimatedIntervals) (an interval missing in either file is missing)")
        }
        return out
    }

    /// Totals of every bill; with storage, without / with / savings per month and over the period.
    public static func summary(withoutStorage: [RetailBill], withStorage: [RetailBill]?) -> [String] {
        guard let first = withoutStorage.first, let last = withoutStorage.last else { return ["No bills: the load data covers no month."] }
        let span = first.label == last.label ? first.label : "\(first.label) to \(last.label)"
        let title = "Summary, \(span), \(withoutStorage.count) bill\(withoutStorage.count == 1 ? "" : "s")"
        let sumBase = withoutStorage.reduce(Money.zero) { $0 + $1.total }
        guard let withStorage else {
            var t = TextTable(columns: [.init("month"), .init("total $", .right), .init("missing intervals", .right)])
            for b in withoutStorage { t.add([b.label, b.total.description, String(b.missingIntervals)]) }
            t.rule()
            t.add(["TOTAL", sumBase.description, String(withoutStorage.reduce(0) { $0 + $1.missingIntervals })])
            return [title] + t.render()
        }
        var t = TextTable(columns: [
            .init("month"), .init("without storage $", .right), .init("with storage $", .right), .init("savings $", .right),
        ])
        for (b, o) in zip(withoutStorage, withStorage) {
            t.add([b.label, b.total.description, o.total.description, (b.total - o.total).description])
        }
        let sumOther = withStorage.reduce(Money.zero) { $0 + $1.total }
        t.rule()
        t.add(["TOTAL", sumBase.description, sumOther.description, (sumBase - sumOther).description])
        return [title + " (savings = without storage − with storage)"] + t.render()
    }

    /// `2018-01-01 to 2018-01-31, 31 days`.
    static func period(_ c: BillingCycle) -> String {
        "\(c.start) to \(c.lastDay), \(c.days) day\(c.days == 1 ? "" : "s")"
    }

    /// µ-units with up to 3 decimals, aligned on the point: `31    `, `1.5  `, `1234.568`.
    public static func quantity(_ micro: Int64) -> String { aligned(micro, digits: 3, minimum: 0) }

    /// µ$ with up to 6 decimals and at least 2, aligned on the point: `375.19    `, `0.08379 `.
    public static func unitPrice(_ micro: Int64) -> String { aligned(micro, digits: 6, minimum: 2) }

    static func aligned(_ micro: Int64, digits: Int, minimum: Int) -> String {
        let s = FixedPointFormat.decimal(micro, scale: 6, fractionDigits: digits)
        var chars = Array(s)
        var trimmed = 0
        while trimmed < digits - minimum, chars.last == "0" {
            chars.removeLast()
            trimmed += 1
        }
        if trimmed == digits, chars.last == "." {
            chars.removeLast()
            trimmed += 1
        }
        if String(chars) == "-0" { chars = ["0"] }
        return String(chars) + String(repeating: " ", count: trimmed)
    }
}

/// A text table: columns sized to their content, two spaces apart, a dashed rule under the header and
/// wherever ``rule()`` is called.
struct TextTable {
    enum Alignment { case left, right }

    struct Column {
        var title: String
        var alignment: Alignment
        init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    var columns: [Column]
    /// nil = a rule.
    var rows: [[String]?] = []

    init(columns: [Column]) { self.columns = columns }

    mutating func add(_ cells: [String]) {
        precondition(cells.count == columns.count)
        rows.append(cells)
    }

    mutating func rule() { rows.append(nil) }

    func render() -> [String] {
        var widths = columns.map { $0.title.count }
        for r in rows.compactMap({ $0 }) { for (k, c) in r.enumerated() { widths[k] = max(widths[k], c.count) } }
        func line(_ cells: [String]) -> String {
            var s = ""
            for (k, c) in cells.enumerated() {
                let pad = String(repeating: " ", count: widths[k] - c.count)
                if k > 0 { s += "  " }
                s += columns[k].alignment == .right ? pad + c : c + pad
            }
            while s.last == " " { s.removeLast() }
            return s
        }
        let ruleLine = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var out = [line(columns.map(\.title)), ruleLine]
        for r in rows { out.append(r.map(line) ?? ruleLine) }
        return out
    }
}
