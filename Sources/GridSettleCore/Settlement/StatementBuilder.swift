/// Assembles the ``Statement`` from the engines' results. Every line carries the rule that made it and
/// the intervals it came from; section totals are sums of rounded lines.
enum StatementBuilder {
    static func build(
        dataset d: Dataset, vee: VEEResult, ledger L: StorageLedger, billsAsMetered: [RetailBill],
        billsAdjusted: [RetailBill], billsNoShaving: [RetailBill], codes: [ChargeCodeResult],
        missingPrices: [CaisoShadowSettlement.MissingPrice], demandResponse: DemandResponseMeasurement?, checks: [CheckResult],
        calc: BillCalculator, validationWarnings: [DatasetIssue]
    ) -> Statement {
        let retailRate = calc.energyRate(at:)
        let c = d.config
        var lines: [StatementLine] = []
        lines += RetailBillLines.lines(billsAsMetered, .retailAsMetered)
        lines += RetailBillLines.lines(billsAdjusted, .retailAdjusted)

        // the adjustment, line by line; energy lines trace to the add-back / back-out intervals of their period
        lines += RetailBillLines.adjustment(
            adjusted: billsAdjusted, asMetered: billsAsMetered,
            what: { template in
                template.kind == .energy
                    ? (c.policies.retailAdjustment == .symmetric
                        ? "award-period discharge added back, award-period charging backed out" : "award-period discharge added back")
                    : "demand with award-period discharge added back"
            },
            rule: c.policies.retailAdjustment == .symmetric ? "F3.11" : "F3.10",
            runs: { template in
                var runs = IntervalRunBuilder()
                if template.kind == .energy, let p = template.period {
                    for i in 0..<L.count where (L.addBack[i] != 0 || L.backOut[i] != 0) && calc.energyPeriod(at: L.grid.startOf(i)) == p {
                        runs.add(start: L.grid.startOf(i), seconds: L.grid.seconds)
                    }
                }
                return runs.runs
            })

        // station power on its own circuit (F3.4, F3.5)
        if let spSpec = c.meter(role: .stationPower), let sp = vee.meters[spSpec.id] {
            let gen = c.meter(role: .onsiteGeneration).flatMap { vee.meters[$0.id] }
            let r = StationPower.settle(stationPower: sp, generation: gen, netting: c.policies.stationPowerNetting)
            var kwh: Int64 = 0
            var money: Int128 = 0
            var runs = IntervalRunBuilder()
            var selfKWh: Int64 = 0
            var selfRuns = IntervalRunBuilder()
            for q in 0..<r.grid.count {
                let t = r.grid.startOf(q)
                if r.retail[q] > 0 {
                    kwh += r.retail[q]
                    money += Int128(r.retail[q]) * Int128(retailRate(t))
                    runs.add(start: t, seconds: r.grid.seconds)
                }
                if r.selfSupplied[q] > 0 {
                    selfKWh += r.selfSupplied[q]
                    selfRuns.add(start: t, seconds: r.grid.seconds)
                }
            }
            lines.append(
                StatementLine(
                    section: .stationPower, code: StationPower.retailLineCode,
                    description: "Station power \(spSpec.id) at the retail TOU energy rates", quantityMicro: kwh, unit: "kWh",
                    unitPriceMicro: nil, priceUnit: "retail TOU energy rates",
                    amount: Money(micros: Rounding.int64(Rounding.divideHalfAwayFromZero(money, by: 1_000_000))),
                    rule: c.policies.stationPowerNetting == .fifteenMinute ? "F3.4, F3.5" : "F3.4", runs: runs.runs,
                    note: r.missing > 0 ? "\(r.missing) interval(s) missing: provisional" : ""))
            if c.policies.stationPowerNetting == .fifteenMinute {
                lines.append(
                    StatementLine(
                        section: .stationPower, code: "STATION-POWER-SELF-SUPPLIED",
                        description: "Station power netted against on-site generation within each 15 minutes", quantityMicro: selfKWh,
                        unit: "kWh", unitPriceMicro: 0, priceUnit: "$/kWh", amount: .zero, rule: "F3.5", runs: selfRuns.runs))
            }
        }

        // CAISO charge codes
        for code in codes {
            let avg: String
            if code.displayQuantityMicro == 0 {
                avg = "no quantity"
            } else if let perUnit = Int64(exactly: Rounding.divideHalfAwayFromZero(Int128(code.amount.micros) * 1_000_000, bySigned: Int128(code.displayQuantityMicro))) {
                avg = "average \(FixedPointFormat.decimal(perUnit, scale: 6, fractionDigits: 2)) $/\(code.displayUnit)"
            } else {
                // a quantity near zero under a large amount: the mean is no price
                avg = "no average (the quantity is too small for a mean price)"
            }
            lines.append(
                StatementLine(
                    section: .caiso, code: code.code, description: code.name, quantityMicro: code.displayQuantityMicro,
                    unit: code.displayUnit, unitPriceMicro: nil, priceUnit: "interval prices", amount: code.amount,
                    rule: code.formula, runs: code.runs, intervalCount: code.intervalCount,
                    note: ([avg] + code.notes).joined(separator: "; ")))
        }

        // demand-response performance (issue 4): payment, default load adjustment, exports not credited
        if let dr = demandResponse { lines += DemandResponseLines.lines(dr, ledger: L) }

        // revenue stack
        func caisoSum(_ ids: [String]) -> (Money, [IntervalRun], Int) {
            var m = Money.zero
            var runs: [IntervalRun] = []
            var n = 0
            for l in lines where l.section == .caiso && ids.contains(l.code) {
                m += l.roundedAmount
                runs += l.runs
                n += l.intervalCount
            }
            return (m, runs, n)
        }
        let cap = caisoSum(["REG-UP-CAP", "REG-DOWN-CAP"])
        let mil = caisoSum(["REG-UP-MILEAGE", "REG-DOWN-MILEAGE"])
        let energy = caisoSum(["CC6011", "CC6460", "CC6470", "CC6475"])
        let asMeteredTotal = billsAsMetered.reduce(Money.zero) { $0 + $1.total }
        let adjustedTotal = billsAdjusted.reduce(Money.zero) { $0 + $1.total }
        let noShavingTotal = billsNoShaving.reduce(Money.zero) { $0 + $1.total }
        let addBackCost = adjustedTotal - asMeteredTotal
        // award-period charging that stays on the retail bill, valued at the retail energy rate
        var chgRetail: Int128 = 0
        var chgKWh: Int64 = 0
        var chgRuns = IntervalRunBuilder()
        for i in 0..<L.count {
            let x = L.chargeWholesale[i] - L.backOut[i]
            if x > 0 {
                chgKWh += x
                chgRetail += Int128(x) * Int128(retailRate(L.grid.startOf(i)))
                chgRuns.add(start: L.grid.startOf(i), seconds: L.grid.seconds)
            }
        }
        let chargingAtRetail = Money(micros: Rounding.int64(Rounding.divideHalfAwayFromZero(chgRetail, by: 1_000_000))).roundedToCents
        var addBackRuns = IntervalRunBuilder()
        for i in 0..<L.count where L.addBack[i] != 0 || L.backOut[i] != 0 { addBackRuns.add(start: L.grid.startOf(i), seconds: L.grid.seconds) }
        let t = L.totals
        var retailDisRuns = IntervalRunBuilder()
        for i in 0..<L.count where L.dischargeRetail[i] > 0 { retailDisRuns.add(start: L.grid.startOf(i), seconds: L.grid.seconds) }
        let shaving = noShavingTotal - adjustedTotal
        lines += [
            StatementLine(section: .revenueStack, code: "VALUE-REG-CAPACITY", description: "Regulation up and down capacity payments",
                          quantityMicro: 0, unit: "", unitPriceMicro: nil, priceUnit: "", amount: cap.0,
                          rule: "CAISO REG-UP-CAP + REG-DOWN-CAP", runs: cap.1, intervalCount: cap.2),
            StatementLine(section: .revenueStack, code: "VALUE-REG-MILEAGE", description: "Regulation mileage payments",
                          quantityMicro: 0, unit: "", unitPriceMicro: nil, priceUnit: "", amount: mil.0,
                          rule: "CAISO REG-UP-MILEAGE + REG-DOWN-MILEAGE", runs: mil.1, intervalCount: mil.2),
            StatementLine(section: .revenueStack, code: "VALUE-WHOLESALE-ENERGY", description: "Wholesale energy (DA, FMM/RTD instructed, uninstructed imbalance)",
                          quantityMicro: 0, unit: "", unitPriceMicro: nil, priceUnit: "", amount: energy.0,
                          rule: "CC6011 + CC6460 + CC6470 + CC6475", runs: energy.1, intervalCount: energy.2),
            StatementLine(section: .revenueStack, code: "VALUE-RETAIL-ADDBACK-COST", description: "Retail bill increase from the add-back",
                          quantityMicro: t.addBack - t.backOut, unit: "kWh", unitPriceMicro: nil, priceUnit: "retail TOU rates",
                          amount: -addBackCost, rule: c.policies.retailAdjustment == .symmetric ? "F3.11" : "F3.10",
                          runs: addBackRuns.runs),
            StatementLine(section: .revenueStack, code: "VALUE-AWARD-CHARGING-AT-RETAIL",
                          description: "Award-period charging paid at retail (not backed out)", quantityMicro: chgKWh, unit: "kWh",
                          unitPriceMicro: nil, priceUnit: "retail TOU energy rates",
                          amount: -chargingAtRetail, rule: "seed 000: charging at retail, discharging wholesale", runs: chgRuns.runs),
            StatementLine(section: .revenueStack, code: "VALUE-RETAIL-PEAK-SHAVING",
                          description: demandResponse == nil ? "Retail bill savings from discharge outside award periods" : "Retail bill savings from discharge outside award periods and not paid as demand response", quantityMicro: t.dischargeRetail, unit: "kWh",
                          unitPriceMicro: nil, priceUnit: "retail tariff", amount: shaving,
                          rule: "seed 000: peak shaving credited only outside award hours", runs: retailDisRuns.runs),
        ]
        if demandResponse != nil {
            let dr = lines.filter { $0.section == .demandResponse && $0.code.hasPrefix(DemandResponseLines.performancePrefix) }
            lines.append(
                StatementLine(section: .revenueStack, code: "VALUE-DEMAND-RESPONSE", description: "Demand-response performance payments",
                              quantityMicro: dr.reduce(0) { $0 + $1.quantityMicro }, unit: "kWh", unitPriceMicro: nil, priceUnit: "LMP",
                              amount: dr.reduce(Money.zero) { $0 + $1.roundedAmount }, rule: "Σ DR-PERFORMANCE",
                              runs: dr.flatMap(\.runs), intervalCount: dr.reduce(0) { $0 + $1.intervalCount }))
        }

        // answers
        let regulation = cap.0 + mil.0
        let energyTransactions = energy.0 - addBackCost - chargingAtRetail
        let covers = regulation + energyTransactions
        let losses = max(0, t.chargeWholesale - t.dischargeWholesale)
        let answers = [
            Statement.Answer(
                id: "REGULATION-COVERS-ENERGY-LOSSES",
                question: "Will the regulation award payment be sufficient to mitigate losses on energy transactions from CAISO dispatches? (seed 000)",
                answer: energyTransactions >= .zero
                    ? "Energy transactions made \(energyTransactions) $ (no loss); regulation paid \(regulation) $."
                    : (covers >= .zero
                        ? "Yes: regulation paid \(regulation) $, energy transactions lost \(-energyTransactions) $ (wholesale energy \(energy.0) $, add-back cost \(addBackCost) $, award-period charging at retail \(chargingAtRetail) $); net \(covers) $."
                        : "No: regulation paid \(regulation) $ but energy transactions lost \(-energyTransactions) $ (wholesale energy \(energy.0) $, add-back cost \(addBackCost) $, award-period charging at retail \(chargingAtRetail) $); net \(covers) $.")),
            Statement.Answer(
                id: "ROUND-TRIP-LOSSES",
                question: "How much energy was lost on wholesale cycles?",
                answer: t.dischargeWholesale > t.chargeWholesale
                    ? "wholesale discharge \(Units.formatKWh(t.dischargeWholesale)) kWh exceeded wholesale charging \(Units.formatKWh(t.chargeWholesale)) kWh: \(Units.formatKWh(L.retailEnergyToWholesale.reduce(0, +))) kWh (charge-equivalent) of retail-bought energy was sold at wholesale (charging at retail, discharging wholesale); no loss is left on wholesale cycles"
                    : "wholesale charging \(Units.formatKWh(t.chargeWholesale)) kWh − wholesale discharge \(Units.formatKWh(t.dischargeWholesale)) kWh = \(Units.formatKWh(losses)) kWh"),
            Statement.Answer(
                id: "PEAK-SHAVING-OUTSIDE-AWARD-HOURS",
                question: "Is retail peak shaving credited only outside award hours? (seed 000)",
                answer: "\(Units.formatKWh(t.dischargeWholesale)) kWh discharged in award periods were added back to the retail bill (+\(addBackCost) $); \(Units.formatKWh(t.dischargeRetail)) kWh discharged outside award periods lowered it by \(shaving) $\(c.policies.addBackDemand ? "" : "; demand charges were not adjusted (see DP3)")."),
        ] + (demandResponse.map { [DemandResponseLines.answer($0, ledger: L)] } ?? [])

        // data quality and status
        var quality: [MeterQuality] = []
        for spec in c.meters { if let m = vee.meters[spec.id] { quality.append(MeterQuality(meterID: spec.id, role: spec.role, channels: m)) } }
        var reasons: [String] = []
        for q in quality where q.role == .retailMaster || q.role == .storage || q.role == .stationPower {
            if q.missing > 0 { reasons.append("\(q.meterID): \(q.missing) interval(s) missing") }
            if q.estimated > 0 { reasons.append("\(q.meterID): \(q.estimated) interval(s) estimated") }
        }
        let veeErrors = vee.findings.filter { $0.severity == .error }
        if !veeErrors.isEmpty { reasons.append("\(veeErrors.count) VEE validation error(s)") }
        let allMissingPrices = missingPrices + (demandResponse?.missingPrices ?? [])
        if !allMissingPrices.isEmpty { reasons.append("\(allMissingPrices.count) price(s) missing: \(allMissingPrices.prefix(3).map(\.description).joined(separator: "; "))") }
        if let dr = demandResponse { reasons += DemandResponseLines.provisionalReasons(dr) }
        let status: Statement.Status = reasons.isEmpty ? .final : .provisional
        for w in validationWarnings where w.severity == .warning { reasons.append(w.description) }

        return Statement(
            siteID: c.site.id, siteName: c.site.name, resourceID: c.resource.id, market: c.market, period: c.period,
            timeZone: c.zone.identifier, status: status, statusReasons: reasons, policies: c.policies.summary + (c.demandResponse?.summary ?? []),
            lines: lines, checks: checks, dataQuality: quality, ledgerTotals: t, answers: answers,
            veeFindings: vee.findings, veeAudit: vee.audit, facts: StatementFacts(c))
    }
}
