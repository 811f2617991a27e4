/// The pure pipeline for one resource and period: validate → VEE → ledger → engines → checks → statement.
///
/// Deterministic: the same dataset gives the same result, bit for bit; nothing here reads a clock.
public enum SettlementEngine {
    /// Settles a dataset, or throws ``DatasetInvalid`` with every error found.
    public static func settle(_ d: Dataset) throws(DatasetInvalid) -> SettlementResult {
        try settle(d, validation: DatasetValidator.validate(d))
    }

    /// Settles a dataset whose cross-file validation already ran: `issues` must be
    /// `DatasetValidator.validate(d)` of exactly this `d` (the format 1 reader runs it to report row and
    /// cross-file errors together, and settling does not run it a second time).
    ///
    /// `opening` is what the period opens with: nil opens from the site file (``OpeningBalance/siteFile(_:file:)``);
    /// a portfolio's later months pass the month before's ``SettlementResult/closing``.
    public static func settle(
        _ d: Dataset, validation issues: [DatasetIssue], opening: OpeningBalance? = nil
    ) throws(DatasetInvalid) -> SettlementResult {
        if issues.contains(where: { $0.severity == .error }) { throw DatasetInvalid(issues: issues) }
        if d.config.market == .pjm {
            let out = try PJMSettlementEngine.settle(d, validationWarnings: issues, opening: opening)
            var r = out.result
            r.pjm = out.pjm
            return r
        }
        let c = d.config
        let calendar = c.calendar
        let vee = VEE.run(d)
        let m1Spec = c.meter(role: .retailMaster)!
        let m2Spec = c.meter(role: .storage)!
        let m1 = vee.meters[m1Spec.id]!
        let m2 = vee.meters[m2Spec.id]!

        // demand response: performance of dispatch events, measured before the ledger so it can own discharge
        var demandResponse: DemandResponseMeasurement?
        if let program = c.demandResponse {
            do {
                demandResponse = try DemandResponseSettlement.measure(
                    d, vee: vee, program: program, storageGrid: m2.grid, pricingNode: c.resource.pricingNode)
            } catch {
                throw DatasetInvalid(issues: [
                    DatasetIssue(location: d.siteFile, field: "demandResponse.method", value: program.method, expected: error.message)
                ])
            }
        }

        // ledger
        let opening = try OpeningBalance.given(opening, orSiteFile: c, file: d.siteFile)
        let builder = LedgerBuilder(policies: c.policies, roundTripEfficiency: c.resource.roundTripEfficiency, opening: opening)
        let ledger = builder.build(
            storage: m2, awards: d.awards, signals: d.signals, trips: d.trips, demandResponse: demandResponse?.claims ?? [])

        // retail determinants on the master meter's grid
        let unadjusted = RetailAdjustment.netImport(m1)
        let adjusted = RetailAdjustment.apply(to: unadjusted, ledger: ledger)
        // with every discharge outside award periods added back too: the bill without retail peak shaving
        let retailDischarge = RetailAdjustment.resample(ledger.dischargeRetail, from: ledger.grid, to: m1.grid.seconds)
        var noShaving = adjusted
        for i in 0..<noShaving.count where noShaving.quality[i] != .missing { noShaving.microKWh[i] += retailDischarge[i] }

        var tariff = d.tariff
        tariff.demandWindowMinutes = max(tariff.demandWindowMinutes, m1Spec.intervalMinutes)
        let calc = BillCalculator(tariff: tariff, calendar: calendar)
        // Each series is billed month by month in one run, so a ratchet sees the earlier months' peaks: those of
        // this period and, for a portfolio's later months, those carried from the months before.
        let cycles = months(in: c.period).map { BillingCycle.calendarMonth(year: $0.0, month: $0.1) }
        let history = opening.demandHistory
        let billsAsMetered = calc.bills(
            BillInput(netImport: unadjusted), cycles: cycles, priorHistory: history.asMetered, label: { _ in "as metered" })
        let billsFullAddBack = calc.bills(
            BillInput(netImport: adjusted), cycles: cycles, priorHistory: history.addedBack, label: { _ in "adjusted, demand included" })
        let billsNoShaving = calc.bills(
            BillInput(netImport: noShaving), cycles: cycles, priorHistory: history.noShaving, label: { _ in "no retail peak shaving" })
        let billsAdjusted = zip(billsFullAddBack, billsAsMetered).map {
            policyBill(full: $0, asMetered: $1, addBackDemand: c.policies.addBackDemand)
        }

        // wholesale
        let caiso = CaisoShadowSettlement(pricingNode: c.resource.pricingNode, policies: c.policies)
        let (codes, missingPrices) = caiso.settle(ledger: ledger, awards: d.awards, prices: d.prices, mileage: d.mileage, priceGrids: d.priceGrids)

        // checks
        let demandDelta = zip(billsFullAddBack, billsAsMetered).reduce(Money.zero) { acc, pair in
            acc + demandTotal(pair.0) - demandTotal(pair.1)
        }
        let demandDetail = zip(billsFullAddBack, billsAsMetered).flatMap { full, metered in
            full.lines.filter { $0.kind.isDemand }.compactMap { l -> String? in
                let before = metered.line(code: l.code)?.quantity ?? 0
                guard l.quantity != before else { return nil }
                return "\(l.code) \(FixedPointFormat.decimal(before, scale: 6, fractionDigits: 1)) → \(FixedPointFormat.decimal(l.quantity, scale: 6, fractionDigits: 1)) kW"
            }
        }.joined(separator: ", ")
        let rateFn: @Sendable (Instant) -> Int64 = { calc.energyRate(at: $0) }
        let checks = DoublePaymentChecks(policies: c.policies).run(
            ledger, context: .init(retailEnergyRate: rateFn, demandEffect: demandDelta, demandEffectDetail: demandDetail))

        var statement = StatementBuilder.build(
            dataset: d, vee: vee, ledger: ledger, billsAsMetered: billsAsMetered, billsAdjusted: billsAdjusted,
            billsNoShaving: billsNoShaving, codes: codes, missingPrices: missingPrices, demandResponse: demandResponse, checks: checks,
            calc: calc, validationWarnings: d.notices + issues)
        statement.inventory = InventoryBalance(
            opening: opening, closingRetailMicroKWh: ledger.closingRetail, closingWholesaleMicroKWh: ledger.closingWholesale)
        let closing = OpeningBalance(
            source: .carried(from: periodLabel(c.period)), retailMicroKWh: ledger.closingRetail, wholesaleMicroKWh: ledger.closingWholesale,
            demandHistory: history.appending(
                asMetered: billsAsMetered, addedBack: billsFullAddBack, noShaving: billsNoShaving, keep: tariff.ratchet?.lookbackCycles ?? 0))
        return SettlementResult(
            config: c, statement: statement, vee: vee, ledger: ledger, retailMeter: m1, adjustedNetImport: adjusted,
            unadjustedNetImport: unadjusted, billsAsMetered: billsAsMetered, billsAdjusted: billsAdjusted,
            chargeCodes: codes, demandResponse: demandResponse, closing: closing)
    }

