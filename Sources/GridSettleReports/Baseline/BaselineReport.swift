import GridSettleCore

/// The demand-response baseline report: one self-contained HTML page (inline CSS and SVG, no script, no
/// external assets) that shows, for each dispatch event, the event day as a chart (seed 002's "MGO
/// Hour-Specific Adjustment Method" slide), the same-day adjustment, the slot values, every day the method
/// looked at with what became of it, and the event's performance.
///
/// The CSVs of ``BaselineOutput`` (GridSettleFormats) are the audit record; this page is how an analyst
/// reads them, so its numbers are printed exactly as the CSVs and the text summary print them (kW with six
/// decimals, factors with six, kWh with three) and can be checked against them character for character.
/// Like ``HTMLReport`` it is deterministic (no clock, no locale, no random ids) and escapes every text.
public enum BaselineReport {
    /// The site's meters cut into the results' slots, for the seed 002 view of a device-output baseline:
    /// the site meter N and the facility load L = N − G. Both are optional because a dataset need not have
    /// both meters, and a profile of another slot length than the results' is not drawn.
    public struct Meters: Sendable {
        /// The retail master meter's net import (delivered − received), µkW per slot.
        public var siteNet: DayProfiles?
        /// The storage meter's output (received − delivered, discharge positive: −G in the seed's terms).
        public var storageOutput: DayProfiles?

        public init(siteNet: DayProfiles? = nil, storageOutput: DayProfiles? = nil) {
            self.siteNet = siteNet
            self.storageOutput = storageOutput
        }
    }

    /// Renders the page for the results of one method on one site.
    ///
    /// - Parameters:
    ///   - results: one per dispatch event, as ``DatasetBaselines/run(_:method:quantity:)`` returns them.
    ///   - quantity: what the baselines are of; it decides what "performance" means (load reduction or
    ///     output above the typical output), exactly as in ``BaselineOutput``.
    ///   - zone: the IANA zone the slots are local to, shown with every time.
    ///   - meters: extra meter lines for the chart (device output: N and L; site load: L).
    public static func html(
        results: [BaselineResult], quantity: BaselineQuantity, siteName: String, method: String, zone: String,
        meters: Meters? = nil
    ) -> String {
        var h = HTMLBuffer()
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        h.raw("<meta name=\"generator\" content=\"GridSettle BaselineReport\">")
        h.element("title", nil, "Baselines \(siteName) — \(method) — \(quantity.rawValue)")
        h.raw("<style>\(ReportStyle.css)\n\(css)</style></head><body><main>")

        h.open("header", "report-header")
        h.raw("<div class=\"eyebrow\">GridSettle · demand-response baselines</div>")
        h.raw("<div class=\"title-row\"><h1>\(HTML.escape(siteName))</h1></div>")
        h.raw("<dl class=\"meta\">")
        func meta(_ k: String, _ v: String) { h.raw("<div><dt>\(HTML.escape(k))</dt><dd>\(HTML.escape(v))</dd></div>") }
        meta("Method", method)
        meta("Quantity", quantity == .deviceOutput
             ? "\(quantity.rawValue): storage meter output, discharge positive (MGO, seed 002)"
             : "\(quantity.rawValue): retail master meter net import")
        meta("Time zone", "\(zone) — all times are local clock time")
        meta("Events", "\(results.count) dispatch event(s)")
        if let first = results.first { meta("Slots", "\(first.slotMinutes) minutes") }
        let total = results.reduce(Int64(0)) { $0 + $1.performanceMicroKWh(quantity) }
        meta("Total performance", "\(kWh(total)) kWh")
        h.raw("</dl>")
        h.close("header")

        if results.count > 1 {
            h.raw("<nav class=\"toc\">")
            for (i, r) in results.enumerated() {
                h.raw("<a href=\"#event-\(i + 1)\">\(HTML.escape("\(r.eventDay) \(window(r))"))</a>")
            }
            h.raw("</nav>")
        }
        if results.isEmpty { h.raw("<p class=\"muted\">No dispatch events: nothing to show.</p>") }
        for (i, r) in results.enumerated() { h.raw(event(r, index: i + 1, quantity: quantity, zone: zone, meters: meters)) }

        h.raw("<footer>GridSettle baseline report · \(HTML.escape(method)) · \(HTML.escape(quantity.rawValue)) · \(HTML.escape(zone)). ")
        h.raw("The chart is for orientation; the CSV files baseline-METHOD.csv and baseline-METHOD-days.csv are the audit record.</footer>")
        h.raw("</main></body></html>\n")
        return h.text
    }

