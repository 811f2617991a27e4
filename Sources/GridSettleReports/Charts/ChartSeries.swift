import GridSettleCore

/// Interval values prepared for drawing: per interval a value in chart units, or nil for a gap.
struct IntervalValues {
    var grid: IntervalGrid
    var values: [Double?]

    /// Average kW of a series; missing intervals are gaps (never zero-filled).
    static func kW(_ s: ReportFigures.Series) -> IntervalValues {
        let h = Double(s.grid.seconds) / 3600
        return IntervalValues(grid: s.grid, values: (0..<s.grid.count).map { s.quality[$0] == .missing ? nil : Double(s.microKWh[$0]) / 1e6 / h })
    }

    /// Storage meter net power from the ledger, kW, positive = discharge (received − delivered);
    /// intervals flagged missing are gaps.
    static func storageNetKW(_ L: ReportFigures.Storage) -> IntervalValues {
        let h = Double(L.grid.seconds) / 3600
        return IntervalValues(grid: L.grid, values: (0..<L.count).map { L.missing[$0] ? nil : Double(L.netMicroKWh[$0]) / 1e6 / h })
    }

    /// Hourly averages (the grid's intervals divide an hour). An hour with any missing interval is a gap.
    func hourly() -> IntervalValues {
        if grid.seconds >= 3600 { return self }
        let k = Int(3600 / grid.seconds)
        let hours = grid.count / k
        var out = [Double?](repeating: nil, count: hours)
        for h in 0..<hours {
            var sum = 0.0
            var complete = true
            for i in (h * k)..<((h + 1) * k) {
                guard let v = values[i] else {
                    complete = false
                    break
                }
                sum += v
            }
            if complete { out[h] = sum / Double(k) }
        }
        return IntervalValues(grid: IntervalGrid(start: grid.start, seconds: 3600, count: hours), values: out)
    }

    var range: (min: Double, max: Double)? {
        var lo = Double.infinity
        var hi = -Double.infinity
        for case let v? in values {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        return lo <= hi ? (lo, hi) : nil
    }
}

/// Reduces a series to what a screen can show: within each run of data (a gap always ends a run), the
/// intervals falling in one pixel column become their minimum and maximum, in time order. Spikes survive,
/// the point count is bounded by twice the plot width, and no point is ever placed in a gap.
enum Downsample {
    /// Polylines in pixel coordinates, one per run of consecutive non-missing intervals. Every point lies
    /// within the pixel span of the intervals it stands for.
    static func envelope(_ s: IntervalValues, axis: TimeAxis, y: LinearScale) -> [[ChartPoint]] {
        var segments: [[ChartPoint]] = []
        var cur: [ChartPoint] = []
        var segmentIntervals = 0
        var segmentSpan = (x0: 0.0, x1: 0.0, v: 0.0)
        // the current pixel-column group
        var column = Int.min
        var count = 0
        var gx0 = 0.0
        var gx1 = 0.0
        var lo = (i: 0, v: 0.0)
        var hi = (i: 0, v: 0.0)

        func flush() {
            guard count > 0 else { return }
            let cx = (gx0 + gx1) / 2
            if lo.v == hi.v {
                cur.append(ChartPoint(x: cx, y: y(lo.v)))
            } else if lo.i <= hi.i {
                cur.append(ChartPoint(x: cx, y: y(lo.v)))
                cur.append(ChartPoint(x: cx, y: y(hi.v)))
            } else {
                cur.append(ChartPoint(x: cx, y: y(hi.v)))
                cur.append(ChartPoint(x: cx, y: y(lo.v)))
            }
            count = 0
        }
        func endSegment() {
            flush()
            column = Int.min
            if segmentIntervals == 1 {
                // a lone interval between gaps: a short level stroke across its own width
                cur = [ChartPoint(x: segmentSpan.x0, y: y(segmentSpan.v)), ChartPoint(x: segmentSpan.x1, y: y(segmentSpan.v))]
            }
            if !cur.isEmpty { segments.append(cur) }
            cur = []
            segmentIntervals = 0
        }

        for i in 0..<s.values.count {
            guard let v = s.values[i] else {
                endSegment()
                continue
            }
            let t = s.grid.startOf(i)
            let xs = axis.x(t)
            let xe = axis.x(t.adding(seconds: s.grid.seconds))
            let c = Int(((xs + xe) / 2).rounded(.down))
            if c != column {
                flush()
                column = c
            }
            if count == 0 {
                gx0 = xs
                lo = (i, v)
                hi = (i, v)
            } else {
                if v < lo.v { lo = (i, v) }
                if v > hi.v { hi = (i, v) }
            }
            gx1 = xe
            count += 1
            if segmentIntervals == 0 { segmentSpan = (xs, xe, v) }
            segmentIntervals += 1
        }
        endSegment()
        return segments
    }

    /// Runs of consecutive intervals satisfying `predicate`, as pixel spans `[x0, x1)`; spans closer than
    /// `mergeBelow` pixels are merged so a month of short periods stays a handful of rectangles.
    static func spans(count: Int, grid: IntervalGrid, axis: TimeAxis, mergeBelow: Double = 0.6, _ predicate: (Int) -> Bool) -> [(x0: Double, x1: Double, intervals: Int)] {
        var out: [(Double, Double, Int)] = []
        var i = 0
        while i < count {
            guard predicate(i) else {
                i += 1
                continue
            }
            var j = i
            while j < count && predicate(j) { j += 1 }
            let x0 = axis.x(grid.startOf(i))
            let x1 = axis.x(grid.startOf(j))
            if let last = out.last, x0 - last.1 < mergeBelow {
                out[out.count - 1] = (last.0, x1, last.2 + (j - i))
            } else {
                out.append((x0, x1, j - i))
            }
            i = j
        }
        return out
    }
}
