import GridSettleCore

/// The event day of one demand-response baseline as a chart, in the style of seed 002's slide "MGO
/// Hour-Specific Adjustment Method": over the day's local clock slots it draws what was metered, the
/// baseline before and after the same-day adjustment and the performance inside the event, with the event
/// window shaded. For a device-output (MGO) baseline it can add the site meter N and the facility load
/// L = N − G, so a reader sees the battery's output against the load it serves, as the seed does.
///
/// The x axis is slot positions, not instants: ``DayProfiles`` puts values at wall-clock positions (on a
/// DST day the skipped hour is a gap and the repeated hour is averaged), so a time axis of instants would
/// misplace them. A day has at most 288 slots, about 3.5 px each, so every slot is drawn — no
/// downsampling, unlike the month-long charts.
enum BaselineChart {
    /// One line of the chart: µkW per slot of the event day; nil is a gap in the line, never a zero.
    struct Series {
        var cls: String
        var label: String
        var values: [Int64?]
    }

    /// The series to draw, in drawing order (the performance last, on top).
    ///
    /// `meters` must be cut into the result's slots; profiles of another slot length are ignored rather
    /// than misaligned. Device output: N is drawn from `siteNet`, and L = N − G = N + output, with the output
    /// from `storageOutput` (or, lacking it, the result's own actual, which is that output). Site load: the
    /// actual line already is N, so only L is added when `storageOutput` is given.
    static func series(_ r: BaselineResult, quantity: BaselineQuantity, meters: BaselineReport.Meters?) -> [Series] {
        let n = r.actual.count
        func day(_ p: DayProfiles?) -> [Int64?]? {
            guard let p, p.slotMinutes == r.slotMinutes, p.slotsPerDay == n else { return nil }
            return p.profile(r.eventDay) ?? [Int64?](repeating: nil, count: n)
        }
        let device = quantity == .deviceOutput
        var out: [Series] = []
        let siteNet = device ? day(meters?.siteNet) : r.actual
        let output = day(meters?.storageOutput) ?? (device ? r.actual : nil)
        if device, let siteNet {
            out.append(Series(cls: "s-site", label: "site meter N, kW", values: siteNet))
        }
        if let siteNet, let output {
            let load = (0..<n).map { k in siteNet[k].flatMap { a in output[k].map { a + $0 } } }
            out.append(Series(cls: "s-facility", label: "facility load L = N − G, kW", values: load))
        }
        out.append(Series(cls: "s-actual", label: device ? "storage output −G (discharge +), kW" : "site load (net import), kW", values: r.actual))
        out.append(Series(cls: "s-unadjusted", label: device ? "typical output G_TYPICAL, unadjusted, kW" : "baseline, unadjusted, kW", values: r.unadjusted))
        out.append(Series(cls: "s-adjusted", label: device ? "typical output with the adjustment, kW" : "baseline with the adjustment, kW", values: r.adjusted))
        var perf = [Int64?](repeating: nil, count: n)
        for (i, v) in r.performance(quantity).enumerated() where r.eventSlots.lowerBound + i < n {
            perf[r.eventSlots.lowerBound + i] = v
        }
        out.append(Series(cls: "s-performance", label: device ? "performance P = output − typical, kW" : "load reduction (baseline − actual), kW", values: perf))
        return out
    }

    /// The x position of the start of slot `k` of `n` across the plot.
    static func slotX(_ k: Int, of n: Int) -> Double {
        ChartFrame.left + Double(k) / Double(max(1, n)) * (ChartFrame.right - ChartFrame.left)
    }

    /// Polylines of a slot series, one per run of slots with a value: a missing slot ends a line so a gap is
    /// seen as a gap. Each slot is a point at its centre; a run of one slot becomes a level stroke across
    /// its own width (as ``Downsample/envelope(_:axis:y:)`` does), since a single point would not show.
    static func segments(_ values: [Int64?], y: LinearScale) -> [[ChartPoint]] {
        let n = values.count
        var out: [[ChartPoint]] = []
        var k = 0
        while k < n {
            guard values[k] != nil else {
                k += 1
                continue
            }
            var j = k
            while j < n, values[j] != nil { j += 1 }
            if j - k == 1 {
                let v = y(kW(values[k]!))
                out.append([ChartPoint(x: slotX(k, of: n), y: v), ChartPoint(x: slotX(k + 1, of: n), y: v)])
            } else {
                out.append((k..<j).map { ChartPoint(x: (slotX($0, of: n) + slotX($0 + 1, of: n)) / 2, y: y(kW(values[$0]!))) })
            }
            k = j
        }
        return out
    }

