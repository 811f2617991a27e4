import GridSettleCore

/// "The month's meters": master-meter net import and storage-meter net power over the period, with
/// CAISO award periods shaded, BESS-idle periods and data quality marked in strips under the plot.
enum MetersChart {
    static let id = "meters"
    static let title = "The month's meters"

    static func render(_ f: ReportFigures) -> String {
        let axis = ChartFrame.timeAxis(f)
        let zone = f.zone
        let m1ID = f.masterMeterID
        let m2ID = f.storageMeterID
        let master = IntervalValues.kW(f.unadjusted)
        let storage = IntervalValues.storageNetKW(f.storage)
        let L = f.storage

        var lo = 0.0
        var hi = 0.0
        for s in [master, storage] {
            if let rg = s.range {
                lo = min(lo, rg.min)
                hi = max(hi, rg.max)
            }
        }
        let ticks = NiceTicks(lo: lo, hi: hi, target: 6)
        var svg = SVGCanvas(width: ChartFrame.width, height: 0)
        let legendBottom = svg.legend(
            [
                LegendItem(kind: .line, cls: "s-master", label: "\(m1ID) master meter net import, kW"),
                LegendItem(kind: .line, cls: "s-storage", label: "\(m2ID) storage meter net, discharge +, kW"),
                LegendItem(kind: .box, cls: "award", label: "CAISO award period"),
                LegendItem(kind: .band, cls: "idle", label: "BESS idle"),
                LegendItem(kind: .band, cls: "est", label: "estimated"),
                LegendItem(kind: .band, cls: "edit", label: "edited"),
                LegendItem(kind: .band, cls: "miss", label: "missing"),
            ], x: axis.x0, y: ChartFrame.legendY)
        let plotTop = legendBottom + 20
        let plotBottom = plotTop + 260
        let y = LinearScale(domain: (ticks.lo, ticks.hi), range: (plotBottom, plotTop))
        let stripIdle = plotBottom + 6
        let stripM1 = stripIdle + 12
        let stripM2 = stripM1 + 12
        let labelY = stripM2 + 22
        let hoursShown = (axis.x1 - axis.x0) / Double(max(1, axis.days.count)) >= 120
        svg.height = labelY + (hoursShown ? 36 : 24)

        // backgrounds: award periods over the whole plot, then missing data
        let awards = Downsample.spans(count: L.count, grid: L.grid, axis: axis) { L.award[$0] }
        let m1Missing = Downsample.spans(count: f.unadjusted.grid.count, grid: f.unadjusted.grid, axis: axis, mergeBelow: 0) {
            f.unadjusted.quality[$0] == .missing
        }
        let m2Quality = L.quality
        let m2Missing = Downsample.spans(count: L.count, grid: L.grid, axis: axis, mergeBelow: 0) { m2Quality[$0] == .missing }
        svg.raw("<g class=\"bg\">")
        axis.draw(on: &svg, yTop: plotTop, yBottom: plotBottom, labelY: labelY)
        for s in awards { svg.rect(x: s.x0, y: plotTop, w: s.x1 - s.x0, h: plotBottom - plotTop, cls: "award") }
        for s in m1Missing + m2Missing { svg.rect(x: s.x0, y: plotTop, w: max(0.6, s.x1 - s.x0), h: plotBottom - plotTop, cls: "gap") }
        svg.raw("</g>")
        drawYAxis(on: &svg, ticks: ticks, scale: y, x0: axis.x0, x1: axis.x1, title: "Power, kW (average per interval)")

        // strips: idle, then data quality per meter
        svg.text(axis.x0 - 6, stripIdle + 6, "BESS idle", cls: "strip-label", anchor: .end)
        svg.text(axis.x0 - 6, stripM1 + 6, "\(m1ID) data", cls: "strip-label", anchor: .end)
        svg.text(axis.x0 - 6, stripM2 + 6, "\(m2ID) data", cls: "strip-label", anchor: .end)
        for y0 in [stripIdle, stripM1, stripM2] { svg.rect(x: axis.x0, y: y0, w: axis.x1 - axis.x0, h: 6, cls: "strip-bg") }
        for s in Downsample.spans(count: L.count, grid: L.grid, axis: axis, { L.idle[$0] }) {
            svg.rect(x: s.x0, y: stripIdle, w: max(0.6, s.x1 - s.x0), h: 6, cls: "idle")
        }
        let q1 = f.unadjusted.quality
        for (quality, cls) in [(DataQuality.edited, "edit"), (.estimated, "est"), (.missing, "miss")] {
            for s in Downsample.spans(count: q1.count, grid: f.unadjusted.grid, axis: axis, mergeBelow: 0, { q1[$0] == quality }) {
                svg.rect(x: s.x0, y: stripM1, w: max(0.8, s.x1 - s.x0), h: 6, cls: cls, title: "\(m1ID): \(s.intervals) interval(s) \(quality)")
            }
            for s in Downsample.spans(count: L.count, grid: L.grid, axis: axis, mergeBelow: 0, { m2Quality[$0] == quality }) {
                svg.rect(x: s.x0, y: stripM2, w: max(0.8, s.x1 - s.x0), h: 6, cls: cls, title: "\(m2ID): \(s.intervals) interval(s) \(quality)")
            }
        }

        // the series
        svg.raw("<g class=\"series\">")
        for seg in Downsample.envelope(master, axis: axis, y: y) { svg.polyline(seg, cls: "s-master") }
        for seg in Downsample.envelope(storage, axis: axis, y: y) { svg.polyline(seg, cls: "s-storage") }
        svg.raw("</g>")


        let m1Min = f.unadjusted.grid.seconds / 60
        let m2Min = L.grid.seconds / 60
        let awardCount = L.award.reduce(0) { $0 + ($1 ? 1 : 0) }
        let idleCount = L.idle.reduce(0) { $0 + ($1 ? 1 : 0) }
        let desc = "\(m1ID) net import (\(m1Min)-minute intervals) and \(m2ID) net power (\(m2Min)-minute intervals) in \(zone.identifier) local time, "
            + "\(awardCount) storage interval(s) in award periods, \(idleCount) BESS idle."
        let caption = "Each line is drawn as the minimum and maximum of the intervals in each pixel column, so short regulation swings stay visible; "
            + "a line breaks at every missing interval (no value is drawn for a gap). Shaded: CAISO award periods (\(ReportFormat.count(awardCount)) \(m2Min)-min intervals); "
            + "strip “BESS idle”: \(ReportFormat.count(idleCount)) intervals. Times are \(HTML.escape(zone.identifier)) local; weekends have a grey background."
        return ChartFrame.figure(id: id, title: title, svg: svg.render(id: "chart-meters", title: title, description: desc), caption: caption)
    }
}
