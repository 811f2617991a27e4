import GridSettleCore

/// "Add-back": the retail billed net import with and without the dual-use adjustment (hourly), and the
/// energy added back (and backed out, symmetric policy) per hour as bars.
enum AddBackChart {
    static let id = "addback"
    static let title = "Add-back: retail billed net import with and without the adjustment"

    static func render(_ f: ReportFigures) -> String {
        let axis = ChartFrame.timeAxis(f)
        let L = f.storage
        let unadjusted = IntervalValues.kW(f.unadjusted).hourly()
        let adjusted = IntervalValues.kW(f.adjusted).hourly()

        // add-back and back-out per hour, kWh (µkWh summed exactly, converted once)
        let hours = Int((axis.end.secondsSinceEpoch - axis.start.secondsSinceEpoch) / 3600)
        var addPerHour = [Int64](repeating: 0, count: max(0, hours))
        var backPerHour = [Int64](repeating: 0, count: max(0, hours))
        for i in 0..<L.count where L.addBack[i] != 0 || L.backOut[i] != 0 {
            let h = Int((L.grid.startOf(i).secondsSinceEpoch - axis.start.secondsSinceEpoch) / 3600)
            guard h >= 0 && h < hours else { continue }
            addPerHour[h] += L.addBack[i]
            backPerHour[h] += L.backOut[i]
        }
        let totals = (addBack: L.addBackTotal, backOut: L.backOutTotal)

        var lo = 0.0
        var hi = 0.0
        for s in [unadjusted, adjusted] {
            if let rg = s.range {
                lo = min(lo, rg.min)
                hi = max(hi, rg.max)
            }
        }
        let topTicks = NiceTicks(lo: lo, hi: hi, target: 5)
        var svg = SVGCanvas(width: ChartFrame.width, height: 0)
        var items = [
            LegendItem(kind: .line, cls: "s-unadjusted", label: "billed net import as metered (kWh/h)"),
            LegendItem(kind: .line, cls: "s-adjusted", label: "billed net import with adjustment (kWh/h)"),
            LegendItem(kind: .box, cls: "bar-addback", label: "add-back (kWh per hour)"),
        ]
        if totals.backOut != 0 || f.symmetricAdjustment {
            items.append(LegendItem(kind: .box, cls: "bar-backout", label: "back-out (kWh per hour)"))
        }
        items.append(LegendItem(kind: .box, cls: "award", label: "CAISO award period"))
        let legendBottom = svg.legend(items, x: axis.x0, y: ChartFrame.legendY)
        let topY0 = legendBottom + 20
        let topY1 = topY0 + 190
        let yTop = LinearScale(domain: (topTicks.lo, topTicks.hi), range: (topY1, topY0))
        let barMax = Double(addPerHour.max() ?? 0) / 1e6
        let barMin = -Double(backPerHour.max() ?? 0) / 1e6
        let barTicks = NiceTicks(lo: min(0, barMin), hi: max(barMax, 0.001), target: 3)
        let botY0 = topY1 + 32
        let botY1 = botY0 + 110
        let yBot = LinearScale(domain: (barTicks.lo, barTicks.hi), range: (botY1, botY0))
        let labelY = botY1 + 18
        let hoursShown = (axis.x1 - axis.x0) / Double(max(1, axis.days.count)) >= 120
        svg.height = labelY + (hoursShown ? 36 : 24)

        svg.raw("<g class=\"bg\">")
        axis.draw(on: &svg, yTop: topY0, yBottom: botY1, labelY: labelY)
        for s in Downsample.spans(count: L.count, grid: L.grid, axis: axis, { L.award[$0] }) {
            svg.rect(x: s.x0, y: topY0, w: s.x1 - s.x0, h: topY1 - topY0, cls: "award")
            svg.rect(x: s.x0, y: botY0, w: s.x1 - s.x0, h: botY1 - botY0, cls: "award")
        }
        svg.raw("</g>")
        drawYAxis(on: &svg, ticks: topTicks, scale: yTop, x0: axis.x0, x1: axis.x1, title: "Net import, kWh per hour")
        drawYAxis(on: &svg, ticks: barTicks, scale: yBot, x0: axis.x0, x1: axis.x1, title: "kWh per hour")
        svg.line(axis.x0, topY1, axis.x1, topY1, cls: "axis")
        svg.line(axis.x0, botY1, axis.x1, botY1, cls: "axis")

        svg.raw("<g class=\"series\">")
        for seg in Downsample.envelope(unadjusted, axis: axis, y: yTop) { svg.polyline(seg, cls: "s-unadjusted") }
        for seg in Downsample.envelope(adjusted, axis: axis, y: yTop) { svg.polyline(seg, cls: "s-adjusted") }
        svg.raw("</g><g class=\"bars\">")
        let pxHour = 3600 * axis.pixelsPerSecond
        let w = max(0.8, pxHour * 0.8)
        let zero = yBot(0)
        for h in 0..<hours {
            let x = axis.x0 + Double(h) * pxHour + (pxHour - w) / 2
            if addPerHour[h] != 0 {
                svg.rect(x: x, y: zero, w: w, h: yBot(Double(addPerHour[h]) / 1e6) - zero, cls: "bar-addback")
            }
            if backPerHour[h] != 0 {
                svg.rect(x: x, y: zero, w: w, h: yBot(-Double(backPerHour[h]) / 1e6) - zero, cls: "bar-backout")
            }
        }
        svg.raw("</g>")

        svg.text(axis.x1, botY0 - 6, "add-back total \(ReportFormat.kWh(totals.addBack)) kWh"
                 + (totals.backOut != 0 ? ", back-out total \(ReportFormat.kWh(totals.backOut)) kWh" : ""), cls: "note", anchor: .end)

        let desc = "Hourly billed net import at the master meter as metered and with the dual-use adjustment; add-back total \(ReportFormat.kWh(totals.addBack)) kWh, back-out total \(ReportFormat.kWh(totals.backOut)) kWh."
        let caption = "Top: billed net import per hour (an hour with any missing interval is left blank). Bottom: energy added back to the retail bill "
            + "(award-period discharge, rule \(f.symmetricAdjustment ? "F3.11" : "F3.10"))"
            + (f.symmetricAdjustment ? " upwards and award-period charging backed out downwards" : "")
            + ". Totals: add-back \(ReportFormat.kWh(totals.addBack)) kWh, back-out \(ReportFormat.kWh(totals.backOut)) kWh."
        return ChartFrame.figure(id: id, title: title, svg: svg.render(id: "chart-addback", title: title, description: desc), caption: caption)
    }
}