    static func kW(_ microKW: Int64) -> Double { Double(microKW) / 1e6 }

    /// The chart's `<figure>`; `id` makes the SVG ids unique when a page holds several events.
    static func render(_ r: BaselineResult, quantity: BaselineQuantity, meters: BaselineReport.Meters?, id: String, zone: String) -> String {
        let all = series(r, quantity: quantity, meters: meters)
        let n = r.actual.count
        let x0 = ChartFrame.left
        let x1 = ChartFrame.right
        let window = BaselineReport.window(r)

        var lo = 0.0
        var hi = 0.0
        for s in all {
            for case let v? in s.values {
                lo = min(lo, kW(v))
                hi = max(hi, kW(v))
            }
        }
        let ticks = NiceTicks(lo: lo, hi: hi, target: 6)
        var svg = SVGCanvas(width: ChartFrame.width, height: 0)
        var items = all.map { LegendItem(kind: .line, cls: $0.cls, label: $0.label) }
        items.append(LegendItem(kind: .box, cls: "event-window", label: "event window \(window)"))
        if !r.adjustment.slots.isEmpty && r.adjustment.kind != .none {
            items.append(LegendItem(kind: .band, cls: "adj-window", label: "adjustment window"))
        }
        let legendBottom = svg.legend(items, x: x0, y: ChartFrame.legendY)
        let plotTop = legendBottom + 20
        let plotBottom = plotTop + 280
        let strip = plotBottom + 12  // below the lowest y tick label
        let labelY = strip + 22
        svg.height = labelY + 14
        let y = LinearScale(domain: (ticks.lo, ticks.hi), range: (plotBottom, plotTop))

        svg.raw("<g class=\"bg\">")
        let ex0 = slotX(r.eventSlots.lowerBound, of: n)
        let ex1 = slotX(r.eventSlots.upperBound, of: n)
        svg.rect(x: ex0, y: plotTop, w: ex1 - ex0, h: plotBottom - plotTop, cls: "event-window", title: "event window \(window)")
        // hour ticks every two hours, as on the seed's slide
        let perHour = max(1, 60 / max(1, r.slotMinutes))
        for h in stride(from: 0, to: n / perHour, by: 2) {
            let hx = slotX(h * perHour, of: n)
            svg.line(hx, plotTop, hx, plotBottom + 4, cls: h == 0 ? "axis" : "grid-day")
            svg.text(hx, labelY, "\(ReportFormat.pad2(h)):00", cls: "tick", anchor: .middle)
        }
        svg.line(x1, plotTop, x1, plotBottom + 4, cls: "axis")
        svg.raw("</g>")
        drawYAxis(on: &svg, ticks: ticks, scale: y, x0: x0, x1: x1, title: "Power, kW (average per \(r.slotMinutes)-min slot)")

        // the adjustment window, in a strip under the plot so it never hides a line
        svg.text(x0 - 6, strip + 6, "adj. window", cls: "strip-label", anchor: .end)
        svg.rect(x: x0, y: strip, w: x1 - x0, h: 6, cls: "strip-bg")
        if r.adjustment.kind != .none {
            for run in SlotClock.runs(r.adjustment.slots) {
                let ax0 = slotX(run.lowerBound, of: n)
                svg.rect(x: ax0, y: strip, w: slotX(run.upperBound, of: n) - ax0, h: 6, cls: "adj-window",
                         title: "adjustment window \(BaselineReport.clock(run.lowerBound, r.slotMinutes))–\(BaselineReport.clock(run.upperBound, r.slotMinutes))")
            }
        }

        svg.raw("<g class=\"series\">")
        for s in all {
            for seg in segments(s.values, y: y) { svg.polyline(seg, cls: s.cls) }
        }
        svg.raw("</g>")

        let title = "Event day \(r.eventDay): metered, baseline and performance"
        let desc = "\(r.slotMinutes)-minute slots of \(r.eventDay) in \(zone) local time; event window \(window); "
            + "lines: " + all.map(\.label).joined(separator: "; ") + "."
        let caption = "Each point is a slot's average kW at the slot's centre, in \(HTML.escape(zone)) local clock time; a line breaks at every slot "
            + "without data (no value is drawn for a gap). Shaded: the event window \(HTML.escape(window)); the strip under the plot marks the "
            + "adjustment window. The performance is drawn inside the event window only."
        return ChartFrame.figure(id: id, title: title, svg: svg.render(id: "chart-\(id)", title: title, description: desc), caption: caption)
    }
}
