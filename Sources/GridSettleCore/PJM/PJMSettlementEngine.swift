/// The pipeline for a PJM site (`market: "PJM"` with a `pjm` block): validate → VEE → DCE/LSCE split →
/// initial settlement, resale, ESR meter correction, load reconciliation → storage ledger → retail bill →
/// checks → statement (seed 004; research settlement_rules.md §1–§2; docs/rules.md "PJM Order 841").
///
/// The storage ledger is filled from the split, so every kWh has one owner here too: grid charging that is
/// DCE is `wholesale`, LSCE and on-site charging are `retail`; resale is `wholesale` discharge, output to
/// on-site load `retail`. The retail bill backs out the DCE share of charging (the EDC nets it out, which is
/// what makes the wholesale charge legitimate, F1.2) and gives no export credit for resale (F4.3).
public enum PJMSettlementEngine {
    public struct Output: Sendable {
        public var result: SettlementResult
        public var pjm: PJMStorageSettlementResult
    }

    /// `opening`: what the period opens with (nil: the site file's `pjm.openingWholesaleKWh` / `openingRetailKWh`).
    public static func settle(_ d: Dataset, validationWarnings: [DatasetIssue] = [], opening: OpeningBalance? = nil) throws(DatasetInvalid) -> Output {
        let c = d.config
        guard let settings = c.pjm else {
            throw DatasetInvalid(issues: [DatasetIssue(location: d.siteFile, field: "pjm", value: "missing", expected: "the PJM ESR rules (configuration, initialSettlement, …) to settle a PJM site, docs/dataset-format.md §3")])
        }
        let opening = try OpeningBalance.given(opening, orSiteFile: c, file: d.siteFile)
        let vee = VEE.run(d)
        let m2Spec = c.meter(role: .storage)!
        let m2 = vee.meters[m2Spec.id]!
        let m1 = c.meter(role: .retailMaster).flatMap { vee.meters[$0.id] }
        let m3 = c.meter(role: .loadFeed).flatMap { vee.meters[$0.id] }
        let hasPV = c.meter(role: .onsiteGeneration) != nil
        let grid = m2.grid

        // inputs on the storage grid; an interval is missing when any meter the configuration reads is
        var missing = ContiguousArray<Bool>(repeating: false, count: grid.count)
        for i in 0..<grid.count {
            var q = max(m2.delivered.quality[i], m2.received.quality[i])
            if let m1, settings.configuration == .customerSide || hasPV { q = max(q, m1.delivered.quality[i], m1.received.quality[i]) }
            if let m3, settings.configuration == .resilience { q = max(q, m3.delivered.quality[i]) }
            missing[i] = q == .missing
        }
        var driven = ContiguousArray<Int64>(repeating: 0, count: grid.count)
        for t in d.trips { if let i = grid.index(containing: t.departure) { driven[i] += t.drivenMicroKWh } }
        let x = ESRIntervals(
            grid: grid, charge: m2.delivered.microKWh, discharge: m2.received.microKWh, siteDelivered: m1?.delivered.microKWh,
            siteReceived: m1?.received.microKWh, loadFeed: m3?.delivered.microKWh, hasOnsiteGeneration: hasPV, driven: driven,
            missing: missing)

        // η: declared, or measured over the month (F2.8)
        let eta: RoundTripEfficiency
        do {
            if let m = settings.measuredEfficiency {
                eta = try .measured(
                    deliveredMicroKWh: m2.received.microKWh.reduce(0, +), receivedMicroKWh: m2.delivered.microKWh.reduce(0, +),
                    storedAtStartMicroKWh: Units.microKWh(m.storedAtStartKWh), storedAtEndMicroKWh: Units.microKWh(m.storedAtEndKWh))
            } else {
                eta = try .declared(c.resource.roundTripEfficiency)
            }
        } catch {
            throw DatasetInvalid(issues: [DatasetIssue(location: d.siteFile, field: settings.measuredEfficiency == nil ? "resource.roundTripEfficiency" : "pjm.measuredEfficiency", value: efficiencyInput(settings, c), expected: error.description)])
        }
        let energy = ChargingEnergy.split(
            x, configuration: settings.configuration, efficiency: eta, policy: settings.inventoryPolicy,
            openingWholesale: opening.wholesaleMicroKWh, openingRetail: opening.retailMicroKWh)
        let prices = PJMPrices(d.prices, node: c.resource.pricingNode).perInterval(grid)
        let pjm: PJMStorageSettlementResult
        do {
            pjm = try PJMStorageSettlement.settle(energy, prices: prices, settings: settings, retailNettingAvailable: c.policies.retailNettingAvailable)
        } catch {
            throw DatasetInvalid(issues: [DatasetIssue(location: d.siteFile, field: "pjm.correctionAllocation", value: settings.correctionAllocation.rawValue, expected: error.description)])
        }
        let ledger = PJMLedger.build(pjm, storage: m2)

        // retail bill on M1: as metered, and with DCE charging backed out and no export credit for resale
        // the site meter's net import (M2's when a front-of-meter ESR has no M1), computed once
        let site = RetailAdjustment.netImport(m1 ?? m2)
        var bills: (asMetered: [RetailBill], adjusted: [RetailBill])?
        var adjustedNet: EnergySeries?
        var history = opening.demandHistory
        if let m1 {
            var tariff = d.tariff
            tariff.demandWindowMinutes = max(tariff.demandWindowMinutes, Int(m1.grid.seconds / 60))
            let calc = BillCalculator(tariff: tariff, calendar: c.calendar)
            let cycles = SettlementEngine.months(in: c.period).map { BillingCycle.calendarMonth(year: $0.0, month: $0.1) }
            let net = site
            var adjusted = net
            var resale = EnergySeries(grid: m1.grid, microKWh: ContiguousArray(repeating: 0, count: m1.grid.count), quality: net.quality)
            let backOut = RetailAdjustment.resample(ledger.backOut, from: grid, to: m1.grid.seconds)
            let sold = RetailAdjustment.resample(ledger.addBack, from: grid, to: m1.grid.seconds)
            for i in 0..<adjusted.count where adjusted.quality[i] != .missing {
                adjusted.microKWh[i] -= backOut[i]
                resale.microKWh[i] = sold[i]
            }
            adjustedNet = adjusted
            let b = (
                asMetered: calc.bills(BillInput(netImport: net), cycles: cycles, priorHistory: history.asMetered, label: { _ in "as metered" }),
                adjusted: calc.bills(
                    BillInput(netImport: adjusted, wholesaleSettled: resale), cycles: cycles, priorHistory: history.addedBack, label: { _ in "adjusted" })
            )
            bills = b
            history = history.appending(asMetered: b.asMetered, addedBack: b.adjusted, noShaving: [], keep: tariff.ratchet?.lookbackCycles ?? 0)
        }
        let checks = PJMChecks.run(pjm, ledger: ledger)
        var statement = PJMStatementBuilder.build(
            dataset: d, vee: vee, pjm: pjm, ledger: ledger, bills: bills, checks: checks, warnings: d.notices + validationWarnings)
        statement.inventory = InventoryBalance(
            opening: opening, closingRetailMicroKWh: energy.closingRetail, closingWholesaleMicroKWh: energy.closingWholesale)
        let closing = OpeningBalance(
            source: .carried(from: SettlementEngine.periodLabel(c.period)), retailMicroKWh: energy.closingRetail,
            wholesaleMicroKWh: energy.closingWholesale, demandHistory: history)
        let result = SettlementResult(
            config: c, statement: statement, vee: vee, ledger: ledger, retailMeter: m1 ?? m2,
            adjustedNetImport: adjustedNet ?? site, unadjustedNetImport: site, billsAsMetered: bills?.asMetered ?? [],
            billsAdjusted: bills?.adjusted ?? [], chargeCodes: [], closing: closing)
        return Output(result: result, pjm: pjm)
    }

