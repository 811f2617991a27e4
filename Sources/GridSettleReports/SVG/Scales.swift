import GridSettleCore

/// A linear map from data values to pixels.
struct LinearScale {
    var domain: (Double, Double)
    var range: (Double, Double)

    func callAsFunction(_ v: Double) -> Double {
        let d = domain.1 - domain.0
        guard d != 0 else { return (range.0 + range.1) / 2 }
        return range.0 + (v - domain.0) / d * (range.1 - range.0)
    }
}

/// "Nice" axis ticks (1, 2, 2.5, 5 × 10ⁿ) covering a data range, with labels formatted in fixed point.
struct NiceTicks {
    var lo: Double
    var hi: Double
    var step: Double
    var values: [Double]
    /// Decimals needed to print the step exactly.
    var digits: Int

    init(lo dataLo: Double, hi dataHi: Double, target: Int = 5) {
        var a = dataLo.isFinite ? dataLo : 0
        var b = dataHi.isFinite ? dataHi : 0
        if a > b { swap(&a, &b) }
        if a == b {
            let pad = a == 0 ? 1 : abs(a) * 0.1
            a -= pad
            b += pad
        }
        let raw = (b - a) / Double(max(1, target))
        var mag = 1.0
        while mag * 10 <= raw { mag *= 10 }
        while mag > raw { mag /= 10 }
        var step = mag * 10
        for m in [1.0, 2.0, 2.5, 5.0] where mag * m >= raw {
            step = mag * m
            break
        }
        self.step = step
        var d = 0
        var scaled = step
        while d < 6 && abs(scaled - scaled.rounded()) > 1e-9 * max(1, abs(scaled)) {
            scaled *= 10
            d += 1
        }
        self.digits = d
        lo = (a / step).rounded(.down) * step
        hi = (b / step).rounded(.up) * step
        // counted, not stepped: far from zero a tick index beyond 2⁵³ no longer changes by adding 1
        let first = (a / step).rounded(.down)
        let span = ((b / step).rounded(.up) - first).rounded()
        let ticks = span.isFinite && span >= 0 ? Int(min(span, 999)) + 1 : 1
        values = (0..<ticks).map { (first + Double($0)) * step }
    }

    /// A tick label in fixed point, e.g. "-250", "0.5", "1.25"; a value beyond what micro-units in 64 bits hold
    /// (only damaged figures have one) in floating point instead of a trap.
    func label(_ v: Double) -> String {
        guard let micro = Int64(exactly: (v * 1_000_000).rounded()) else { return v.description }
        return FixedPointFormat.decimal(micro, scale: 6, fractionDigits: min(6, digits))
    }
}

/// The x axis of a period in the market's local time: UTC seconds → pixels, with local-midnight ticks.
struct TimeAxis {
    var start: Instant
    var end: Instant
    var period: SettlementPeriod
    var zone: MarketTimeZone
    var x0: Double
    var x1: Double

    func x(_ t: Instant) -> Double {
        let span = Double(end.secondsSinceEpoch - start.secondsSinceEpoch)
        guard span > 0 else { return x0 }
        return x0 + Double(t.secondsSinceEpoch - start.secondsSinceEpoch) / span * (x1 - x0)
    }

    var pixelsPerSecond: Double {
        let span = Double(end.secondsSinceEpoch - start.secondsSinceEpoch)
        return span > 0 ? (x1 - x0) / span : 0
    }

    /// Local days of the period with their UTC bounds.
    var days: [(date: LocalDate, start: Instant, end: Instant)] {
        var out: [(LocalDate, Instant, Instant)] = []
        var d = period.start
        while d < period.end {
            let b = zone.dayBounds(d)
            out.append((d, b.start, b.end))
            d = d.adding(days: 1)
        }
        return out
    }

    /// Draws the day grid lines over `[yTop, yBottom]` and day labels below `yBottom`.
    func draw(on svg: inout SVGCanvas, yTop: Double, yBottom: Double, labelY: Double) {
        let ds = days
        guard !ds.isEmpty else { return }
        let dayWidth = (x1 - x0) / Double(ds.count)
        let every = max(1, Int((26 / max(dayWidth, 0.1)).rounded(.up)))
        let showWeekday = dayWidth >= 34
        let showHours = dayWidth >= 120
        for (i, d) in ds.enumerated() {
            let xs = x(d.start)
            let xe = x(d.end)
            if d.date.isWeekend { svg.rect(x: xs, y: yTop, w: xe - xs, h: yBottom - yTop, cls: "weekend") }
            svg.line(xs, yTop, xs, yBottom + 4, cls: i == 0 ? "axis" : "grid-day")
            if showHours {
                var h = d.start.adding(seconds: 6 * 3600)
                while h < d.end {
                    let hx = x(h)
                    svg.line(hx, yBottom, hx, yBottom + 3, cls: "axis")
                    svg.text(hx, labelY, ReportFormat.pad2(zone.localTime(h).hour) + ":00", cls: "tick-minor", anchor: .middle)
                    h = h.adding(seconds: 6 * 3600)
                }
            }
            if i % every == 0 {
                let mid = (xs + xe) / 2
                let label = showWeekday
                    ? "\(ReportFormat.weekdayAbbrev[d.date.weekday]) \(d.date.day)" : String(d.date.day)
                svg.text(showHours ? xs + 3 : mid, labelY + (showHours ? 13 : 0), label, cls: "tick", anchor: showHours ? .start : .middle)
            }
            if i == 0 || d.date.day == 1 {
                svg.text(xs + 2, labelY + (showHours ? 26 : 14), "\(ReportFormat.monthAbbrev[d.date.month - 1]) \(d.date.year)", cls: "tick-month")
            }
        }
        svg.line(x1, yTop, x1, yBottom + 4, cls: "axis")
    }
}

/// Draws a y axis with grid lines and labels, and the axis title rotated at the left.
func drawYAxis(on svg: inout SVGCanvas, ticks: NiceTicks, scale: LinearScale, x0: Double, x1: Double, title: String) {
    for v in ticks.values {
        let y = scale(v)
        svg.line(x0, y, x1, y, cls: v == 0 ? "zero" : "grid")
        svg.text(x0 - 6, y + 4, ticks.label(v), cls: "tick", anchor: .end)
    }
    let mid = (scale(ticks.lo) + scale(ticks.hi)) / 2
    svg.text(14, mid, title, cls: "axis-title", anchor: .middle, rotate: -90)
}
