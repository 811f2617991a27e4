/// The fast path of the bill pass: one whole, regular (24-hour) day of a plain net-import bill, every
/// interval inside the series. It takes consecutive hours of the same periods as one block, with no time-zone
/// arithmetic and no division per interval or window. `BillCalculator.determinants` sends every other day
/// (DST days, partial days, generation, storage, wholesale, hourly netting, coincident hours) through the
/// general path, and a test checks that the two give identical determinants.

/// The fixed shape of an hour on the fast path.
struct RegularHourLayout {
    let step: Int64
    let windowSeconds: Int64
    let perHour: Int
    let windowsPerHour: Int
    let windowLength: Int
    /// µkW per µkWh of a whole demand window: 3600 / window seconds, an integer on the fast path.
    let kWPerWindowEnergy: Int64
    let creditExports: Bool

    init(step: Int64, windowSeconds: Int64, creditExports: Bool) {
        self.step = step
        self.windowSeconds = windowSeconds
        perHour = Int(3600 / step)
        windowsPerHour = Int(3600 / windowSeconds)
        windowLength = Int(windowSeconds / step)
        kWPerWindowEnergy = 3600 / windowSeconds
        self.creditExports = creditExports
    }
}

extension CycleAccumulator {
    /// Adds the day whose first interval is `e[start]` and that starts at `dayStart` (epoch seconds).
    /// `eRow`, `dRow` and `cRow` are the day's 24 energy, TOU-demand and coincident periods (-1: none).
    ///
    /// Consecutive hours with the same three periods form one block: a TOU day has a handful, so the
    /// determinants are touched a few times a day, and a block's intervals are one tight loop.
    mutating func addRegularDay(
        _ e: UnsafeBufferPointer<Int64>, _ q: UnsafeBufferPointer<DataQuality>, from start: Int, dayStart: Int64,
        eRow: [Int], dRow: [Int]?, cRow: [Int]?, layout: RegularHourLayout
    ) {
        closeWindow()
        let perHour = layout.perHour
        // One look at the day's quality flags (a byte each); most days have neither gaps nor estimates. Bit 1 of
        // the raw value is set in .estimated (2) and .missing (3) only, so an OR finds either.
        func flagged(_ from: Int, _ count: Int) -> Bool {
            var any: UInt8 = 0
            for k in from..<(from + count) { any |= q[k].rawValue }
            return any & DataQuality.estimated.rawValue != 0
        }
        let dayClean = !flagged(start, 24 * perHour)
        var h = 0
        while h < 24 {
            let p = eRow[h]
            let dp = dRow?[h] ?? -1
            let cp = cRow?[h] ?? -1
            let i = start + h * perHour
            let hourStart = dayStart + Int64(h) * 3600
            if !dayClean && flagged(i, perHour) {
                addFlaggedHour(e, q, from: i, hourStart: hourStart, periods: (p, dp, cp), layout: layout)
                h += 1
                continue
            }
            var end = h + 1
            while end < 24 && eRow[end] == p && (dRow?[end] ?? -1) == dp && (cRow?[end] ?? -1) == cp
                && (dayClean || !flagged(start + end * perHour, perHour))
            {
                end += 1
            }
            addWholeHours(e, from: i, hours: end - h, start: hourStart, periods: (p, dp, cp), layout: layout)
            h = end
        }
    }

