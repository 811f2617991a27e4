/// Computes a retail bill for one calendar month from interval billing determinants.
///
/// Algorithm (research valuation_and_tariffs.md §2.5, SCE practice):
/// - energy: each interval's net import (kWh, exports are not credited on a non-NEM tariff and are listed
///   as uncredited) goes to the TOU period of its local start hour; charge = kWh × (rate + adj);
/// - demand: intervals are first averaged over the tariff's demand window (15 minutes for SCE); TOU demand
///   is the highest window average in each period, summed across periods as California utilities do; the
///   facility (flat) demand is the month's highest window average;
/// - fixed: the monthly customer charge.
/// Each line is computed exactly in µ$ and rounded once to cents; the bill total is the sum of rounded
/// lines.
public struct BillCalculator: Sendable {
    public var tariff: Tariff
    public var calendar: MarketCalendar

    public init(tariff: Tariff, calendar: MarketCalendar) {
        self.tariff = tariff
        self.calendar = calendar
    }

    /// Bills `netImport` (µkWh per interval, negative = export) for the local calendar month `year-month`.
    /// The series may cover more than the month; only intervals starting in the month are billed.
    public func bill(netImport: EnergySeries, year: Int, month: Int, label: String) -> RetailBill {
        let grid = netImport.grid
        let monthStart = calendar.timeZone.startOfDay(LocalDate(year: year, month: month, day: 1))
        let nextMonth = month == 12 ? LocalDate(year: year + 1, month: 1, day: 1) : LocalDate(year: year, month: month + 1, day: 1)
        let monthEnd = calendar.timeZone.startOfDay(nextMonth)
        let nE = tariff.energyRates.count
        var periodKWh = [Int64](repeating: 0, count: nE)
        var periodRuns = [IntervalRunBuilder](repeating: IntervalRunBuilder(), count: nE)
        var exportKWh: Int64 = 0
        var missing = 0
        var estimated = 0
        let windowSeconds = Int64(tariff.demandWindowMinutes) * 60
        precondition(windowSeconds % grid.seconds == 0 || grid.seconds % windowSeconds == 0)
        // demand window accumulation
        var windowStart = Instant(secondsSinceEpoch: Int64.min)
        var windowEnergy: Int64 = 0
        let nD = tariff.demandRates.count
        var touPeak = [Int64](repeating: Int64.min, count: nD)
        var touPeakAt = [Instant?](repeating: nil, count: nD)
        var flatPeak: Int64 = Int64.min
        var flatPeakAt: Instant? = nil
        let m0 = month - 1

        func closeWindow() {
            guard windowStart.secondsSinceEpoch != Int64.min else { return }
            let seconds = max(windowSeconds, grid.seconds)
            let kw = Units.averageMicroKW(microKWh: max(0, windowEnergy), seconds: seconds)
            let local = calendar.timeZone.localTime(windowStart)
            // a tariff without TOU demand (URDB `demandratestructure` absent) has no demand schedules
            if nD > 0 {
                let weekend = isWeekendForTariff(local.date)
                let dp = (weekend ? tariff.demandWeekendSchedule : tariff.demandWeekdaySchedule)[m0][local.hour]
                if dp < nD && kw > touPeak[dp] { touPeak[dp] = kw; touPeakAt[dp] = windowStart }
            }
            if kw > flatPeak { flatPeak = kw; flatPeakAt = windowStart }
        }

        for i in 0..<grid.count {
            let t = grid.startOf(i)
            if t < monthStart || t >= monthEnd { continue }
            let q = netImport.quality[i]
            if q == .missing { missing += 1; continue }
            if q == .estimated { estimated += 1 }
            let e = netImport.microKWh[i]
            let p = energyPeriod(at: t)
            if e > 0 {
                periodKWh[p] += e
                periodRuns[p].add(start: t, seconds: grid.seconds)
            } else {
                exportKWh -= e
            }
            // demand windows aligned to the window length in UTC (all market offsets are whole hours)
            let ws = Instant(secondsSinceEpoch: t.secondsSinceEpoch - (t.secondsSinceEpoch % max(windowSeconds, grid.seconds)))
            if ws != windowStart {
                closeWindow()
                windowStart = ws
                windowEnergy = 0
            }
            windowEnergy += e
        }
        closeWindow()

        var lines: [BillLine] = []
        lines.append(
            BillLine(
                kind: .fixed, code: "FIXED", description: "Customer charge",
                quantity: 1_000_000, quantityUnit: "month", unitPrice: tariff.fixedMonthlyCharge, priceUnit: "$/month",
                amountMicros: tariff.fixedMonthlyCharge, rule: "TARIFF-FIXED", runs: []))
        for p in 0..<nE where periodKWh[p] > 0 {
            let amount = BillCalculator.lineAmountMicros(Int128(periodKWh[p]) * Int128(tariff.energyRates[p]))
            lines.append(
                BillLine(
                    kind: .energy, code: "ENERGY-P\(p)", description: "Energy, \(tariff.energyPeriodName(p))",
                    quantity: periodKWh[p], quantityUnit: "kWh", unitPrice: tariff.energyRates[p], priceUnit: "$/kWh",
                    amountMicros: amount, rule: "TARIFF-TOU-ENERGY", runs: periodRuns[p].runs))
        }
        if flatPeak != Int64.min, !tariff.flatDemandRates.isEmpty {
            let rate = tariff.flatDemandRates[tariff.flatDemandMonths[m0]]
            let amount = BillCalculator.lineAmountMicros(Int128(flatPeak) * Int128(rate))
            lines.append(
                BillLine(
                    kind: .facilityDemand, code: "DEMAND-FACILITY",
                    description: "Facilities-related demand (max \(tariff.demandWindowMinutes)-min kW)",
                    quantity: flatPeak, quantityUnit: "kW", unitPrice: rate, priceUnit: "$/kW", amountMicros: amount,
                    rule: "TARIFF-FLAT-DEMAND",
                    runs: flatPeakAt.map { [IntervalRun(start: $0, seconds: max(windowSeconds, grid.seconds), count: 1)] } ?? []))
        }
        for p in 0..<nD where touPeak[p] != Int64.min && tariff.demandRates[p] > 0 {
            let amount = BillCalculator.lineAmountMicros(Int128(touPeak[p]) * Int128(tariff.demandRates[p]))
            lines.append(
                BillLine(
                    kind: .touDemand, code: "DEMAND-TOU-P\(p)", description: "Time-related demand, period \(p)",
                    quantity: touPeak[p], quantityUnit: "kW", unitPrice: tariff.demandRates[p], priceUnit: "$/kW",
                    amountMicros: amount, rule: "TARIFF-TOU-DEMAND",
                    runs: touPeakAt[p].map { [IntervalRun(start: $0, seconds: max(windowSeconds, grid.seconds), count: 1)] } ?? []))
        }
        return RetailBill(
            label: label, year: year, month: month, lines: lines, uncreditedExportMicroKWh: exportKWh,
            missingIntervals: missing, estimatedIntervals: estimated)
    }

