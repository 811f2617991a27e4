import GridSettleCore

/// Every check that ran, with its status in colour, the energy and money involved and where.
enum ChecksSection {
    static func render(_ s: Statement, zone: MarketTimeZone) -> String {
        var t = Table([
            .init("Status"), .init("Check and question"), .init("Energy, kWh", numeric: true), .init("Amount, $", numeric: true),
            .init("Intervals", numeric: true), .init("Where"), .init("Rule"), .init("Detail"),
        ])
        for c in s.checks {
            let badge: String
            switch c.status {
            case .pass: badge = "<span class=\"badge badge-pass\">PASS</span>"
            case .violation: badge = "<span class=\"badge badge-violation\">VIOLATION</span>"
            case .notApplicable: badge = "<span class=\"badge badge-na\">N/A</span>"
            }
            let lin = ReportFormat.lineage(c.runs, zone)
            t.add([
                .markup(badge),
                .markup("<div class=\"code strong\">\(HTML.escape(c.id))</div><div>\(HTML.escape(c.question))</div>", "wide"),
                .num(ReportFormat.kWh(c.energyMicroKWh)), c.amount.map { .num(ReportFormat.money($0)) } ?? .emptyNum,
                .num(ReportFormat.count(c.intervalCount)),
                lin.first.isEmpty ? .empty : .text(lin.last.isEmpty ? lin.first : lin.first + " … " + lin.last, "small nowrap"),
                .text(c.rule, "small"), .text(c.detail, "small detail"),
            ], cls: c.status == .violation ? "row-violation" : nil)
        }
        return t.render()
    }
}
