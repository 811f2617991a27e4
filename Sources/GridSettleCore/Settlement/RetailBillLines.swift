/// Retail bills as statement lines, shared by the CAISO and PJM statement builders: one line per bill line,
/// with a `-YYYY-MM` code suffix when the period spans several months.
enum RetailBillLines {
    /// An adjustment line's code is its bill line's with this in front (the drill-down finds the line again by it).
    static let adjustmentPrefix = "ADJ-"

    static func suffix(_ b: RetailBill, multiMonth: Bool) -> String {
        multiMonth ? "-\(b.year)-\(b.month < 10 ? "0" : "")\(b.month)" : ""
    }

    static func lines(_ bills: [RetailBill], _ section: StatementSection) -> [StatementLine] {
        let multi = bills.count > 1
        return bills.flatMap { b in
            b.lines.map { l in
                StatementLine(
                    section: section, code: l.code + suffix(b, multiMonth: multi), description: l.description, quantityMicro: l.quantity,
                    unit: l.quantityUnit, unitPriceMicro: l.unitPrice, priceUnit: l.priceUnit,
                    amount: Money(micros: l.amountMicros), rule: l.rule, runs: l.runs)
            }
        }
    }

    /// Adjusted minus as-metered, line by line; amounts are differences of rounded lines so the section adds up.
    /// `what` describes the adjustment of a line and `runs` names its intervals (empty: the adjusted line's own).
    static func adjustment(
        adjusted: [RetailBill], asMetered: [RetailBill], what: (BillLine) -> String, rule: String,
        runs: (BillLine) -> [IntervalRun] = { _ in [] }
    ) -> [StatementLine] {
        var out: [StatementLine] = []
        let multi = adjusted.count > 1
        for (adj, met) in zip(adjusted, asMetered) {
            var codes: [String] = []
            for l in met.lines + adj.lines where !codes.contains(l.code) { codes.append(l.code) }
            for code in codes {
                let a = adj.line(code: code)
                let m = met.line(code: code)
                let dq = (a?.quantity ?? 0) - (m?.quantity ?? 0)
                let da = Money(micros: a?.amountMicros ?? 0).roundedToCents - Money(micros: m?.amountMicros ?? 0).roundedToCents
                if dq == 0 && da == .zero { continue }
                let t = a ?? m!
                let traced = runs(t)
                out.append(
                    StatementLine(
                        section: .retailAdjustment, code: Self.adjustmentPrefix + code + suffix(adj, multiMonth: multi), description: "\(t.description): \(what(t))",
                        quantityMicro: dq, unit: t.quantityUnit, unitPriceMicro: t.unitPrice, priceUnit: t.priceUnit, amount: da, rule: rule,
                        runs: traced.isEmpty ? (a?.runs ?? []) : traced))
            }
        }
        return out
    }
}
