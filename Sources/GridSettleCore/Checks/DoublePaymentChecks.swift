/// The double-payment questions of seed 000 and research settlement_rules.md §3.8, each turned into a
/// check that runs on every settlement (docs/rules.md "Checks").
public struct DoublePaymentChecks: Sendable {
    public var policies: SettlementPolicies

    public init(policies: SettlementPolicies) { self.policies = policies }

    /// Inputs the checks need besides the ledger.
    public struct Context: Sendable {
        /// Energy rate in force at an instant, µ$/kWh, for valuing energy at retail.
        public var retailEnergyRate: @Sendable (Instant) -> Int64
        /// Demand charges of the bill with add-back applied to demand too, minus those of the bill as
        /// billed (µ$), and the kW difference per demand line.
        public var demandEffect: Money
        public var demandEffectDetail: String

        public init(retailEnergyRate: @escaping @Sendable (Instant) -> Int64, demandEffect: Money, demandEffectDetail: String) {
            self.retailEnergyRate = retailEnergyRate
            self.demandEffect = demandEffect
            self.demandEffectDetail = demandEffectDetail
        }
    }

    public func run(_ L: StorageLedger, context: Context) -> [CheckResult] {
        [
            chargingPaidTwice(L, context),
            wholesaleEnergyCreditedAtRetail(L, context),
            demandNotAddedBack(context),
            regulationHiddenByHourlyNetting(L),
            lossesPaidAtRetail(L, context),
            drivingEnergyBoughtAtWholesale(L, context),
            caisoSettlesOutsideAwardHours(L),
            demandResponseAlsoAwardSettled(L),
            LedgerInvariants.check(L),
        ]
    }

    func collect(_ L: StorageLedger, _ value: (Int) -> Int64, rate: ((Instant) -> Int64)? = nil) -> (Int64, Money?, IntervalRunBuilder) {
        var total: Int64 = 0
        var money: Int128 = 0
        var runs = IntervalRunBuilder()
        for i in 0..<L.count {
            let v = value(i)
            if v != 0 {
                total += v
                runs.add(start: L.grid.startOf(i), seconds: L.grid.seconds)
                if let rate { money += Int128(v) * Int128(rate(L.grid.startOf(i))) }
            }
        }
        let m = rate == nil ? nil : Money(micros: Rounding.int64(Rounding.divideHalfAwayFromZero(money, by: 1_000_000)))
        return (total, m, runs)
    }

    /// Q1: under add-back only, award-period charging is settled by CAISO and stays on the retail bill.
    func chargingPaidTwice(_ L: StorageLedger, _ c: Context) -> CheckResult {
        let q = "Is award-hour charging paid at retail AND at the wholesale price?"
        guard policies.retailNettingAvailable else {
            return CheckResult(id: "DP1-CHARGING-PAID-TWICE", question: q, status: .pass,
                               detail: "the utility cannot net wholesale charging, so CAISO does not settle charging energy (F1.2)", rule: "F1.2")
        }
        let (e, m, runs) = collect(L, { i in min(L.chargeWholesale[i] - L.backOut[i], L.caisoDelivered[i]) }, rate: c.retailEnergyRate)
        return CheckResult(
            id: "DP1-CHARGING-PAID-TWICE", question: q, status: e > 0 ? .violation : .pass, energyMicroKWh: e, amount: m,
            runs: runs.runs, intervalCount: runs.intervalCount,
            detail: e > 0
                ? "\(Units.formatKWh(e)) kWh charged in award periods are settled by CAISO and also billed at retail (policy retailAdjustment=\(policies.retailAdjustment.rawValue)); retail value \(m?.description ?? "-") $"
                : "no award-period charging is both on the retail bill and in the CAISO settlement",
            rule: "F3.10/F3.11")
    }

    /// Q2: energy charged at wholesale and later discharged outside award periods lowers the retail bill.
    func wholesaleEnergyCreditedAtRetail(_ L: StorageLedger, _ c: Context) -> CheckResult {
        let (e, m, runs) = collect(L, { L.wholesaleEnergyToRetail[$0] }, rate: c.retailEnergyRate)
        return CheckResult(
            id: "DP2-WHOLESALE-ENERGY-CREDITED-AT-RETAIL",
            question: "Is energy bought at wholesale later discharged outside award hours, lowering the retail bill?",
            status: e > 0 ? .violation : .pass, energyMicroKWh: e, amount: m, runs: runs.runs, intervalCount: runs.intervalCount,
            detail: e > 0
                ? "\(Units.formatKWh(e)) kWh (charge-equivalent) of wholesale-bought energy served retail discharge; retail value \(m?.description ?? "-") $"
                : "inventory pools show no wholesale-bought energy discharged at retail",
            rule: "§2.6 pools, Q2")
    }

