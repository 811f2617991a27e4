/// The quantities one billing cycle is priced on, gathered in one pass over its intervals.
///
/// Energy goes to the TOU period of each interval's local start hour. Demand is metered the way utilities
/// meter it: intervals are first averaged over the tariff's demand window (windows aligned to the clock),
/// then the highest window is taken per TOU period, overall (flat) and over the coincident hours. A window
/// with a missing interval is averaged over the intervals present and counted in ``partialWindows``.
struct CycleDeterminants: Equatable {
    /// An interval's billed import where energy is not netted over the period: its net import, nothing for an
    /// interval that exported (its export is credited or not on its own, never set against imports). The
    /// drill-down shares it (``LineBreakdowns/billedImports(series:runs:)``), so the intervals it shows are
    /// the ones the bill added up.
    @inline(__always) static func billedImport(net microKWh: Int64) -> Int64 { max(0, microKWh) }

    /// Imports per energy period, µkWh (gross consumption under buy-all/sell-all).
    var importByPeriod: [Int64]
    /// Creditable exports per energy period, µkWh (generation sold under buy-all/sell-all).
    var exportByPeriod: [Int64]
    /// Exports no rule may credit (settled at wholesale, above the PV output), µkWh.
    var uncreditedExport: Int64 = 0
    /// Lineage: the intervals of each energy period.
    var runs: [[IntervalRun]]
    var touPeak: [Int64]
    var touPeakAt: [Int64]
    var flatPeak: Int64 = .min
    var flatPeakAt: Int64 = 0
    var coincidentPeak: [Int64]
    var coincidentPeakAt: [Int64]
    var coincidentSum: [Int64]
    var coincidentCount: [Int64]
    var missing = 0
    var estimated = 0
    var partialWindows = 0
    /// Intervals where a PCS mode was violated (F4.6), and the first one.
    var pcsViolations = 0
    var firstPCSViolation: Int64? = nil
    /// Days that took the fast path (``CycleAccumulator/addRegularDay``); for tests, never billed.
    var fastPathDays = 0

    init(energyPeriods: Int, demandPeriods: Int, coincidentPeriods: Int) {
        importByPeriod = [Int64](repeating: 0, count: energyPeriods)
        exportByPeriod = [Int64](repeating: 0, count: energyPeriods)
        runs = [[IntervalRun]](repeating: [], count: energyPeriods)
        touPeak = [Int64](repeating: .min, count: demandPeriods)
        touPeakAt = [Int64](repeating: 0, count: demandPeriods)
        coincidentPeak = [Int64](repeating: .min, count: coincidentPeriods)
        coincidentPeakAt = [Int64](repeating: 0, count: coincidentPeriods)
        coincidentSum = [Int64](repeating: 0, count: coincidentPeriods)
        coincidentCount = [Int64](repeating: 0, count: coincidentPeriods)
    }
}

/// The running state of one pass: the determinants plus the open lineage run, demand window and clock hour.
struct CycleAccumulator {
    var d: CycleDeterminants
    let step: Int64
    let windowLength: Int64

    var runPeriod = -1
    var runStart: Int64 = 0
    var runCount = 0
    var winStart: Int64 = .min
    var winEnergy: Int64 = 0
    var winPresent: Int64 = 0
    var winDP = -1
    var winCP = -1
    var hourNet: Int64 = 0
    var hourCap: Int64 = 0
    var hourP = -1
    var hourAny = false

    /// Extends the lineage run of period `p` by `count` intervals starting at `t`.
    @inline(__always) mutating func extendRun(_ p: Int, at t: Int64, count: Int) {
        if p != runPeriod || runStart + Int64(runCount) * step != t {
            flushRun()
            runPeriod = p
            runStart = t
        }
        runCount += count
    }

    mutating func flushRun() {
        if runPeriod >= 0 && runCount > 0 {
            d.runs[runPeriod].append(IntervalRun(start: Instant(secondsSinceEpoch: runStart), seconds: step, count: runCount))
        }
        runCount = 0
        runPeriod = -1
    }

    mutating func openWindow(at t: Int64, demandPeriod: Int, coincidentPeriod: Int) {
        closeWindow()
        winStart = t
        winEnergy = 0
        winPresent = 0
        winDP = demandPeriod
        winCP = coincidentPeriod
    }

