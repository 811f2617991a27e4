/// Prices one cycle's determinants into bill lines (research valuation_and_tariffs.md §2.5).
///
/// Every amount is computed exactly (µkWh × µ$/kWh = 10⁻¹² $) and rounded once per line; tier splits
/// that are fractions of a kWh keep the exact fraction in the amount.
extension BillCalculator {
    /// The rule of an energy line priced at one rate (no tiers), which the drill-down takes apart interval by
    /// interval (``LineBreakdowns``), and of a tier of a period's total, which it does not.
    static let touEnergyRule = "TARIFF-TOU-ENERGY"
    static let tieredEnergyRule = "TARIFF-TIERED-ENERGY"

    func price(
        _ d: CycleDeterminants, cycle: BillingCycle, label: String, history: [DemandHistoryEntry],
        pairedStorage: PairedStorageCreditLimit
    ) -> RetailBill {
        let m0 = cycle.billMonth - 1
        let days = Int64(cycle.days)
        var lines: [BillLine] = []
        var notes: [String] = []
        let windowRun: (Int64) -> [IntervalRun] = { [tariff] at in
            [IntervalRun(start: Instant(secondsSinceEpoch: at), seconds: Int64(tariff.demandWindowMinutes) * 60, count: 1)]
        }

        // demand determinants and the billing demand (ratchet, minimum)
        let actualPeak: Int64? = d.flatPeak == .min ? nil : d.flatPeak
        var ratchetFloor: Int64 = 0
        // where the floor comes from, for the line that bills it: a billing demand above the month's own peak is
        // a number the customer asks about
        var floorSource = ""
        if let r = tariff.ratchet {
            ratchetFloor = r.minimumKW
            floorSource = "the minimum billing demand \(Units.formatKWh(r.minimumKW)) kW"
            let pct = r.percentByMonth[m0]
            if pct > 0 {
                var highest: Int64 = 0
                var highestMonth = 0
                for h in history.suffix(r.lookbackCycles) where r.lookbackMonths?[h.billMonth - 1] ?? true && h.peak > highest {
                    highest = h.peak
                    highestMonth = h.billMonth
                }
                let floor = Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(highest) * Int128(pct), by: 1_000_000))
                if floor > ratchetFloor {
                    let percent = FixedPointFormat.decimal(pct, scale: 4, fractionDigits: pct % 10_000 == 0 ? 0 : 2)
                    floorSource = "\(percent) % of \(Units.formatKWh(highest)) kW, the highest actual peak of the last "
                        + "\(r.lookbackCycles) bill months (bill month \(highestMonth))"
                }
                ratchetFloor = max(ratchetFloor, floor)
            }
        }
        let billingDemand: Int64? = actualPeak.map { max($0, ratchetFloor) } ?? (ratchetFloor > 0 ? ratchetFloor : nil)

        // energy: netting by export rule
        let nE = tariff.energy.periods.count
        var billed = d.importByPeriod
        var exports = d.exportByPeriod
        var uncredited = d.uncreditedExport
        if case .monthlyPVEstimate(let estimate) = pairedStorage, tariff.exportRule != .none {
            let total = exports.reduce(0, +)
            let cap = estimate.count == 12 ? estimate[m0] : total
            if total > cap {
                // F4.4: credit at most the month's PV estimate; the excess is taken from each period pro rata
                var remaining = total - cap
                uncredited += remaining
                for p in 0..<nE where exports[p] > 0 {
                    let cut = min(exports[p], Rounding.int64(Int128(exports[p]) * Int128(total - cap) / Int128(total)))
                    exports[p] -= cut
                    remaining -= cut
                }
                for p in 0..<nE where remaining > 0 && exports[p] > 0 {
                    let cut = min(exports[p], remaining)
                    exports[p] -= cut
                    remaining -= cut
                }
                notes.append("F4.4: exports limited to the month's PV estimate \(Units.formatKWh(cap)) kWh")
            }
        }
        var nemSurplus = [Int64](repeating: 0, count: nE)
        if tariff.exportRule == .netMetering {
            for p in 0..<nE {
                let n = billed[p] - exports[p]
                billed[p] = max(0, n)
                nemSurplus[p] = max(0, -n)
            }
        }

        // energy tiers
        let totalBilled = billed.reduce(0, +)
        let tierKW = billingDemand ?? 0
        for p in 0..<nE where billed[p] > 0 {
            let tiers = tariff.energy.periods[p]
            let limits = tiers.map { tierLimit($0, days: days, billingKW: tierKW) }
            let basis = tariff.tierAllocation == .proportional ? totalBilled : billed[p]
            let split = Self.tierSplit(basis, limits: limits)
            var assigned: Int64 = 0
            let lastTier = split.lastIndex { $0 > 0 } ?? 0
            for (t, portion) in split.enumerated() where portion > 0 {
                // period p's share of tier t: billed_p × portion / basis, exact in the amount
                let exactNumerator = Int128(billed[p]) * Int128(portion)
                let quantity = t == lastTier ? billed[p] - assigned : Rounding.int64(Rounding.divideHalfAwayFromZero(exactNumerator, by: Int128(basis)))
                assigned += quantity
                let amount = BillCalculator.lineAmountMicros(
                    Rounding.divideHalfAwayFromZero(exactNumerator * Int128(tiers[t].price), by: Int128(basis)))
                let tiered = tiers.count > 1
                lines.append(
                    BillLine(
                        kind: .energy, code: "ENERGY-P\(p)" + (tiered ? "-T\(t)" : ""),
                        description: "Energy, \(tariff.energyPeriodName(p))" + (tiered ? ", tier \(t + 1)" : ""),
                        quantity: quantity, quantityUnit: "kWh", unitPrice: tiers[t].price, priceUnit: "$/kWh",
                        amountMicros: amount, rule: tiered ? Self.tieredEnergyRule : Self.touEnergyRule, runs: d.runs[p],
                        period: p, tier: t))
            }
        }

        // demand
        if let flat = tariff.flatDemand, let kw = billingDemand {
            let period = flat.months[m0]
            let ratcheted = actualPeak.map { kw > $0 } ?? true
            let what = ratcheted
                ? "Facilities-related demand (billing demand \(Units.formatKWh(kw)) kW = \(floorSource), above the actual \(Units.formatKWh(actualPeak ?? 0)) kW)"
                : "Facilities-related demand (max \(tariff.demandWindowMinutes)-min kW)"
            appendDemand(
                &lines, kind: .facilityDemand, code: "DEMAND-FACILITY", description: what, kw: kw, tiers: flat.periods[period],
                rule: ratcheted ? "TARIFF-DEMAND-RATCHET" : "TARIFF-FLAT-DEMAND", runs: actualPeak == nil ? [] : windowRun(d.flatPeakAt),
                period: period)
        }
        if let tou = tariff.touDemand {
            for p in 0..<tou.periods.count where d.touPeak[p] != .min {
                var kw = d.touPeak[p]
                let ratcheted = tariff.ratchet?.touPeriods.contains(p) == true && ratchetFloor > kw
                if ratcheted { kw = ratchetFloor }
                if tou.periods[p].allSatisfy({ $0.price == 0 }) { continue }
                appendDemand(
                    &lines, kind: .touDemand, code: "DEMAND-TOU-P\(p)",
                    description: ratcheted ? "Time-related demand, period \(p) (billing demand \(Units.formatKWh(kw)) kW = \(floorSource))" : "Time-related demand, period \(p)", kw: kw,
                    tiers: tou.periods[p], rule: ratcheted ? "TARIFF-DEMAND-RATCHET" : "TARIFF-TOU-DEMAND",
                    runs: windowRun(d.touPeakAt[p]), period: p)
            }
        }
        var coincident: [Int64?] = []
        if let cd = tariff.coincidentDemand {
            for p in 0..<d.coincidentPeak.count {
                guard d.coincidentCount[p] > 0, p < cd.periods.count else { coincident.append(nil); continue }
                let kw = cd.determinant == .maximum
                    ? d.coincidentPeak[p] : Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(d.coincidentSum[p]), by: Int128(d.coincidentCount[p])))
                coincident.append(kw)
                appendDemand(
                    &lines, kind: .coincidentDemand, code: "DEMAND-COINCIDENT-P\(p)",
                    description: "Coincident-peak demand, period \(p) (\(cd.determinant == .maximum ? "highest" : "mean") of \(d.coincidentCount[p]) windows)",
                    kw: kw, tiers: cd.periods[p], rule: "TARIFF-COINCIDENT-DEMAND",
                    runs: cd.determinant == .maximum ? windowRun(d.coincidentPeakAt[p]) : [], period: p)
            }
        }

        // fixed charge
        if let fixed = periodicLine(tariff.fixedCharge, days: days, kind: .fixed, code: "FIXED", description: "Customer charge", rule: "TARIFF-FIXED") {
            lines.append(fixed)
        }

        // export credits
        for p in 0..<nE {
            let firstTier = tariff.energy.periods[p][0]
            switch tariff.exportRule {
            case .none: break
            case .netMetering where nemSurplus[p] > 0:
                lines.append(creditLine("CREDIT-NEM-P\(p)", "Net metering surplus credit, \(tariff.energyPeriodName(p)) (retail price)", nemSurplus[p], firstTier.price, p, "TARIFF-NEM", runs: d.runs[p]))
            case .netBillingInstantaneous, .netBillingHourly, .buyAllSellAll:
                if exports[p] > 0 {
                    let what = tariff.exportRule == .buyAllSellAll ? "Generation sold" : "Export credit"
                    lines.append(creditLine("CREDIT-EXPORT-P\(p)", "\(what), \(tariff.energyPeriodName(p))", exports[p], firstTier.sell, p, "TARIFF-NET-BILLING", runs: d.runs[p]))
                }
            default: break
            }
        }

        // minimum charge: tops the bill up to the minimum
        // ($/year minimums are settled over the bill year by ``BillCalculator/bills(_:cycles:priorHistory:label:)``)
        let minimum = tariff.minimumCharge.unit == .perYear ? 0 : periodicAmount(tariff.minimumCharge, days: days)
        if minimum > 0 {
            let subtotal = lines.reduce(Int64(0)) { $0 + $1.amountMicros }
            if subtotal < minimum {
                lines.append(
                    BillLine(
                        kind: .minimum, code: "MINIMUM", description: "Minimum charge top-up (charges \(Money(micros: subtotal)) below minimum \(Money(micros: minimum)))",
                        quantity: 1_000_000, quantityUnit: "bill", unitPrice: minimum - subtotal, priceUnit: "$/bill",
                        amountMicros: minimum - subtotal, rule: "TARIFF-MINIMUM", runs: []))
            }
        }

        if d.partialWindows > 0 {
            notes.append("\(d.partialWindows) demand window(s) had missing intervals: demand averaged over the intervals present")
        }
        if d.pcsViolations > 0, let t = d.firstPCSViolation {
            notes.append("F4.6: \(d.pcsViolations) interval(s) break the PCS mode, first at \(Instant(secondsSinceEpoch: t))")
        }
        return RetailBill(
            label: label, cycle: cycle, lines: lines, uncreditedExportMicroKWh: uncredited, missingIntervals: d.missing,
            estimatedIntervals: d.estimated,
            demand: DemandDeterminants(
                actualPeak: actualPeak, billingDemand: billingDemand, touPeaks: d.touPeak.map { $0 == .min ? nil : $0 },
                coincident: coincident),
            notes: notes)
    }

    /// Splits `quantity` over cumulative tier `limits` (nil = no limit): the amount that falls in each tier.
    static func tierSplit(_ quantity: Int64, limits: [Int64?]) -> [Int64] {
        var out = [Int64](repeating: 0, count: limits.count)
        var below: Int64 = 0
        for (t, limit) in limits.enumerated() {
            let top = (t == limits.count - 1) ? nil : limit
            let inTier = top.map { max(0, min(quantity, $0) - below) } ?? max(0, quantity - below)
            out[t] = inTier
            if let top { below = max(below, top) } else { break }
        }
        return out
    }

    /// A tier's cumulative limit in µkWh for this cycle.
    func tierLimit(_ tier: EnergyTier, days: Int64, billingKW: Int64) -> Int64? {
        guard let l = tier.limit else { return nil }
        switch tier.unit {
        case .kWh: return l
        case .kWhDaily: return l * days
        case .kWhPerKW: return Rounding.int64(Int128(l) * Int128(billingKW) / 1_000_000)
        case .kWhPerKWDaily: return Rounding.int64(Int128(l) * Int128(billingKW) * Int128(days) / 1_000_000)
        }
    }

    func appendDemand(
        _ lines: inout [BillLine], kind: BillLine.Kind, code: String, description: String, kw: Int64, tiers: [DemandTier],
        rule: String, runs: [IntervalRun], period: Int
    ) {
        let split = Self.tierSplit(kw, limits: tiers.map(\.limit))
        let tiered = tiers.count > 1
        for (t, q) in split.enumerated() where q > 0 || (t == 0 && !tiered) {
            lines.append(
                BillLine(
                    kind: kind, code: code + (tiered ? "-T\(t)" : ""), description: description + (tiered ? ", tier \(t + 1)" : ""),
                    quantity: q, quantityUnit: "kW", unitPrice: tiers[t].price, priceUnit: "$/kW",
                    amountMicros: BillCalculator.lineAmountMicros(Int128(q) * Int128(tiers[t].price)), rule: rule, runs: runs,
                    period: period, tier: t))
        }
    }

    /// An export credit line; its lineage is the intervals of its energy period, as for the energy lines.
    func creditLine(
        _ code: String, _ description: String, _ kWh: Int64, _ price: Int64, _ p: Int, _ rule: String, runs: [IntervalRun]
    ) -> BillLine {
        BillLine(
            kind: .exportCredit, code: code, description: description, quantity: kWh, quantityUnit: "kWh", unitPrice: price,
            priceUnit: "$/kWh", amountMicros: -BillCalculator.lineAmountMicros(Int128(kWh) * Int128(price)), rule: rule, runs: runs,
            period: p)
    }

    /// A `$/month`, `$/day` or `$/year` charge for one cycle, µ$ (exact to the µ$).
    func periodicAmount(_ c: PeriodicCharge, days: Int64) -> Int64 {
        switch c.unit {
        case .perMonth: return c.amount
        case .perDay:
            return tariff.dailyChargeDays == .averageMonth
                ? Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(c.amount) * 365, by: 12)) : c.amount * days
        case .perYear: return Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(c.amount), by: 12))
        }
    }

    func periodicLine(_ c: PeriodicCharge, days: Int64, kind: BillLine.Kind, code: String, description: String, rule: String) -> BillLine? {
        guard c.amount != 0 else { return nil }
        let amount = BillCalculator.lineAmountMicros(Int128(periodicAmount(c, days: days)) * 1_000_000)
        switch c.unit {
        case .perMonth:
            return BillLine(kind: kind, code: code, description: description, quantity: 1_000_000, quantityUnit: "month", unitPrice: c.amount, priceUnit: "$/month", amountMicros: amount, rule: rule, runs: [])
        case .perDay:
            let q = tariff.dailyChargeDays == .averageMonth ? Rounding.int64(Rounding.divideHalfAwayFromZero(365_000_000, by: 12)) : days * 1_000_000
            return BillLine(kind: kind, code: code, description: description, quantity: q, quantityUnit: "days", unitPrice: c.amount, priceUnit: "$/day", amountMicros: amount, rule: rule, runs: [])
        case .perYear:
            return BillLine(kind: kind, code: code, description: description + " (annual charge / 12)", quantity: 83_333, quantityUnit: "years", unitPrice: c.amount, priceUnit: "$/year", amountMicros: amount, rule: rule, runs: [])
        }
    }
}

/// One earlier cycle's actual peak, for the ratchet look-back.
public struct DemandHistoryEntry: Sendable, Hashable {
    public var billMonth: Int
    /// µkW.
    public var peak: Int64

    public init(billMonth: Int, peak: Int64) {
        self.billMonth = billMonth
        self.peak = peak
    }
}
