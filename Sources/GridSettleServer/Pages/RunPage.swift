import GridSettleReports
import GridSettleStore

/// `GET /ui/runs/:id`: one run for an analyst — the summary, the section totals (table and bar chart), the
/// statement lines with their lineage (rule, interval count, first and last interval), and the report's charts,
/// drawn from the figures stored with the run (``ReportFigures``, schema v8). Lines and totals are limited to the
/// sections the role sees (the utility role: retail only), and that role gets neither the report nor the
/// charts, which show wholesale figures.
enum RunPage {
    struct Content {
        var run: PageRun
        var lines: [StoredLine]
        /// The charts drawn from the run's stored figures; nil for a role limited to some sections, or a run stored
        /// without figures (before schema v8).
        var charts: String?
        var hasReport: Bool
        /// Why the stored figures could not be read, when they could not (a damaged row).
        var chartsProblem: String? = nil
    }

    static func render(_ c: Content, identity: Identity) -> String {
        let run = c.run
        var h = PageBuffer()
        h.raw(PageLayout.runTabs(run, current: .statement, identity: identity))
        h.raw(PageLayout.runTitle(run, heading: "Settlement statement"))
        h.raw(summary(c, identity: identity))
        h.raw("<nav class=\"jump\"><a href=\"#totals\">Section totals</a><a href=\"#lines\">Statement lines</a>\(identity.visibleSections == nil ? "<a href=\"#charts\">Charts</a>" : "")</nav>")

        let totals = SectionTotal.of(c.lines)
        h.raw("<section id=\"totals\"><h2>Section totals</h2>")
        if identity.visibleSections != nil {
            h.raw("<p class=\"note\">")
            h.text("Your role (\(identity.role.rawValue)) sees the retail sections of the statement only.")
            h.raw("</p>")
        }
        if totals.isEmpty {
            h.raw("<p class=\"muted\">This run has no statement lines you can see.</p>")
        } else {
            h.raw("<div class=\"totals\">")
            h.raw(totalsTable(totals))
            h.raw("<figure class=\"chart\">")
            h.raw(BarChart(title: "Section totals, $", bars: totals.map {
                BarChart.Bar(label: $0.title, cents: $0.cents, detail: "\($0.section): \(PageFormat.dollars(cents: $0.cents)) over \($0.lineCount) line(s)")
            }).render())
            h.raw("<figcaption>Each total is the sum of the section's lines rounded to the cent. Sections measure different things (a bill, an adjustment, a wholesale settlement); they are not added together.</figcaption></figure></div>")
        }
        h.raw("</section>")

        h.raw("<section id=\"lines\"><h2>Statement lines</h2>")
        h.raw("<p class=\"muted\">Amounts are each line's exact amount rounded once to the cent. Lineage: the rule in docs/rules.md, how many intervals the line came from, and the first and last of them.</p>")
        h.raw(linesTable(c.lines, runID: c.run.id))
        h.raw("</section>")

        if identity.visibleSections == nil {
            h.raw("<section id=\"charts\"><h2>Charts</h2>")
            let reportLink = c.hasReport ? " <a href=\"/ui/runs/\(run.id)/report\">Open the full report</a>." : ""
            if let charts = c.charts {
                h.raw("<p class=\"muted\">Drawn from the interval figures stored with this run, as the settlement report draws them.\(reportLink)</p>")
                h.raw("<div class=\"\(String(chartScope.dropFirst()))\">")
                h.raw(charts)
                h.raw("</div>")
            } else if let problem = c.chartsProblem {
                h.raw("<p class=\"bad\">")
                h.text("The figures stored with this run cannot be read: \(problem).")
                h.raw("\(reportLink)</p>")
            } else {
                h.raw("<p class=\"muted\">This run was stored before schema v8, without the figures its charts are drawn from.\(reportLink)</p>")
            }
            h.raw("</section>")
        }
        let head = c.charts == nil ? "" : "<style>\(chartStyle)</style>"
        return PageLayout.page(title: "Run #\(run.id)", identity: identity, body: h.html, extraHead: head)
    }

