import GridSettleReports
import GridSettleStore

/// `GET /ui/runs/:id/difference[?from=N]`: what a recalculation changed — by default against the run this
/// one replaces, or against any other run the caller may see. Only changed lines are listed (section and
/// code match lines between the runs), old → new, with the change highlighted and charted, limited to the
/// sections the role sees, as `GET /v1/runs/:id/difference` does.
enum DifferencePage {
    struct Content {
        var run: PageRun
        /// The run compared against; nil when this run replaces none and no `from` was given.
        var from: PageRun?
        var changes: [LineDifference]
        /// Runs the caller may pick to compare against (every other visible run).
        var candidates: [PageRun]
    }

    static func render(_ c: Content, identity: Identity) -> String {
        let run = c.run
        var h = PageBuffer()
        h.raw(PageLayout.runTabs(run, current: .difference, identity: identity))
        h.raw(PageLayout.runTitle(run, heading: "Difference between runs"))
        h.raw(picker(c))
        guard let from = c.from else {
            h.raw("<p class=\"note\">")
            // version 1, or a recalculation of a run this token may not see (another dataset of the same site
            // and period): either way there is nothing here to compare with, and nothing to name
            h.text(run.version == 1
                ? "Run #\(run.id) is the first settlement of its period: it replaces no earlier run. Pick a run above to compare with."
                : "Run #\(run.id) replaces no earlier run you can see. Pick a run above to compare with.")
            h.raw("</p>")
            return PageLayout.page(title: "Difference · run #\(run.id)", identity: identity, body: h.html)
        }
        let sections = PageFormat.orderedSections(c.changes.map(\.section))
        h.raw("<div class=\"kpis\"><div class=\"kpi\"><div class=\"kpi-label\">Compared</div><div class=\"kpi-value\">")
        h.raw("<a href=\"/ui/runs/\(from.id)\">#\(from.id)</a> → #\(run.id)</div><div class=\"kpi-note\">")
        h.text("version \(from.version) → version \(run.version)")
        h.raw("</div></div><div class=\"kpi\"><div class=\"kpi-label\">Lines changed</div><div class=\"kpi-value\">")
        h.text(PageFormat.count(c.changes.count))
        h.raw("</div><div class=\"kpi-note\">in the sections you see</div></div><div class=\"kpi\"><div class=\"kpi-label\">Sections changed</div>")
        h.raw("<div class=\"kpi-value\">")
        h.text(PageFormat.count(sections.count))
        h.raw("</div><div class=\"kpi-note\">")
        // no sum across sections: an adjusted bill and its adjustment would count one change twice
        h.text(sections.isEmpty ? "none" : sections.joined(separator: ", "))
        h.raw("</div></div></div>")
        guard !c.changes.isEmpty else {
            h.raw("<div class=\"banner banner-ok\"><h2>No line changed</h2><p>Every line you can see has the same quantity and amount in both runs.</p></div>")
            return PageLayout.page(title: "Difference · run #\(run.id)", identity: identity, body: h.html)
        }
        h.raw("<h2>Changed lines</h2>")
        h.raw(table(c.changes))
        h.raw("<figure class=\"chart chart-narrow\">")
        let bars = c.changes.map {
            BarChart.Bar(label: "\($0.code) (\($0.section))", cents: $0.centsChange, detail: "\($0.section) \($0.code): \(PageFormat.signedDollars(cents: $0.centsChange))")
        }
        h.raw(BarChart(title: "Amount change per line, $", bars: bars, width: 900, labelWidth: 380).render())
        h.raw("<figcaption>New amount minus old amount, per changed line.</figcaption></figure>")
        return PageLayout.page(title: "Difference · run #\(run.id)", identity: identity, body: h.html)
    }

    static func table(_ changes: [LineDifference]) -> String {
        var t = PageTable([
            .init("Section"), .init("Code"), .init("Unit"), .init("Old quantity", numeric: true), .init("New quantity", numeric: true),
            .init("Quantity change", numeric: true), .init("Old amount", numeric: true), .init("New amount", numeric: true),
            .init("Amount change", numeric: true),
        ], cls: "data diff")
        for d in changes {
            let kind = d.oldCents == nil ? "added" : (d.newCents == nil ? "removed" : "changed")
            let badge = kind == "changed" ? "" : " <span class=\"badge badge-\(kind)\">\(kind)</span>"
            t.add([
                .text(d.section, "nowrap small"),
                .markup(PageHTML.escape(d.code) + badge, "code"),
                .text(d.unit),
                d.oldQuantityMicro.map { .markup(old(PageFormat.quantity(micro: $0), changed: d.quantityChangeMicro != 0), "num") } ?? .noneNum,
                d.newQuantityMicro.map { .markup(new(PageFormat.quantity(micro: $0), changed: d.quantityChangeMicro != 0), "num") } ?? .noneNum,
                .num(d.quantityChangeMicro == 0 ? "—" : PageFormat.signedQuantity(micro: d.quantityChangeMicro), direction(d.quantityChangeMicro)),
                d.oldCents.map { .markup(old(PageFormat.dollars(cents: $0), changed: d.centsChange != 0), "num") } ?? .noneNum,
                d.newCents.map { .markup(new(PageFormat.dollars(cents: $0), changed: d.centsChange != 0), "num") } ?? .noneNum,
                .num(d.centsChange == 0 ? "—" : PageFormat.signedDollars(cents: d.centsChange), direction(d.centsChange).map { "change " + $0 } ?? "change"),
            ], cls: "row-changed row-\(kind)")
        }
        return t.render()
    }

    static func old(_ text: String, changed: Bool) -> String { changed ? "<del>\(PageHTML.escape(text))</del>" : PageHTML.escape(text) }
    static func new(_ text: String, changed: Bool) -> String { changed ? "<ins>\(PageHTML.escape(text))</ins>" : PageHTML.escape(text) }
    static func direction(_ change: Int64) -> String? { change > 0 ? "up" : (change < 0 ? "down" : nil) }

    /// A plain GET form (no script) to compare with another run.
    static func picker(_ c: Content) -> String {
        let others = c.candidates.filter { $0.id != c.run.id }
        guard !others.isEmpty else { return "" }
        var h = PageBuffer()
        h.raw("<form class=\"picker\" method=\"get\" action=\"/ui/runs/\(c.run.id)/difference\"><label for=\"from\">Compare with</label><select id=\"from\" name=\"from\">")
        for r in others {
            h.raw("<option value=\"\(r.id)\"\(r.id == c.from?.id ? " selected" : "")>")
            h.text("#\(r.id) · \(r.dataset ?? "command line") · \(r.site) / \(r.resource) · \(r.periodStart) · v\(r.version)")
            h.raw("</option>")
        }
        h.raw("</select><button type=\"submit\">Compare</button></form>")
        return h.html
    }
}