    /// Hours with every interval present and none estimated: no quality branch, and the peak is found on
    /// window energy and converted to kW once. A whole window's kW is max(0, µkWh) × (3600 / window
    /// seconds), exact and increasing in it, so the first highest energy is the first highest kW.
    private mutating func addWholeHours(
        _ e: UnsafeBufferPointer<Int64>, from start: Int, hours: Int, start blockStart: Int64,
        periods: (energy: Int, demand: Int, coincident: Int), layout: RegularHourLayout
    ) {
        let windowLength = layout.windowLength
        let windows = hours * layout.windowsPerHour
        var imports: Int64 = 0
        var net: Int64 = 0
        var peakEnergy: Int64 = -1
        var peakWindow = 0
        var positiveSum: Int64 = 0
        if windowLength == 1 {
            // the window is the interval (15-minute data, 15-minute demand): the sum of positive window
            // energies is the imports
            for w in start..<(start + windows) {
                let x = e[w]
                let positive = max(0, x)
                imports += positive
                net += x
                let higher = positive > peakEnergy  // branch-free: the peak's place is data, not a pattern
                peakWindow = higher ? w - start : peakWindow
                peakEnergy = higher ? positive : peakEnergy
            }
            positiveSum = imports
        } else {
            var i = start
            for w in 0..<windows {
                var we: Int64 = 0
                for _ in 0..<windowLength {
                    let x = e[i]
                    we += x
                    imports += max(x, 0)
                    i += 1
                }
                net += we
                let positive = max(0, we)
                let higher = positive > peakEnergy
                peakWindow = higher ? w : peakWindow
                peakEnergy = higher ? positive : peakEnergy
                positiveSum += positive
            }
        }
        commit(
            periods, imports: imports, exports: imports - net, peak: peakEnergy * layout.kWPerWindowEnergy,
            peakAt: blockStart + Int64(peakWindow) * layout.windowSeconds, kWSum: positiveSum * layout.kWPerWindowEnergy,
            windows: Int64(windows), layout: layout)
        extendRun(periods.energy, at: blockStart, count: hours * layout.perHour)
    }

    /// An hour with a gap or an estimate: windows are averaged over the intervals present (and counted as
    /// partial), lineage is interval by interval.
    private mutating func addFlaggedHour(
        _ e: UnsafeBufferPointer<Int64>, _ q: UnsafeBufferPointer<DataQuality>, from start: Int, hourStart: Int64,
        periods: (energy: Int, demand: Int, coincident: Int), layout: RegularHourLayout
    ) {
        let windowLength = layout.windowLength
        var imports: Int64 = 0
        var exports: Int64 = 0
        var peak = Int64.min
        var peakAt: Int64 = 0
        var kWSum: Int64 = 0
        var windows: Int64 = 0
        var i = start
        for w in 0..<layout.windowsPerHour {
            var we: Int64 = 0
            var present: Int64 = 0
            for _ in 0..<windowLength {
                let x = e[i]
                let quality = q[i]
                if quality == .missing {
                    d.missing += 1
                } else {
                    if quality == .estimated { d.estimated += 1 }
                    we += x
                    present += 1
                    if x > 0 { imports += x } else { exports -= x }
                }
                i += 1
            }
            guard present > 0 else { continue }
            if present < Int64(windowLength) { d.partialWindows += 1 }
            let kw = Units.averageMicroKW(microKWh: max(0, we), seconds: present * step)
            if kw > peak {
                peak = kw
                peakAt = hourStart + Int64(w) * layout.windowSeconds
            }
            kWSum += kw
            windows += 1
        }
        commit(periods, imports: imports, exports: exports, peak: peak, peakAt: peakAt, kWSum: kWSum, windows: windows, layout: layout)
        for k in 0..<layout.perHour where q[start + k] != .missing {
            extendRun(periods.energy, at: hourStart + Int64(k) * step, count: 1)
        }
    }

    /// Adds a block's energy and its highest window (the first of equals) to the determinants.
    private mutating func commit(
        _ periods: (energy: Int, demand: Int, coincident: Int), imports: Int64, exports: Int64, peak: Int64, peakAt: Int64,
        kWSum: Int64, windows: Int64, layout: RegularHourLayout
    ) {
        if windows > 0 {
            recordPeak(peak, at: peakAt, demandPeriod: periods.demand, coincidentPeriod: periods.coincident)
            if periods.coincident >= 0 {
                d.coincidentSum[periods.coincident] += kWSum
                d.coincidentCount[periods.coincident] += windows
            }
        }
        d.importByPeriod[periods.energy] += imports
        if layout.creditExports {
            d.exportByPeriod[periods.energy] += exports
        } else {
            d.uncreditedExport += exports
        }
    }
}
