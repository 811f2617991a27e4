import GridSettleCore

/// Every statement line by section, with quantity, unit price, amount, rule and lineage; then the section
/// totals (sums of rounded lines, as the statement defines them).
enum StatementTables {
    static func render(_ s: Statement, zone: MarketTimeZone) -> String {
        var out = ""
        for section in StatementSection.allCases {
            let lines = s.lines.filter { $0.section == section }
            guard !lines.isEmpty else { continue }
            var t = Table([
                .init("Code"), .init("Description"), .init("Quantity", numeric: true), .init("Unit price", numeric: true),
                .init("Amount, $", numeric: true), .init("Rule"), .init("Intervals", numeric: true), .init("First run"), .init("Last run"),
            ])
            for l in lines {
                let lin = ReportFormat.lineage(l.runs, zone)
                var desc = HTML.escape(l.description)
                if !l.note.isEmpty { desc += "<div class=\"muted small\">\(HTML.escape(l.note))</div>" }
                let qty = ReportFormat.quantity(l.quantityMicro, unit: l.unit)
                t.add([
                    .markup("<span class=\"code\">\(HTML.escape(l.code))</span>", "nowrap"),
                    .markup(desc),
                    qty.isEmpty ? .emptyNum : .text(qty, "num nowrap"),
                    l.unitPriceMicro.map { .text(ReportFormat.unitPrice($0, unit: l.priceUnit), "num nowrap") }
                        ?? (l.priceUnit.isEmpty ? .emptyNum : .text(l.priceUnit, "num muted small")),
                    .text(ReportFormat.money(l.roundedAmount), l.roundedAmount.micros < 0 ? "num neg" : "num"),
                    .text(l.rule, "small"),
                    .num(ReportFormat.count(l.intervalCount)),
                    lin.first.isEmpty ? .empty : .text(lin.first, "small nowrap"),
                    lin.last.isEmpty ? .empty : .text(lin.last, "small nowrap"),
                ])
            }
            let total = s.total(section)
            t.footer = [[
                .text("Section total (sum of rounded lines)").spanning(4),
                .text(ReportFormat.money(total), total.micros < 0 ? "num neg" : "num"),
                .text("").spanning(4),
            ]]
            out += "<section class=\"statement-section\" id=\"sec-\(HTML.escape(section.rawValue))\"><h3>\(HTML.escape(section.title))</h3>"
                + t.render() + "</section>"
        }
        return out
    }

    static func totals(_ s: Statement) -> String {
        var t = Table([.init("Section"), .init("Lines", numeric: true), .init("Total, $", numeric: true)], cls: "data compact")
        for section in StatementSection.allCases {
            let n = s.lines.filter { $0.section == section }.count
            let total = s.total(section)
            t.add([
                .markup("\(HTML.escape(section.title)) <span class=\"code muted\">\(HTML.escape(section.rawValue))</span>"),
                .num(String(n)), .text(ReportFormat.money(total), total.micros < 0 ? "num neg" : "num"),
            ])
        }
        return t.render()
    }
}