    /// Average kW of the open window over the intervals present; updates the peaks.
    mutating func closeWindow() {
        guard winStart != .min, winPresent > 0 else { return }
        if winPresent < windowLength { d.partialWindows += 1 }
        let kw = Units.averageMicroKW(microKWh: max(0, winEnergy), seconds: winPresent * step)
        recordPeak(kw, at: winStart, demandPeriod: winDP, coincidentPeriod: winCP)
        if winCP >= 0 {
            d.coincidentSum[winCP] += kw
            d.coincidentCount[winCP] += 1
        }
        winStart = .min
    }

    /// Raises the TOU, flat and coincident peaks to `kw` where it is higher (the first of equal peaks stays).
    @inline(__always) mutating func recordPeak(_ kw: Int64, at start: Int64, demandPeriod dp: Int, coincidentPeriod cp: Int) {
        if dp >= 0 && kw > d.touPeak[dp] {
            d.touPeak[dp] = kw
            d.touPeakAt[dp] = start
        }
        if kw > d.flatPeak {
            d.flatPeak = kw
            d.flatPeakAt = start
        }
        if cp >= 0 && kw > d.coincidentPeak[cp] {
            d.coincidentPeak[cp] = kw
            d.coincidentPeakAt[cp] = start
        }
    }

    mutating func flushHour() {
        guard hourAny else { return }
        if hourNet > 0 {
            d.importByPeriod[hourP] += hourNet
        } else {
            let credit = min(-hourNet, hourCap)
            d.exportByPeriod[hourP] += credit
            d.uncreditedExport += -hourNet - credit
        }
        hourNet = 0
        hourCap = 0
        hourAny = false
    }
}

