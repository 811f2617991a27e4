/// The checks every PJM settlement runs (docs/rules.md "PJM Order 841"): the ledger balances, the pools
/// covered every draw, and the two files an EDC submits — ESR meter correction and load reconciliation —
/// move the same energy and money.
enum PJMChecks {
    static func run(_ r: PJMStorageSettlementResult, ledger L: StorageLedger) -> [CheckResult] {
        [inventoryShortfall(r), reconciliationMatchesCorrection(r), lsceWithinCharging(r), LedgerInvariants.check(L)]
    }

    static func inventoryShortfall(_ r: PJMStorageSettlementResult) -> CheckResult {
        var runs = IntervalRunBuilder()
        var total: Int64 = 0
        for i in r.energy.shortfall.indices where r.energy.shortfall[i] > 0 {
            total += r.energy.shortfall[i]
            runs.add(start: r.energy.grid.startOf(i), seconds: r.energy.grid.seconds)
        }
        return CheckResult(
            id: "PJM-INVENTORY-SHORTFALL", question: "Did the inventory pools cover every discharge (÷ η) and every trip?",
            status: total > 0 ? .violation : .pass, energyMicroKWh: total, runs: runs.runs, intervalCount: runs.intervalCount,
            detail: total > 0
                ? "\(Units.formatKWh(total)) kWh (charge-equivalent) drawn beyond what the pools held: the opening inventory (pjm.openingWholesaleKWh / openingRetailKWh) or η is wrong, or charging data are missing"
                : "pools never went negative; closing W \(Units.formatKWh(r.energy.closingWholesale)) kWh, R \(Units.formatKWh(r.energy.closingRetail)) kWh",
            rule: "§2.6")
    }

    static func reconciliationMatchesCorrection(_ r: PJMStorageSettlementResult) -> CheckResult {
        let energy = r.loadReconciliation.reduce(Int64(0)) { $0 + $1.microKWh }
        let money = r.loadReconciliation.reduce(Int64(0)) { $0 + $1.amountMicro }
        let sign: Int64 = r.settings.initialSettlement == .negativeGeneration ? 1 : -1
        let okEnergy = energy == sign * r.correction.quantity || r.correction.shares.isEmpty
        let cents = Money(micros: money).roundedToCents
        let okMoney = cents == Money(micros: sign * r.correction.amount.micros).roundedToCents
        return CheckResult(
            id: "PJM-LOAD-RECONCILIATION-MATCHES-CORRECTION",
            question: "Does the LSE's load reconciliation move exactly the energy and money of the ESR meter correction?",
            status: okEnergy && okMoney ? .pass : .violation, energyMicroKWh: energy, amount: cents,
            detail: "load reconciliation \(Units.formatKWh(energy)) kWh, \(cents) $; meter correction \(Units.formatKWh(r.correction.quantity)) kWh, \(r.correction.amount.roundedToCents) $",
            rule: "F2.9–F2.11")
    }

    static func lsceWithinCharging(_ r: PJMStorageSettlementResult) -> CheckResult {
        let problems = r.energy.findings
        return CheckResult(
            id: "PJM-METER-DATA-CONSISTENT", question: "Are the meters consistent with the configuration (M3 ≤ discharge, LSCE ≤ grid charging)?",
            status: problems.isEmpty ? .pass : .violation, detail: problems.isEmpty ? "no contradictions" : problems.prefix(5).joined(separator: "; ") + (problems.count > 5 ? "; … \(problems.count) in all" : ""),
            rule: "F2.2–F2.6")
    }
}