    /// One event's section: heading, headline figures, fallback and notes, chart, adjustment, slots, days.
    static func event(_ r: BaselineResult, index: Int, quantity: BaselineQuantity, zone: String, meters: Meters?) -> String {
        var h = HTMLBuffer()
        h.open("section", "event", id: "event-\(index)")
        h.element("h2", nil, "Event \(r.eventDay) \(SlotClock.weekdayNames[r.eventDay.weekday]) \(window(r)) (\(zone)) · method \(r.method)")
        let perf = r.performance(quantity)
        let used = r.days.filter { $0.rank != nil }.count

        h.raw("<div class=\"kpis\">")
        kpi(&h, "Event performance", "\(kWh(r.performanceMicroKWh(quantity))) kWh",
            quantity == .deviceOutput ? "output above the typical output" : "adjusted baseline − actual")
        kpi(&h, "Days averaged", "\(used)", "of \(r.days.count) day(s) looked at")
        kpi(&h, "Adjustment", adjustmentHeadline(r.adjustment), r.adjustment.capped ? "capped" : "not capped")
        h.raw("</div>")

        var remarks: [String] = []
        if let f = r.fallback { remarks.append("Fallback: \(f)") }
        remarks += r.notes.map { "Note: \($0)" }
        if perf.contains(where: { $0 == nil }) {
            remarks.append("Note: \(perf.filter { $0 == nil }.count) event slot(s) without performance count 0 in the event total.")
        }
        if !remarks.isEmpty {
            h.raw("<div class=\"reasons\"><ul>")
            for rm in remarks { h.element("li", nil, rm) }
            h.raw("</ul></div>")
        }

        h.raw(BaselineChart.render(r, quantity: quantity, meters: meters, id: "event-\(index)-chart", zone: zone))

        h.element("h3", nil, "Adjustment")
        h.raw(adjustmentTable(r))

        h.element("h3", nil, "Event slots")
        var slots = Table([
            Table.Column("Slot (local)"), Table.Column("Actual kW", numeric: true), Table.Column("Baseline kW", numeric: true),
            Table.Column("Adjusted kW", numeric: true), Table.Column("Performance kW", numeric: true),
        ], cls: "data compact")
        for (i, k) in r.eventSlots.enumerated() {
            slots.add([.text(clock(k, r.slotMinutes)), num(r.actual[k]), num(r.unadjusted[k]), num(r.adjusted[k]), num(perf[i])])
        }
        slots.footer.append([.text("Event performance").spanning(4), .num("\(kWh(r.performanceMicroKWh(quantity))) kWh")])
        h.raw(slots.render())

        h.element("h3", nil, "Days looked at")
        h.raw("<p class=\"muted\">Every day the method looked at, most recent first, with its decision. Event-window kW is the day's mean over the event's slots.</p>")
        h.raw(daysTable(r))
        h.close("section")
        return h.text
    }

    static func kpi(_ h: inout HTMLBuffer, _ label: String, _ value: String, _ note: String) {
        h.raw("<div class=\"kpi\"><div class=\"kpi-label\">\(HTML.escape(label))</div><div class=\"kpi-value\">\(HTML.escape(value))</div>")
        h.raw("<div class=\"kpi-note\">\(HTML.escape(note))</div></div>")
    }

