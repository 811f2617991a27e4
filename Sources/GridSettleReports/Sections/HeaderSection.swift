import GridSettleCore

/// The page header: who, what market, which period, the statement status with its reasons, the
/// check banner (violations loud, or a green "all checks pass") and the headline totals.
enum HeaderSection {
    static func render(_ s: Statement, zone: MarketTimeZone) -> String {
        let facts = s.facts
        var h = HTMLBuffer()
        h.open("header", "report-header")
        h.raw("<div class=\"eyebrow\">GridSettle · settlement statement</div>")
        h.raw("<div class=\"title-row\"><h1>\(HTML.escape(s.siteName))</h1>")
        let statusCls = s.status == .final ? "status status-final" : "status status-provisional"
        h.raw("<span class=\"\(statusCls)\">\(HTML.escape(s.status.rawValue))</span></div>")
        h.raw("<dl class=\"meta\">")
        func meta(_ k: String, _ v: String) { h.raw("<div><dt>\(HTML.escape(k))</dt><dd>\(HTML.escape(v))</dd></div>") }
        meta("Site", "\(s.siteID) — \(s.siteName)" + (facts?.capacityKW.map { ", \(trimmedKW($0)) kW interconnection" } ?? ""))
        meta("Resource", s.resourceID + (facts.map { " (\($0.participationModel), pricing node \($0.pricingNode))" } ?? ""))
        meta("Market", s.market.rawValue)
        meta("Period", ReportFormat.period(s.period))
        meta("Time zone", "\(s.timeZone) — all times are local market time")
        meta("Meters", facts.map { $0.meters.map { "\($0.id) \($0.role.rawValue) \($0.intervalMinutes)-min" }.joined(separator: "; ") } ?? "—")
        meta("Statement format", "version \(s.formatVersion)")
        h.raw("</dl>")
        if !s.statusReasons.isEmpty {
            h.raw("<div class=\"reasons\"><strong>\(s.status == .final ? "Notes" : "Why provisional"):</strong><ul>")
            for reason in s.statusReasons { h.element("li", nil, reason) }
            h.raw("</ul></div>")
        } else if s.status == .final {
            h.raw("<div class=\"reasons ok\">Every interval is actual settlement-quality data and every price is present.</div>")
        }
        h.close("header")
        h.raw(banner(s, zone: zone))
        h.raw(kpis(s))
        return h.text
    }

    static func trimmedKW(_ v: Double) -> String {
        let micro = Int64((v * 1000).rounded())
        return ReportFormat.trimmed(FixedPointFormat.decimal(micro, scale: 3, fractionDigits: 3), minFraction: 0)
    }

    /// The violation banner when any check fails, else a green confirmation.
    static func banner(_ s: Statement, zone: MarketTimeZone) -> String {
        let v = s.violations
        if v.isEmpty {
            let applicable = s.checks.filter { $0.status == .pass }.count
            let na = s.checks.count - applicable
            return "<section class=\"banner banner-ok\" id=\"checks-banner\"><strong>✓ All checks pass</strong> — \(applicable) check(s) passed"
                + (na > 0 ? ", \(na) not applicable" : "") + ". No double payment or ledger inconsistency found.</section>"
        }
        var t = Table([.init("Check and question"), .init("Energy, kWh", numeric: true), .init("Amount, $", numeric: true),
                       .init("Intervals", numeric: true), .init("Where"), .init("Detail")], cls: "data violations")
        for c in v {
            let where_ = ReportFormat.lineage(c.runs, zone)
            t.add([
                .markup(
                    "<div class=\"code strong\">\(HTML.escape(c.id))</div><div>\(HTML.escape(c.question))</div><div class=\"muted small\">rule \(HTML.escape(c.rule))</div>",
                    "wide"),
                .num(ReportFormat.kWh(c.energyMicroKWh)),
                c.amount.map { .num(ReportFormat.money($0)) } ?? .emptyNum,
                .num(ReportFormat.count(c.intervalCount)),
                .text(where_.last.isEmpty ? where_.first : where_.first + " … " + where_.last, "small nowrap"),
                .text(c.detail, "small detail"),
            ])
        }
        return "<section class=\"banner banner-violation\" id=\"checks-banner\" role=\"alert\"><h2>⚠ \(v.count) check VIOLATION\(v.count == 1 ? "" : "S")</h2>"
            + "<p>These settlement checks failed. Each names the energy and, where it can be valued, the money involved.</p>"
            + t.render() + "</section>"
    }

    static func kpis(_ s: Statement) -> String {
        var items: [(String, Money, String)] = [
            ("Retail bill as metered", s.total(.retailAsMetered), "no adjustment"),
            ("Retail bill adjusted", s.total(.retailAdjusted), "what the customer is billed"),
            ("Retail adjustment", s.total(.retailAdjustment), "adjusted − as metered"),
            ("CAISO shadow settlement", s.total(.caiso), "payment to resource +"),
        ]
        if s.lines.contains(where: { $0.section == .demandResponse }) {
            items.append(("Demand response", s.total(.demandResponse), "performance at the LMP"))
        }
        items.append(("Revenue stack net", s.total(.revenueStack), "value to the resource"))
        var out = "<section class=\"kpis\">"
        for (label, m, note) in items {
            out += "<div class=\"kpi\"><div class=\"kpi-label\">\(HTML.escape(label))</div><div class=\"kpi-value\">\(HTML.escape(ReportFormat.dollars(m)))</div><div class=\"kpi-note\">\(HTML.escape(note))</div></div>"
        }
        return out + "</section>"
    }
}
