import GridSettleCore
import GridSettleReports
import GridSettleStore
import GridSettleWorkflows

/// `GET /ui/runs/:id/lines/:seq`: one statement line and every run of intervals behind it (schema v7), so an
/// analyst can go from a total on the run page to the exact intervals that make it up. The same data as
/// `GET /v1/runs/:id/lines/:seq`. A run stored before v7 kept only the first and last interval, and says so.
/// Below them, each interval's quantity, price and amount (`drill`, ``LineDrillDown``, as
/// `GET /v1/runs/:id/lines/:seq/intervals`), adding up to the line, or why they cannot be shown.
enum LinePage {
    static func render(run: PageRun, line l: StoredLine, drill: Result<LineDrillDown.Drilled, LineDrillDownFailure>?, identity: Identity) -> String {
        var h = PageBuffer()
        h.raw(PageLayout.runTabs(run, current: .statement, identity: identity))
        h.raw(PageLayout.runTitle(run, heading: "\(l.code): \(l.description)"))
        var summary = PageTable([
            .init("Section"), .init("Quantity", numeric: true), .init("Unit"), .init("Amount", numeric: true), .init("Exact amount", numeric: true),
            .init("Rule"), .init("Intervals", numeric: true),
        ], cls: "data compact")
        summary.add([
            .text(l.section, "small"), .num(PageFormat.quantity(micro: l.quantityMicro)), .text(l.unit),
            .num(PageFormat.dollars(cents: l.amountCents), l.amountCents < 0 ? "neg" : nil),
            .num(FixedPointFormat.decimal(l.amountMicros, scale: 6, fractionDigits: 6)), .text(l.rule, "code"), .num(PageFormat.count(l.intervalCount)),
        ])
        h.raw(summary.render())
        if !l.note.isEmpty {
            h.raw("<p class=\"muted\">")
            h.text(l.note)
            h.raw("</p>")
        }
        h.raw("<section id=\"intervals\"><h2>Intervals behind this line</h2>")
        guard let runs = l.intervals else {
            h.raw("<p class=\"muted\">")
            h.text("This run was stored before the store kept every interval of a line; it kept the first (\(l.firstIntervalStart ?? "none")) and the last (\(l.lastIntervalEnd ?? "none")). Settle the period again to see them all.")
            h.raw("</p></section>")
            return PageLayout.page(title: "Line \(l.seq) · run #\(run.id)", identity: identity, body: h.html)
        }
        h.raw("<p class=\"muted\">")
        h.text("\(PageFormat.count(runs.count)) run(s) of consecutive intervals, UTC, end exclusive; their intervals add up to the line's \(PageFormat.count(l.intervalCount)).")
        h.raw("</p>")
        var t = PageTable([.init("From"), .init("To"), .init("Interval, min", numeric: true), .init("Intervals", numeric: true)], cls: "data compact")
        for r in runs {
            t.add([.text(r.start.description, "small nowrap"), .text(r.end.description, "small nowrap"), .num(String(r.seconds / 60)), .num(PageFormat.count(r.count))])
        }
        h.raw(t.render())
        h.raw("</section>")
        amounts(&h, line: l, drill: drill)
        return PageLayout.page(title: "Line \(l.seq) · run #\(run.id)", identity: identity, body: h.html)
    }

    /// Each interval's quantity, price and amount, with their sums, which are the line's.
    static func amounts(_ h: inout PageBuffer, line l: StoredLine, drill: Result<LineDrillDown.Drilled, LineDrillDownFailure>?) {
        h.raw("<section id=\"amounts\"><h2>Amounts interval by interval</h2>")
        defer { h.raw("</section>") }
        func note(_ text: String) {
            h.raw("<p class=\"muted\">")
            h.text(text)
            h.raw("</p>")
        }
        guard let drill else { return note("The run is no longer in the store.") }
        let b: LineBreakdown
        switch drill {
        case .failure(let e): return note(e.message)
        case .success(let d): b = d.breakdown
        }
        guard b.basis != .notBrokenDown else { return note("Not broken down: \(b.explanation).") }
        note("\(PageFormat.count(b.intervals.count)) interval(s), UTC, end exclusive. Basis \(b.basis.rawValue): \(b.explanation). Amounts in $ to the micro-dollar; they add up to the line's exact amount.")
        var t = PageTable([
            .init("From"), .init("To"), .init("Quantity, \(l.unit)", numeric: true), .init("Price, \(b.priceUnit)", numeric: true), .init("Amount, $", numeric: true),
        ], cls: "data compact")
        for i in b.intervals {
            t.add([
                .text(i.start.description, "small nowrap"), .text(i.end.description, "small nowrap"), .num(PageFormat.quantity(micro: i.quantityMicro)),
                .num(i.priceMicro.map { FixedPointFormat.decimal($0, scale: 6, fractionDigits: 6) } ?? ""),
                .num(i.amount.exactDescription, i.amount < .zero ? "neg" : nil),
            ])
        }
        let (quantity, amount) = b.sums
        t.add([.text("Sum", "small"), .text(""), .num(PageFormat.quantity(micro: quantity)), .text(""), .num(amount.exactDescription, amount < .zero ? "neg" : nil)])
        h.raw(t.render())
    }
}
