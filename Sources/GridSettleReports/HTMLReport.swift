import GridSettleCore

/// The human-facing settlement report: one self-contained HTML page (inline CSS and SVG, no script, no
/// external assets) for a settlement analyst.
///
/// Deterministic: the page is a pure function of the statement and its ``ReportFigures`` — no clock, no random ids, no
/// locale — so the same result always renders to the same bytes. All text from the data is escaped.
public enum HTMLReport {
    /// Renders the full report page.
    public static func render(_ result: SettlementResult) -> String { render(result.statement, figures: ReportFigures(result)) }

    /// Renders the full report page from a statement and the figures its charts are drawn from (``ReportFigures/init(_:)``
    /// of the same result): what a run stores, so a stored run renders the same page, byte for byte, on demand.
    public static func render(_ s: Statement, figures: ReportFigures) -> String {
        let zone = figures.zone
        var h = HTMLBuffer()
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        h.raw("<meta name=\"generator\" content=\"GridSettle HTMLReport\">")
        h.element("title", nil, "Settlement \(s.siteName) — \(s.resourceID) — \(s.period.start) to \(s.period.end.adding(days: -1)) — \(s.status.rawValue)")
        h.raw("<style>\(ReportStyle.css)</style></head><body><main>")

        h.raw(HeaderSection.render(s, zone: zone))
        h.raw(toc)

        h.raw("<section id=\"charts\"><h2>Charts</h2>")
        h.raw(ReportCharts.render(figures))
        h.raw("</section>")

        h.raw("<section id=\"statement\"><h2>Statement lines</h2>")
        h.raw("<p class=\"muted\">Each amount is the line's exact amount rounded once to the cent (half away from zero); each section total is the sum of its rounded lines. Lineage: the first and last run of intervals the line came from (local time).</p>")
        h.raw(StatementTables.render(s, zone: zone))
        h.raw("<h3>Section totals</h3>")
        h.raw(StatementTables.totals(s))
        h.raw("</section>")

        h.raw("<section id=\"checks\"><h2>Checks</h2>")
        h.raw(ChecksSection.render(s, zone: zone))
        h.raw("</section>")

        h.raw("<section id=\"quality\"><h2>Data quality and VEE</h2>")
        h.raw("<h3>Intervals per meter</h3>")
        h.raw(DataQualitySection.quality(s))
        h.raw("<h3>VEE audit log (estimates and edits)</h3>")
        h.raw(DataQualitySection.audit(s, zone: zone))
        h.raw("<h3>VEE findings</h3>")
        h.raw(DataQualitySection.findings(s, zone: zone))
        h.raw("</section>")

        h.raw("<section id=\"policies\"><h2>Policies and ledger</h2><div class=\"two-col\"><div><h3>Policies in force</h3>")
        h.raw(PoliciesLedgerSection.policies(s))
        h.raw("</div><div><h3>Ledger totals per account</h3>")
        h.raw(PoliciesLedgerSection.ledger(s))
        h.raw("</div></div></section>")

        h.raw("<footer>GridSettle settlement report · statement format version \(s.formatVersion) · \(HTML.escape(s.siteID)) / \(HTML.escape(s.resourceID)) · \(HTML.escape(s.market.rawValue)) · \(HTML.escape(s.timeZone)). ")
        h.raw("Charts are for orientation; the statement lines are authoritative.</footer>")
        h.raw("</main></body></html>\n")
        return h.text
    }

    static let toc = "<nav class=\"toc\"><a href=\"#fig-meters\">Meters</a><a href=\"#fig-addback\">Add-back</a><a href=\"#fig-bill\">Bill comparison</a>"
        + "<a href=\"#fig-revenue\">Revenue stack</a><a href=\"#statement\">Statement lines</a><a href=\"#checks\">Checks</a>"
        + "<a href=\"#quality\">Data quality &amp; VEE</a><a href=\"#policies\">Policies &amp; ledger</a></nav>"
}
