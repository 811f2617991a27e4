/// The statement of a PJM month: the retail bill (as metered and adjusted) when the site has a retail meter,
/// and the `pjm` section — DCE, LSCE, initial charging, resale, meter correction, load reconciliation —
/// each line with its rule and intervals. A month with missing meter data or prices is PROVISIONAL and
/// says which intervals and which figures may change.
enum PJMStatementBuilder {
    static func build(
        dataset d: Dataset, vee: VEEResult, pjm r: PJMStorageSettlementResult, ledger L: StorageLedger,
        bills: (asMetered: [RetailBill], adjusted: [RetailBill])?, checks: [CheckResult], warnings: [DatasetIssue]
    ) -> Statement {
        let c = d.config
        let e = r.energy
        let s = r.settings
        var lines: [StatementLine] = []
        if let bills {
            lines += RetailBillLines.lines(bills.asMetered, .retailAsMetered)
            lines += RetailBillLines.lines(bills.adjusted, .retailAdjusted)
            lines += RetailBillLines.adjustment(
                adjusted: bills.adjusted, asMetered: bills.asMetered,
                what: { _ in r.retailNettingUnavailable ? "no export credit for resale (charging stays retail, F1.2)" : "DCE charging netted out, no export credit for resale" },
                rule: "F1.2, F4.3")
        }

        func runs(_ v: ContiguousArray<Int64>) -> IntervalRunBuilder {
            var b = IntervalRunBuilder()
            for i in v.indices where v[i] != 0 { b.add(start: e.grid.startOf(i), seconds: e.grid.seconds) }
            return b
        }
        let charging = runs(e.gridCharge)
        let resaleRuns = runs(e.resale)
        let shareRuns: [IntervalRun] = {
            var b = IntervalRunBuilder()
            for sh in r.correction.shares where sh.microKWh != 0 { b.add(start: sh.start, seconds: e.grid.seconds) }
            return b.runs
        }()
        let eta = "η \(e.efficiency) (\(e.efficiency.source))"
        let toLoad = e.toLoad.reduce(0, +)
        let negGen = s.initialSettlement == .negativeGeneration
        let closed = MeterCorrection.closedForm(quantity: r.correction.quantity, chargingEnergy: e.gridCharge, prices: r.prices)
        lines += [
            StatementLine(
                section: .pjm, code: "PJM-DCE", description: "Direct Charging Energy: bought from PJM and resold, or lost doing so",
                quantityMicro: e.dce, unit: "kWh", unitPriceMicro: 0, priceUnit: "$/kWh", amount: .zero, rule: e.method, runs: charging.runs,
                note: "\(c.pjm!.configuration.rawValue); grid charging \(Units.formatKWh(e.gridChargeTotal)) kWh − LSCE; \(eta)"),
            StatementLine(
                section: .pjm, code: "PJM-LSCE", description: "Load Serving Charging Energy: stored for end-use load (the LSE's)",
                quantityMicro: e.lsce, unit: "kWh", unitPriceMicro: 0, priceUnit: "$/kWh", amount: .zero, rule: e.method, runs: shareRuns,
                note: "storage output to on-site load \(Units.formatKWh(toLoad)) kWh ÷ η"
                    + (e.lsceDriven > 0 ? "; of which driven away (end-use load, M28 §13.1) \(Units.formatKWh(e.lsceDriven)) kWh" : "")
                    + (e.method.hasPrefix("§2.6") ? "; pools W-origin only (\(e.policy.rawValue)), closing W \(Units.formatKWh(e.closingWholesale)) kWh, R \(Units.formatKWh(e.closingRetail)) kWh" : "")),
            StatementLine(
                section: .pjm, code: "PJM-INITIAL-CHARGING", description: negGen ? "Initial settlement: all grid charging as negative generation at the LMP" : "Initial settlement: all charging as the LSE's load (not the ESR's)",
                quantityMicro: negGen && !r.retailNettingUnavailable ? e.gridChargeTotal : 0, unit: "kWh", unitPriceMicro: nil, priceUnit: "interval LMP",
                amount: r.initialCharging, rule: r.retailNettingUnavailable ? "F1.2" : "F1.1", runs: charging.runs,
                note: r.retailNettingUnavailable ? "the EDC cannot net wholesale charging out of the retail bill: PJM does not charge the ESR for charging energy (F1.2)" : ""),
            StatementLine(
                section: .pjm, code: "PJM-RESALE", description: "Energy resold to PJM (storage output that left the site) at the LMP",
                quantityMicro: e.resale.reduce(0, +), unit: "kWh", unitPriceMicro: nil, priceUnit: "interval LMP", amount: r.resale,
                rule: c.pjm!.configuration == .customerSide ? "F2.4" : "F0.2", runs: resaleRuns.runs),
            StatementLine(
                section: .pjm, code: "PJM-METER-CORRECTION",
                description: negGen ? "ESR meter correction: LSCE credited back at each charging interval's LMP" : "ESR meter correction: DCE charged at each charging interval's LMP",
                quantityMicro: r.correction.quantity, unit: "kWh", unitPriceMicro: nil, priceUnit: "interval LMP", amount: r.correctionAmount,
                rule: "F2.9, F2.10 (\(r.correction.allocation.rawValue))", runs: shareRuns,
                note: r.retailNettingUnavailable ? "none: F1.2" : "\(r.correction.shares.count) charging interval(s); closed form F2.12: \(closed.roundedToCents) $"),
            StatementLine(
                section: .pjm, code: "PJM-LOAD-RECONCILIATION",
                description: negGen ? "Load reconciliation: LSCE added to \(s.lse)'s load" : "Load reconciliation: DCE taken off \(s.lse)'s load",
                quantityMicro: r.loadReconciliation.reduce(0) { $0 + $1.microKWh }, unit: "kWh", unitPriceMicro: 0, priceUnit: "$/kWh", amount: .zero,
                rule: "F2.11", runs: shareRuns,
                note: "submitted by \(s.edc) for \(s.lse); at the ESR node's LMP the LSE is charged \(Money(micros: r.loadReconciliation.reduce(0) { $0 + $1.amountMicro }).roundedToCents) $ (files: esr-meter-correction.csv, load-reconciliation.csv)"),
        ]

        // status: missing data and prices, and which figures they touch
        var reasons: [String] = []
        var quality: [MeterQuality] = []
        for spec in c.meters { if let m = vee.meters[spec.id] { quality.append(MeterQuality(meterID: spec.id, role: spec.role, channels: m)) } }
        if !e.missingIntervals.isEmpty {
            var b = IntervalRunBuilder()
            for i in e.missingIntervals { b.add(start: e.grid.startOf(i), seconds: e.grid.seconds) }
            reasons.append("\(e.missingIntervals.count) interval(s) without meter data (\(b.runs.prefix(4).map(\.description).joined(separator: ", "))\(b.runs.count > 4 ? ", …" : "")): PJM-DCE, PJM-LSCE, PJM-INITIAL-CHARGING, PJM-RESALE, PJM-METER-CORRECTION and PJM-LOAD-RECONCILIATION may change")
        }
        for q in quality where q.estimated > 0 && (q.role == .storage || q.role == .retailMaster || q.role == .loadFeed) {
            reasons.append("\(q.meterID): \(q.estimated) interval(s) estimated")
        }
        let needPrice = (0..<e.grid.count).filter { (e.gridCharge[$0] != 0 || e.resale[$0] != 0) && r.prices[$0] == nil }
        if !needPrice.isEmpty {
            reasons.append("\(needPrice.count) interval(s) with charging or resale but no RT LMP at \(c.resource.pricingNode), first \(e.grid.startOf(needPrice[0])): valued at 0; PJM-INITIAL-CHARGING, PJM-RESALE and PJM-METER-CORRECTION may change")
        }
        let veeErrors = vee.findings.filter { $0.severity == .error }
        if !veeErrors.isEmpty { reasons.append("\(veeErrors.count) VEE validation error(s)") }
        let status: Statement.Status = reasons.isEmpty ? .final : .provisional
        for w in warnings where w.severity == .warning { reasons.append(w.description) }

        let answers = [
            Statement.Answer(
                id: "PJM-DCE-LSCE",
                question: "How much of the month's charging was Direct Charging Energy and how much Load Serving Charging Energy? (seed 004)",
                answer: "DCE \(Units.formatKWh(e.dce)) kWh, LSCE \(Units.formatKWh(e.lsce)) kWh by \(e.method), \(eta); the ESR nets \(r.initialCharging.roundedToCents + r.resale.roundedToCents + r.correctionAmount.roundedToCents) $ (initial charging \(r.initialCharging.roundedToCents), resale \(r.resale.roundedToCents), correction \(r.correctionAmount.roundedToCents))."),
        ]
        return Statement(
            siteID: c.site.id, siteName: c.site.name, resourceID: c.resource.id, market: c.market, period: c.period,
            timeZone: c.zone.identifier, status: status, statusReasons: reasons,
            policies: c.policies.summary + s.summary + [("pjm.roundTripEfficiency", e.efficiency.description)],
            lines: lines, checks: checks, dataQuality: quality, ledgerTotals: L.totals, answers: answers,
            veeFindings: vee.findings, veeAudit: vee.audit, facts: StatementFacts(c))
    }

}