    /// Q3: discharging in award periods lowers the billed peak; adding back energy does not add back demand.
    func demandNotAddedBack(_ c: Context) -> CheckResult {
        let q = "Does award-hour discharge lower the billed demand (kW) although its energy is added back?"
        if policies.addBackDemand {
            return CheckResult(id: "DP3-DEMAND-NOT-ADDED-BACK", question: q, status: .pass, amount: c.demandEffect,
                               detail: "policy addBackDemand=true: demand determinants include the add-back (\(c.demandEffectDetail))", rule: "Q3")
        }
        return CheckResult(
            id: "DP3-DEMAND-NOT-ADDED-BACK", question: q, status: c.demandEffect.micros > 0 ? .violation : .pass, amount: c.demandEffect,
            detail: c.demandEffect.micros > 0
                ? "award-hour discharge lowered the demand charges by \(c.demandEffect) $ (\(c.demandEffectDetail)); policy addBackDemand=false keeps that retail benefit"
                : "award-hour discharge did not lower any billed demand",
            rule: "Q3")
    }

    /// Q4: regulation moves energy both ways within an hour; hourly netting would hide it.
    func regulationHiddenByHourlyNetting(_ L: StorageLedger) -> CheckResult {
        // energy hourly netting would hide inside award hours: Σ_h min(Σ charge, Σ discharge)
        var hidden: Int64 = 0
        var runs = IntervalRunBuilder()
        let per = max(1, Int(3600 / L.grid.seconds))
        var h = 0
        while h * per < L.count {
            var c: Int64 = 0
            var d: Int64 = 0
            var award = false
            for i in (h * per)..<min(L.count, (h + 1) * per) {
                c += L.chargeWholesale[i]
                d += L.dischargeWholesale[i]
                award = award || L.isAward(i)
            }
            if award && min(c, d) > 0 {
                hidden += min(c, d)
                runs.add(start: L.grid.startOf(h * per), seconds: 3600)
            }
            h += 1
        }
        let hourly = L.grid.seconds >= 3600
        return CheckResult(
            id: "DP4-REGULATION-HIDDEN-BY-NETTING",
            question: "Does hourly netting hide regulation energy that moved both ways within an hour?",
            status: hourly && hidden > 0 ? .violation : .pass, energyMicroKWh: hidden, runs: runs.runs,
            intervalCount: runs.intervalCount,
            detail: hourly
                ? "the storage meter is hourly: \(Units.formatKWh(hidden)) kWh of two-way regulation energy is netted away"
                : "the ledger splits \(L.grid.seconds / 60)-minute channel data, so the \(Units.formatKWh(hidden)) kWh that hourly netting would hide in \(runs.intervalCount) award hour(s) are settled on both channels",
            rule: "Q4, E4")
    }

    /// Q5: round-trip losses on wholesale cycles are paid at retail unless wholesale charging is removed.
    func lossesPaidAtRetail(_ L: StorageLedger, _ c: Context) -> CheckResult {
        let t = L.totals
        let losses = max(0, t.chargeWholesale - t.dischargeWholesale)
        let backedOut = t.backOut > 0 || !policies.retailNettingAvailable
        var money: Int128 = 0
        var w: Int128 = 0
        var runs = IntervalRunBuilder()
        for i in 0..<L.count where L.chargeWholesale[i] > 0 {
            money += Int128(L.chargeWholesale[i]) * Int128(c.retailEnergyRate(L.grid.startOf(i)))
            w += Int128(L.chargeWholesale[i])
            runs.add(start: L.grid.startOf(i), seconds: L.grid.seconds)
        }
        // value the losses at the charging-weighted retail rate
        let value = w == 0 ? Money.zero
            : Money(micros: Rounding.int64(Rounding.divideHalfAwayFromZero(money * Int128(losses), by: w * 1_000_000)))
        let violated = losses > 0 && !backedOut
        return CheckResult(
            id: "DP5-LOSSES-PAID-AT-RETAIL",
            question: "Are round-trip losses on wholesale cycles paid at retail?",
            status: violated ? .violation : .pass, energyMicroKWh: losses, amount: value,
            runs: violated ? runs.runs : [], intervalCount: violated ? runs.intervalCount : 0,
            detail: violated
                ? "wholesale charging \(Units.formatKWh(t.chargeWholesale)) kWh − wholesale discharge \(Units.formatKWh(t.dischargeWholesale)) kWh = \(Units.formatKWh(losses)) kWh of losses stay on the retail bill (≈ \(value) $)"
                : "losses on wholesale cycles (\(Units.formatKWh(losses)) kWh) are settled at wholesale, not billed at retail",
            rule: "Q5, F3.11")
    }