    /// Every audited day: date, weekday, decision, rank, reason, event-window kW (the columns of
    /// `baseline-METHOD-days.csv`, the fallback flag folded into the reason).
    static func daysTable(_ r: BaselineResult) -> String {
        var t = Table([
            Table.Column("Date"), Table.Column("Weekday"), Table.Column("Decision"), Table.Column("Rank", numeric: true),
            Table.Column("Reason"), Table.Column("Event-window kW", numeric: true),
        ])
        for d in r.days {
            let reason = [d.rejection?.rawValue, d.addedByFallback ? "added back by the fallback" : nil].compactMap { $0 }.joined(separator: "; ")
            let cls = d.rank != nil ? "row-selected" : (d.rejection == .notLikeDay ? "row-muted" : nil)
            t.add(
                [
                    .text(d.date.description), .text(SlotClock.weekdayNames[d.date.weekday]), .text(d.rank != nil ? "selected" : "rejected"),
                    d.rank.map { .num(String($0)) } ?? .emptyNum, reason.isEmpty ? .empty : .text(reason), num(d.eventWindowKW),
                ], cls: cls)
        }
        return t.render()
    }

    static func adjustmentTable(_ r: BaselineResult) -> String {
        let a = r.adjustment
        var t = Table([Table.Column("Item"), Table.Column("Value")], cls: "data compact")
        t.add([.text("Kind"), .text(a.kind.rawValue)])
        t.add([.text("Window (local)"), a.slots.isEmpty ? .empty : .text(ranges(a.slots, r.slotMinutes))])
        t.add([.text("Σ actual over the window, kW"), num(a.actualSum)])
        t.add([.text("Σ baseline over the window, kW"), num(a.baselineSum)])
        switch a.kind {
        case .none:
            break
        case .multiplicative:
            t.add([.text("Factor, raw"), .num(factor(a.raw))])
            t.add([.text("Factor, applied"), .num(factor(a.applied))])
        case .additive:
            t.add([.text("Offset, raw, kW"), num(a.raw)])
            t.add([.text("Offset, applied, kW"), num(a.applied)])
        }
        t.add([.text("Capped"), .text(a.capped ? "yes" : "no")])
        if let n = a.note { t.add([.text("Note"), .text(n)]) }
        return t.render()
    }

    static func adjustmentHeadline(_ a: BaselineResult.AdjustmentAudit) -> String {
        switch a.kind {
        case .none: return "none"
        case .multiplicative: return "× \(factor(a.applied))"
        case .additive: return "\(a.applied >= 0 ? "+" : "")\(kW(a.applied)) kW"
        }
    }

    // MARK: numbers and clock, as BaselineOutput prints them

    static func kW(_ v: Int64) -> String { FixedPointFormat.decimal(v, scale: 6, fractionDigits: 6) }
    /// µkWh as kWh with three decimals, the text summary's format.
    static func kWh(_ v: Int64) -> String { FixedPointFormat.decimal(v, scale: 6, fractionDigits: 3) }
    /// A ppm factor with six decimals.
    static func factor(_ ppm: Int64) -> String { FixedPointFormat.decimal(ppm, scale: 6, fractionDigits: 6) }
    /// A kW cell; a missing value is a dash, never "0".
    static func num(_ v: Int64?) -> Cell { v.map { .num(kW($0)) } ?? .emptyNum }

    static func clock(_ k: Int, _ minutes: Int) -> String { SlotClock.label(k, minutes: minutes) }

    /// The event window as "13:00–16:00".
    static func window(_ r: BaselineResult) -> String {
        "\(clock(r.eventSlots.lowerBound, r.slotMinutes))–\(clock(r.eventSlots.upperBound, r.slotMinutes))"
    }

    static func ranges(_ slots: [Int], _ minutes: Int) -> String { SlotClock.ranges(slots, minutes: minutes) }

    /// Styles for what only this page draws; the rest is the settlement report's stylesheet, so both
    /// pages look alike.
    static let css = """
        svg .event-window{fill:#cfe2f7;fill-opacity:.75}
        svg .adj-window{fill:#f0a020;fill-opacity:.8}
        svg line.s-actual,svg line.s-performance,svg line.s-site,svg line.s-facility{fill:none;stroke-linecap:round}
        svg .s-actual{stroke:#1d2733;stroke-width:1.6}
        svg .s-performance{stroke:#2f9e44;stroke-width:2.4}
        svg .s-site{stroke:#1f4e79;stroke-width:1.2;stroke-dasharray:5 3}
        svg .s-facility{stroke:#7c3aed;stroke-width:1.2}
        tr.row-selected td{background:#eef8f0}
        tr.row-muted td{color:var(--muted)}
        section.event{break-before:auto}
        """
}