    private static func efficiencyInput(_ s: PJMStorageSettings, _ c: SiteConfig) -> String {
        s.measuredEfficiency.map { "stored at start \($0.storedAtStartKWh) kWh, at end \($0.storedAtEndKWh) kWh" } ?? String(c.resource.roundTripEfficiency)
    }
}

/// PJM LMPs at the resource's node per storage interval: the 5-minute real-time LMP (`RTD`) at the
/// interval's start when there is one, else the hourly real-time LMP (`RT`) of its hour; nil when neither.
struct PJMPrices {
    var fiveMinute: [Int64: Int64] = [:]
    var hourly: [Int64: Int64] = [:]

    init(_ prices: [PricePoint], node: String) {
        for p in prices where p.node == node && p.product == .lmp {
            switch p.run {
            case .realTimeDispatch: fiveMinute[p.start.secondsSinceEpoch] = p.microPrice
            case .realTimeHourly: hourly[p.start.secondsSinceEpoch] = p.microPrice
            default: break
            }
        }
    }

    func perInterval(_ g: IntervalGrid) -> [Int64?] {
        (0..<g.count).map { i in
            let t = g.startOf(i).secondsSinceEpoch
            return fiveMinute[t] ?? hourly[t - ((t % 3600) + 3600) % 3600]
        }
    }
}