    /// Q6: driving energy is end-use load and should be retail; flag any that was bought at wholesale.
    func drivingEnergyBoughtAtWholesale(_ L: StorageLedger, _ c: Context) -> CheckResult {
        let (e, m, runs) = collect(L, { L.wholesaleEnergyDriven[$0] }, rate: c.retailEnergyRate)
        let driven = L.chargeEndUse.reduce(0, +)
        return CheckResult(
            id: "DP6-DRIVING-ENERGY-BOUGHT-AT-WHOLESALE",
            question: "Did vehicles drive away with energy bought at wholesale (end-use load must be retail)?",
            status: e > 0 ? .violation : .pass, energyMicroKWh: e, amount: m, runs: runs.runs, intervalCount: runs.intervalCount,
            detail: e > 0
                ? "\(Units.formatKWh(e)) kWh of the \(Units.formatKWh(driven)) kWh driven came from wholesale-bought energy"
                : "all \(Units.formatKWh(driven)) kWh driven came from retail-bought energy",
            rule: "Q6, E10")
    }

    /// Seed 000: "How do we ensure that CAISO only issues settlements during CAISO award hours and does not
    /// issue Energy Imbalance settlement in other hours?"
    func caisoSettlesOutsideAwardHours(_ L: StorageLedger) -> CheckResult {
        let (e, _, runs) = collect(L, { L.caisoOutsideAward[$0] })
        return CheckResult(
            id: "CAISO-SETTLES-OUTSIDE-AWARD-HOURS",
            question: "Does CAISO settle (imbalance) energy outside award hours?",
            status: e > 0 ? .violation : .pass, energyMicroKWh: e, runs: runs.runs, intervalCount: runs.intervalCount,
            detail: e > 0
                ? "the CAISO meter reports \(Units.formatKWh(e)) kWh outside award periods and not BESS Idle; CAISO would settle it as uninstructed imbalance energy while it is also on the retail bill (policy wholesaleMeterScope=\(policies.wholesaleMeterScope.rawValue))"
                : "the CAISO meter carries energy only in award periods",
            rule: "seed 000, F3.2")
    }

    /// DP8: demand-response performance paid for discharge that an award already settles at CAISO (the same
    /// kWh paid as performance and as wholesale energy, F4.3).
    func demandResponseAlsoAwardSettled(_ L: StorageLedger) -> CheckResult {
        let q = "Is demand-response performance paid for discharge that a CAISO award already settles?"
        guard !L.demandResponseOutcomes.isEmpty else {
            return CheckResult(id: "DP8-DR-PERFORMANCE-ALSO-AWARD-SETTLED", question: q, status: .pass,
                               detail: "no demand-response performance in this period", rule: "F4.3")
        }
        var e: Int64 = 0
        var runs = IntervalRunBuilder()
        for o in L.demandResponseOutcomes where o.alsoAwardSettled > 0 {
            e += o.alsoAwardSettled
            runs.add(start: o.claim.start, seconds: o.claim.end.secondsSinceEpoch - o.claim.start.secondsSinceEpoch)
        }
        let owned = L.demandResponseOutcomes.reduce(Int64(0)) { $0 + $1.owned }
        return CheckResult(
            id: "DP8-DR-PERFORMANCE-ALSO-AWARD-SETTLED", question: q, status: e > 0 ? .violation : .pass, energyMicroKWh: e,
            runs: runs.runs, intervalCount: runs.intervalCount,
            detail: e > 0
                ? "\(Units.formatKWh(e)) kWh of performance exceeds the retail discharge of its intervals and would be award-period discharge, already settled by CAISO"
                : "performance owns \(Units.formatKWh(owned)) kWh of retail discharge; none of it is award-period discharge",
            rule: "F4.3")
    }
}