    /// The bill the policies settle: with `addBackDemand` off, every demand charge (facility, TOU,
    /// coincident) stays as metered, since the add-back moves energy only; every other line (energy, fixed,
    /// minimum, export credits) is the adjusted one.
    public static func policyBill(full: RetailBill, asMetered: RetailBill, addBackDemand: Bool) -> RetailBill {
        var bill = full
        bill.label = "adjusted"
        if !addBackDemand {
            bill.lines = full.lines.filter { !$0.kind.isDemand } + asMetered.lines.filter { $0.kind.isDemand }
        }
        return bill
    }

    static func demandTotal(_ b: RetailBill) -> Money {
        b.lines.filter { $0.kind.isDemand }
            .reduce(Money.zero) { $0 + Money(micros: $1.amountMicros).roundedToCents }
    }

    /// `YYYY-MM` for a period of one calendar month, else `start…end`: the month a closing balance is carried from.
    static func periodLabel(_ p: SettlementPeriod) -> String {
        let m = months(in: p)
        guard m.count == 1, p.start.day == 1 else { return "\(p.start)…\(p.end)" }
        return "\(m[0].0)-\(m[0].1 < 10 ? "0" : "")\(m[0].1)"
    }

    /// Calendar months `(year, month)` overlapping the period.
    static func months(in p: SettlementPeriod) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var y = p.start.year
        var m = p.start.month
        while LocalDate(year: y, month: m, day: 1) < p.end {
            out.append((y, m))
            m += 1
            if m == 13 { m = 1; y += 1 }
        }
        return out
    }
}
