/// The quantities one billing cycle is priced on, gathered in one pass over its intervals.
///
/// Energy goes to the TOU period of each interval's local start hour. Demand is metered the way utilities
/// meter it: intervals are first averaged over the tariff's demand window (windows aligned to the clock),
/// then the highest window is taken per TOU period, overall (flat) and over the coincident hours. A window
/// with a missing interval is averaged over the intervals present and counted in ``partialWindows``.
struct CycleDeterminants {
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

extension BillCalculator {
    /// One pass over the cycle's intervals. Allocates only the per-period arrays, never per interval.
    func determinants(_ input: BillInput, cycle: BillingCycle) -> CycleDeterminants {
        let net = input.netImport
        let grid = net.grid
        let step = grid.seconds
        let tz = calendar.timeZone
        let nE = tariff.energy.periods.count
        let nD = tariff.touDemand?.periods.count ?? 0
        let coincidentHours = input.coincidentPeakHours.map { Set($0.map { $0.secondsSinceEpoch }) }
        let nC = coincidentHours != nil ? 1 : (tariff.coincidentDemand?.periods.count ?? 0)
        var d = CycleDeterminants(energyPeriods: nE, demandPeriods: nD, coincidentPeriods: nC)

        let rule = tariff.exportRule
        let hourly = rule == .netBillingHourly
        let buyAllSellAll = rule == .buyAllSellAll && input.generation != nil
        let limit = input.pairedStorage
        let capByPV = limit == .pvMeter || limit == .noGridExport
        let windowSeconds = max(Int64(tariff.demandWindowMinutes) * 60, step)
        let windowLength = windowSeconds / step

        // run state (lineage), demand window state, clock-hour net state
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

        func flushRun() {
            if runPeriod >= 0 && runCount > 0 {
                d.runs[runPeriod].append(IntervalRun(start: Instant(secondsSinceEpoch: runStart), seconds: step, count: runCount))
            }
            runCount = 0
            runPeriod = -1
        }
        func closeWindow() {
            guard winStart != .min, winPresent > 0 else { return }
            if winPresent < windowLength { d.partialWindows += 1 }
            let kw = Units.averageMicroKW(microKWh: max(0, winEnergy), seconds: winPresent * step)
            if winDP >= 0 && kw > d.touPeak[winDP] { d.touPeak[winDP] = kw; d.touPeakAt[winDP] = winStart }
            if kw > d.flatPeak { d.flatPeak = kw; d.flatPeakAt = winStart }
            if winCP >= 0 {
                if kw > d.coincidentPeak[winCP] { d.coincidentPeak[winCP] = kw; d.coincidentPeakAt[winCP] = winStart }
                d.coincidentSum[winCP] += kw
                d.coincidentCount[winCP] += 1
            }
        }
        func flushHour() {
            guard hourAny else { return }
            if hourNet > 0 { d.importByPeriod[hourP] += hourNet } else {
                let credit = min(-hourNet, hourCap)
                d.exportByPeriod[hourP] += credit
                d.uncreditedExport += -hourNet - credit
            }
            hourNet = 0
            hourCap = 0
            hourAny = false
        }

        let energyWeekday = tariff.energy.weekdaySchedule
        let energyWeekend = tariff.energy.weekendSchedule
        let zeroGen = ContiguousArray<Int64>()
        net.microKWh.withUnsafeBufferPointer { e in
            net.quality.withUnsafeBufferPointer { q in
                (input.generation?.microKWh ?? zeroGen).withUnsafeBufferPointer { gen in
                    (input.wholesaleSettled?.microKWh ?? zeroGen).withUnsafeBufferPointer { wholesale in
                        (input.storage?.microKWh ?? zeroGen).withUnsafeBufferPointer { storage in
                            var day = cycle.start
                            while day < cycle.end {
                                let (ds, de) = tz.dayBounds(day)
                                let dayStart = ds.secondsSinceEpoch
                                let regular = de.secondsSinceEpoch - dayStart == 86_400
                                let weekend = isWeekendForTariff(day)
                                let m0 = day.month - 1
                                let eRow = (weekend ? energyWeekend : energyWeekday)[m0]
                                let dRow: [Int]? = tariff.touDemand.map { (weekend ? $0.weekendSchedule : $0.weekdaySchedule)[m0] }
                                let cRow: [Int]? = coincidentHours == nil ? tariff.coincidentDemand.map { $0.schedule[m0] } : nil
                                // intervals of the day that the series covers; the rest are missing
                                let first = ceilDiv(dayStart - grid.start.secondsSinceEpoch, step)
                                let last = ceilDiv(de.secondsSinceEpoch - grid.start.secondsSinceEpoch, step)
                                let lo = max(0, first)
                                let hi = min(Int64(grid.count), last)
                                d.missing += Int(max(0, last - first) - max(0, hi - lo))
                                var i = Int(lo)
                                while i < Int(hi) {
                                    let t = grid.start.secondsSinceEpoch + Int64(i) * step
                                    let hour = regular ? Int((t - dayStart) / 3600) : tz.localTime(Instant(secondsSinceEpoch: t)).hour
                                    let p = eRow[hour]
                                    if t % windowSeconds == 0 || winStart == .min {
                                        closeWindow()
                                        winStart = t
                                        winEnergy = 0
                                        winPresent = 0
                                        winDP = dRow?[hour] ?? -1
                                        if let hours = coincidentHours {
                                            winCP = hours.contains(t - t % 3600) ? 0 : -1
                                        } else {
                                            winCP = cRow?[hour] ?? -1
                                        }
                                    }
                                    if hourly && (t % 3600 == 0) { flushHour() }
                                    let quality = q[i]
                                    if quality == .missing {
                                        d.missing += 1
                                        flushRun()
                                        i += 1
                                        continue
                                    }
                                    if quality == .estimated { d.estimated += 1 }
                                    if p != runPeriod || runStart + Int64(runCount) * step != t {
                                        flushRun()
                                        runPeriod = p
                                        runStart = t
                                    }
                                    runCount += 1
                                    var x = e[i]
                                    if buyAllSellAll {
                                        let g = gen[i]
                                        x += g
                                        d.exportByPeriod[p] += g
                                    }
                                    winEnergy += x
                                    winPresent += 1
                                    if hourly {
                                        hourNet += x
                                        hourP = hourAny ? hourP : p
                                        hourAny = true
                                        if x < 0 {
                                            var c = -x
                                            if !wholesale.isEmpty { c -= min(c, wholesale[i]) }
                                            if capByPV && !gen.isEmpty { c = min(c, gen[i]) }
                                            hourCap += c
                                        }
                                    } else if x > 0 || buyAllSellAll {
                                        d.importByPeriod[p] += max(0, x)
                                    } else if x < 0 {
                                        let export = -x
                                        if rule == .none {
                                            d.uncreditedExport += export
                                        } else {
                                            var c = export
                                            if !wholesale.isEmpty { c -= min(c, wholesale[i]) }
                                            if capByPV && !gen.isEmpty { c = min(c, gen[i]) }
                                            d.exportByPeriod[p] += c
                                            d.uncreditedExport += export - c
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
                                            d.pcsViolations += 1
                                            if d.firstPCSViolation == nil { d.firstPCSViolation = t }
                                        }
                                    }
                                    i += 1
                                }
                                day = day.adding(days: 1)
                            }
                        }
                    }
                }
            }
        }
        closeWindow()
        if hourly { flushHour() }
        flushRun()
        return d
    }
}

@inline(__always) func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a > 0) == (b > 0)) ? q + 1 : q
}