    /// A line amount in µ$ from an exact product in 10⁻¹² $ (µkWh × µ$/kWh or µkW × µ$/kW).
    ///
    /// Rounded half away from zero to µ$, except that the result always rounds to the same cents as the
    /// exact product: rounding to µ$ first can land exactly on a half cent the exact amount does not reach
    /// (0.0049999996 $ → 0.005000 $ → 0.01 $, where the exact amount is 0.00 $), which would round twice.
    /// Then the µ$ amount is moved one µ$ toward zero, so the line is still rounded once to cents.
    static func lineAmountMicros(_ picoDollars: Int128) -> Int64 {
        var micros = Rounding.divideHalfAwayFromZero(picoDollars, by: 1_000_000)
        let exactCents = Rounding.divideHalfAwayFromZero(picoDollars, by: 10_000_000_000)
        if Rounding.divideHalfAwayFromZero(micros, by: 10_000) != exactCents { micros += micros > 0 ? -1 : 1 }
        return Rounding.int64(micros)
    }

    func isWeekendForTariff(_ date: LocalDate) -> Bool {
        switch calendar.dayType(date) {
        case .weekday: return false
        case .weekend: return true
        case .holiday: return tariff.holidaysAsWeekends || date.isWeekend
        }
    }

    /// The TOU energy period in force at `instant`: the schedule of its local month and start hour, weekday
    /// or weekend (holidays per ``Tariff/holidaysAsWeekends``). Billing, lineage and retail valuation all
    /// use this one lookup.
    public func energyPeriod(at instant: Instant) -> Int {
        let local = calendar.timeZone.localTime(instant)
        let s = isWeekendForTariff(local.date) ? tariff.energyWeekendSchedule : tariff.energyWeekdaySchedule
        return s[local.date.month - 1][local.hour]
    }

    /// The energy rate (µ$/kWh) in force at `instant`.
    public func energyRate(at instant: Instant) -> Int64 { tariff.energyRates[energyPeriod(at: instant)] }
}

/// A retail bill: lines with their determinants; the total is the sum of the rounded lines.
public struct RetailBill: Sendable, Hashable {
    public var label: String
    public var year: Int
    public var month: Int
    public var lines: [BillLine]
    /// Export energy that earned no credit under the tariff.
    public var uncreditedExportMicroKWh: Int64
    public var missingIntervals: Int
    public var estimatedIntervals: Int

    public var total: Money { lines.reduce(Money.zero) { $0 + Money(micros: $1.amountMicros).roundedToCents } }

    public func line(code: String) -> BillLine? { lines.first { $0.code == code } }
}

public struct BillLine: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case fixed, energy, facilityDemand, touDemand }
    public var kind: Kind
    public var code: String
    public var description: String
    /// Determinant in fixed point: µkWh, µkW, or µ-months.
    public var quantity: Int64
    public var quantityUnit: String
    /// µ$ per unit.
    public var unitPrice: Int64
    public var priceUnit: String
    /// Exact amount before rounding to cents.
    public var amountMicros: Int64
    public var rule: String
    /// The intervals the determinant came from.
    public var runs: [IntervalRun]
}