    /// The charts' styles sit under this class so they cannot restyle the page around them.
    static let chartScope = ".report-charts"
    static let chartStyle = ReportCharts.stylesheet(scopedTo: chartScope)

    static func summary(_ c: Content, identity: Identity) -> String {
        let run = c.run
        var h = PageBuffer()
        h.raw("<div class=\"kpis\">")
        func kpi(_ label: String, _ valueHTML: String, _ note: String) {
            h.raw("<div class=\"kpi\"><div class=\"kpi-label\">")
            h.text(label)
            h.raw("</div><div class=\"kpi-value\">\(valueHTML)</div><div class=\"kpi-note\">")
            h.text(note)
            h.raw("</div></div>")
        }
        kpi("Status", PageLayout.statusBadge(run.status), PageLayout.isFinal(run.status) ? "settlement-quality data throughout" : "some figures may still change")
        kpi("Check violations",
            run.violationCount > 0
                ? "<a class=\"bad\" href=\"/ui/runs/\(run.id)/violations\">\(PageFormat.count(run.violationCount))</a>"
                : "<span class=\"good\">0</span>",
            run.violationCount > 0 ? "see the violations page" : "every check passes or does not apply")
        kpi("Version", PageHTML.escape(String(run.version)), run.replacesRun.map { "replaces run #\($0)" } ?? (run.version == 1 ? "first settlement of this period" : "a recalculation of this period"))
        kpi("Lines shown", PageFormat.count(c.lines.count), identity.visibleSections == nil ? "the whole statement" : "retail sections only")
        h.raw("</div>")
        if let replaced = run.replacesRun {
            h.raw("<p><a href=\"/ui/runs/\(run.id)/difference\">What changed since run #\(replaced)</a></p>")
        }
        return h.html
    }

    static func totalsTable(_ totals: [SectionTotal]) -> String {
        var t = PageTable([.init("Section"), .init("Lines", numeric: true), .init("Total", numeric: true)], cls: "data compact")
        for s in totals {
            t.add([
                .markup("<a href=\"#section-\(PageHTML.escape(s.section))\">\(PageHTML.escape(s.title))</a>"),
                .num(PageFormat.count(s.lineCount)),
                .num(PageFormat.dollars(cents: s.cents), s.cents < 0 ? "neg" : nil),
            ])
        }
        return t.render()
    }

    /// Each line's code and interval count link to its line page (``LinePage``): every interval behind it.
    static func linesTable(_ lines: [StoredLine], runID: Int64) -> String {
        var t = PageTable([
            .init("Section"), .init("Code"), .init("Description"), .init("Quantity", numeric: true), .init("Unit"),
            .init("Amount", numeric: true), .init("Rule"), .init("Intervals", numeric: true), .init("First interval"), .init("Last interval"),
        ])
        var anchored = Set<String>()
        for l in lines {
            let anchor = anchored.insert(l.section).inserted ? "<span id=\"section-\(PageHTML.escape(l.section))\"></span>" : ""
            t.add([
                .markup(anchor + PageHTML.escape(l.section), "nowrap small"),
                .markup("<a href=\"/ui/runs/\(runID)/lines/\(l.seq)\">\(PageHTML.escape(l.code))</a>", "code"),
                .markup(PageHTML.escape(l.description) + (l.note.isEmpty ? "" : "<div class=\"small muted\">\(PageHTML.escape(l.note))</div>"), "wide"),
                .num(PageFormat.quantity(micro: l.quantityMicro)),
                .text(l.unit),
                .num(PageFormat.dollars(cents: l.amountCents), l.amountCents < 0 ? "neg" : nil),
                .text(l.rule, "code"),
                .markup("<a href=\"/ui/runs/\(runID)/lines/\(l.seq)#intervals\">\(PageFormat.count(l.intervalCount))</a>", "num"),
                l.firstIntervalStart.map { .text($0, "small nowrap") } ?? .none,
                l.lastIntervalEnd.map { .text($0, "small nowrap") } ?? .none,
            ])
        }
        return t.render()
    }
}