extension BillCalculator {
    /// One pass over the cycle's intervals. Allocates only the per-period arrays, never per interval.
    ///
    /// Whole, regular (24-hour) days of a plain net-import bill take a fast path (RegularDayPass.swift) that
    /// walks blocks of hours with the same periods, with no per-interval division or time-zone arithmetic;
    /// DST days, days the series only partly covers, and bills with generation, storage, wholesale,
    /// hourly-netting or coincident-hour inputs take the general path. FastPathTests checks that both paths
    /// give identical determinants.
    func determinants(_ input: BillInput, cycle: BillingCycle, forceGeneralPath: Bool = false) -> CycleDeterminants {
        let net = input.netImport
        let grid = net.grid
        let step = grid.seconds
        let tz = calendar.timeZone
        let nE = tariff.energy.periods.count
        let nD = tariff.touDemand?.periods.count ?? 0
        let coincidentHours = input.coincidentPeakHours.map { Set($0.map { $0.secondsSinceEpoch }) }
        let nC = coincidentHours != nil ? 1 : (tariff.coincidentDemand?.periods.count ?? 0)
        let windowSeconds = max(Int64(tariff.demandWindowMinutes) * 60, step)
        var a = CycleAccumulator(
            d: CycleDeterminants(energyPeriods: nE, demandPeriods: nD, coincidentPeriods: nC), step: step,
            windowLength: windowSeconds / step)

        let rule = tariff.exportRule
        let hourly = rule == .netBillingHourly
        let buyAllSellAll = rule == .buyAllSellAll && input.generation != nil
        let limit = input.pairedStorage
        let capByPV = limit == .pvMeter || limit == .noGridExport
        let creditExports = rule != .none
        // the storage meter only matters for the PCS-mode checks, the wholesale channel only for credits
        let storageMatters = input.storage != nil && (limit == .solarOnlyCharging || limit == .noGridExport)
        let wholesaleMatters = input.wholesaleSettled != nil && creditExports
        let plain = !forceGeneralPath && input.generation == nil && !storageMatters && !wholesaleMatters
            && !hourly && coincidentHours == nil && 3600 % windowSeconds == 0 && windowSeconds % step == 0
        let layout = RegularHourLayout(step: step, windowSeconds: windowSeconds, creditExports: creditExports)

        let empty = ContiguousArray<Int64>()
        net.microKWh.withUnsafeBufferPointer { e in
            net.quality.withUnsafeBufferPointer { q in
                (input.generation?.microKWh ?? empty).withUnsafeBufferPointer { gen in
                    (input.wholesaleSettled?.microKWh ?? empty).withUnsafeBufferPointer { wholesale in
                        (input.storage?.microKWh ?? empty).withUnsafeBufferPointer { storage in
                            var day = cycle.start
                            var dayNumber = day.daysSinceEpoch
                            var ds = tz.startOfDay(daysSinceEpoch: dayNumber)
                            let endDay = cycle.end.daysSinceEpoch
                            while dayNumber < endDay {
                                let nextDay = day.adding(days: 1)
                                let de = tz.startOfDay(daysSinceEpoch: dayNumber + 1)
                                defer {
                                    day = nextDay
                                    ds = de
                                    dayNumber += 1
                                }
                                let dayStart = ds.secondsSinceEpoch
                                let regular = de.secondsSinceEpoch - dayStart == 86_400
                                let weekend = isWeekendForTariff(day, daysSinceEpoch: dayNumber)
                                let m0 = day.month - 1
                                let eRow = (weekend ? tariff.energy.weekendSchedule : tariff.energy.weekdaySchedule)[m0]
                                let dRow: [Int]? = tariff.touDemand.map { (weekend ? $0.weekendSchedule : $0.weekdaySchedule)[m0] }
                                let cRow: [Int]? = coincidentHours == nil ? tariff.coincidentDemand.map { $0.schedule[m0] } : nil
                                // the intervals of the day that the series covers; the rest are missing
                                let first = ceilDiv(dayStart - grid.start.secondsSinceEpoch, step)
                                let last = ceilDiv(de.secondsSinceEpoch - grid.start.secondsSinceEpoch, step)
                                let lo = max(0, first)
                                let hi = min(Int64(grid.count), last)
                                a.d.missing += Int(max(0, last - first) - max(0, hi - lo))

                                if plain && regular && lo == first && hi == last {
                                    // fast path (RegularDayPass.swift): blocks of hours with the same periods
                                    a.d.fastPathDays += 1
                                    a.addRegularDay(e, q, from: Int(lo), dayStart: dayStart, eRow: eRow, dRow: dRow, cRow: cRow, layout: layout)
                                    continue
                                }

                                var i = Int(lo)
                                while i < Int(hi) {
                                    let t = grid.start.secondsSinceEpoch + Int64(i) * step
                                    let hour = regular ? Int((t - dayStart) / 3600) : tz.localTime(Instant(secondsSinceEpoch: t)).hour
                                    let p = eRow[hour]
                                    if t % windowSeconds == 0 || a.winStart == .min {
                                        let cp: Int
                                        if let hours = coincidentHours { cp = hours.contains(t - t % 3600) ? 0 : -1 } else { cp = cRow?[hour] ?? -1 }
                                        a.openWindow(at: t, demandPeriod: dRow?[hour] ?? -1, coincidentPeriod: cp)
                                    }
                                    if hourly && (t % 3600 == 0) { a.flushHour() }
                                    let quality = q[i]
                                    if quality == .missing {
                                        a.d.missing += 1
                                        a.flushRun()
                                        i += 1
                                        continue
                                    }
                                    if quality == .estimated { a.d.estimated += 1 }
                                    a.extendRun(p, at: t, count: 1)
                                    var x = e[i]
                                    if buyAllSellAll {
                                        let g = gen[i]
                                        x += g
                                        a.d.exportByPeriod[p] += g
                                    }
                                    a.winEnergy += x
                                    a.winPresent += 1
                                    if hourly {
                                        a.hourNet += x
                                        if !a.hourAny { a.hourP = p }
                                        a.hourAny = true
                                        if x < 0 {
                                            var c = -x
                                            if !wholesale.isEmpty { c -= min(c, wholesale[i]) }
                                            if capByPV && !gen.isEmpty { c = min(c, gen[i]) }
                                            a.hourCap += c
                                        }
                                    } else if x > 0 || buyAllSellAll {
                                        a.d.importByPeriod[p] += CycleDeterminants.billedImport(net: x)
                                    } else if x < 0 {
                                        let export = -x
                                        if !creditExports {
                                            a.d.uncreditedExport += export
                                        } else {
                                            var c = export
                                            if !wholesale.isEmpty { c -= min(c, wholesale[i]) }
                                            if capByPV && !gen.isEmpty { c = min(c, gen[i]) }
                                            a.d.exportByPeriod[p] += c
                                            a.d.uncreditedExport += export - c
                                        }
                                    }
                                    if !storage.isEmpty {
                                        let pv = gen.isEmpty ? 0 : gen[i]
                                        let violated: Bool
                                        switch limit {
                                        case .solarOnlyCharging: violated = storage[i] < 0 && -storage[i] > pv
                                        case .noGridExport: violated = x < 0 && -x > pv && storage[i] > 0
                                        default: violated = false
                                        }
                                        if violated {
                                            a.d.pcsViolations += 1
                                            if a.d.firstPCSViolation == nil { a.d.firstPCSViolation = t }
                                        }
                                    }
                                    i += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        a.closeWindow()
        if hourly { a.flushHour() }
        a.flushRun()
        return a.d
    }
}

@inline(__always) func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a > 0) == (b > 0)) ? q + 1 : q
}
