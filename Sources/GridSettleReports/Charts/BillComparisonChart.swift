import GridSettleCore

/// "Bill with and without the adjustment": grouped bars per bill component (energy by TOU period,
/// facility demand, TOU demand, fixed) for the bill as metered and the adjusted bill, plus the totals.
enum BillComparisonChart {
    static let id = "bill"
    static let title = "Bill with and without the adjustment"

    static func render(_ f: ReportFigures) -> String {
        let comps = f.bill
        let x0 = ChartFrame.left
        let x1 = ChartFrame.right
        var svg = SVGCanvas(width: ChartFrame.width, height: 0)
        let legendBottom = svg.legend(
            [
                LegendItem(kind: .box, cls: "bar-metered", label: "as metered (no adjustment)"),
                LegendItem(kind: .box, cls: "bar-adjusted", label: "with dual-use adjustment (billed)"),
            ], x: x0, y: ChartFrame.legendY)
        let plotTop = legendBottom + 36
        let plotBottom = plotTop + 264
        var lo = 0.0
        var hi = 0.0
        for c in comps {
            for m in [c.asMetered, c.adjusted] {
                let v = Double(m.micros) / 1e6
                lo = min(lo, v)
                hi = max(hi, v)
            }
        }
        let ticks = NiceTicks(lo: lo, hi: hi * 1.08, target: 5)
        let y = LinearScale(domain: (ticks.lo, ticks.hi), range: (plotBottom, plotTop))
        svg.height = plotBottom + 74
        drawYAxis(on: &svg, ticks: ticks, scale: y, x0: x0, x1: x1, title: "Amount, $")

        let groupW = (x1 - x0) / Double(max(1, comps.count))
        let barW = min(56, groupW * 0.36)
        let zero = y(0)
        let labelChars = max(8, Int(groupW / 6.4))
        let valueFont = barW >= 46 ? "value" : "value-small"
        for (i, c) in comps.enumerated() {
            let gx = x0 + Double(i) * groupW
            let cx = gx + groupW / 2
            if c.code == "TOTAL" { svg.rect(x: gx + 2, y: plotTop - 14, w: groupW - 4, h: plotBottom - plotTop + 14, cls: "total-bg") }
            for (j, (m, cls)) in [(c.asMetered, "bar-metered"), (c.adjusted, "bar-adjusted")].enumerated() {
                let bx = cx - barW - 2 + Double(j) * (barW + 4)
                let v = Double(m.micros) / 1e6
                let top = y(v)
                svg.rect(x: bx, y: zero, w: barW, h: top - zero, cls: cls,
                         title: "\(c.label) (\(c.code)), \(j == 0 ? "as metered" : "adjusted"): \(ReportFormat.dollars(m))")
                svg.text(bx + barW / 2, v >= 0 ? top - 4 : top + 12, ReportFormat.dollars(m), cls: valueFont, anchor: .middle)
            }
            let delta = c.adjusted - c.asMetered
            let labelLines = SVGCanvas.wrap(c.label, width: labelChars, maxLines: 3)
            svg.textLines(cx, plotBottom + 16, labelLines, cls: c.code == "TOTAL" ? "cat-strong" : "cat", anchor: .middle)
            svg.text(cx, plotBottom + 16 + Double(labelLines.count) * 12 + 2,
                     delta == .zero ? "no change" : "Δ " + ReportFormat.signedDollars(delta),
                     cls: delta == .zero ? "cat-muted" : (delta.micros > 0 ? "delta-up" : "delta-down"), anchor: .middle)
        }
        svg.line(x0, zero, x1, zero, cls: "zero")

        guard let total = comps.last else { return "" }
        let desc = "Retail bill components as metered and adjusted; totals \(ReportFormat.dollars(total.asMetered)) and \(ReportFormat.dollars(total.adjusted))."
        let caption = "Bill as metered <strong>\(HTML.escape(ReportFormat.dollars(total.asMetered)))</strong>, with the adjustment <strong>\(HTML.escape(ReportFormat.dollars(total.adjusted)))</strong>, "
            + "difference <strong>\(HTML.escape(ReportFormat.signedDollars(total.adjusted - total.asMetered)))</strong>"
            + (f.billMonths > 1 ? " over \(f.billMonths) billing months (components summed by code)" : "")
            + (f.addBackDemand ? "." : ". Demand charges are not adjusted under the policy in force (addBackDemand = false).")
        return ChartFrame.figure(id: id, title: title, svg: svg.render(id: "chart-bill", title: title, description: desc), caption: caption)
    }
}
