/// The statement's demand-response section: per dispatch event, the performance payment, the storage
/// discharge it owns, the LSE's default load adjustment and (device baselines) the exports MGO does not
/// credit. Rules in docs/rules.md "Demand-response performance settlement".
enum DemandResponseLines {
    /// Every event's performance line's code starts so (the revenue stack adds them up).
    static let performancePrefix = "DR-PERFORMANCE-"

    /// The code of event `e`'s performance line, by which the drill-down finds the event again.
    static func performanceCode(_ e: DemandResponseEventSettlement) -> String { performancePrefix + code(e) }

    static func lines(_ dr: DemandResponseMeasurement, ledger L: StorageLedger) -> [StatementLine] {
        var out: [StatementLine] = []
        for (n, e) in dr.events.enumerated() {
            let tag = code(e)
            let outcomes = L.demandResponseOutcomes.filter { $0.claim.event == n }
            let owned = outcomes.reduce(Int64(0)) { $0 + $1.owned }
            let notDischarge = outcomes.reduce(Int64(0)) { $0 + $1.notDischarge }
            let alsoAward = outcomes.reduce(Int64(0)) { $0 + $1.alsoAwardSettled }
            let r = e.baseline
            var notes: [String] = []
            notes.append("baseline \(r.method) of \(e.quantity.rawValue): " + (r.selected.isEmpty ? (r.fallback ?? "no like days") : "\(r.selected.count) day(s) \(r.selected.map(\.description).joined(separator: ", "))"))
            if r.adjustment.kind != .none {
                notes.append("\(r.adjustment.kind.rawValue) adjustment \(r.adjustment.applied)\(r.adjustment.kind == .multiplicative ? " ppm" : " µkW")\(r.adjustment.capped ? " (capped)" : "")")
            }
            if let avg = e.averagePriceMicro { notes.append("average \(FixedPointFormat.decimal(avg, scale: 6, fractionDigits: 2)) $/MWh") }
            notes.append("negative slots: \(dr.program.negativePerformance.rawValue)")
            if !e.missingSlots.isEmpty {
                notes.append("\(e.missingSlots.count) slot(s) without data, not paid: \(SlotClock.ranges(e.missingSlots, minutes: r.slotMinutes))")
            }
            if e.secondsPastEventDay > 0 {
                notes.append("\(e.secondsPastEventDay / 60) minute(s) after midnight are outside the event day's baseline and not paid")
            }
            out.append(
                StatementLine(
                    section: .demandResponse, code: performanceCode(e),
                    description: "Demand-response performance, \(r.eventDay) event, at the \(dr.program.priceRun.rawValue) LMP",
                    quantityMicro: e.performanceMicroKWh, unit: "kWh", unitPriceMicro: nil,
                    priceUnit: "\(dr.program.priceRun.rawValue) LMP per interval", amount: e.amount,
                    rule: e.quantity == .deviceOutput ? "F3.14 (MGO: output above typical output)" : "load reduction: adjusted baseline − actual",
                    runs: e.runs, note: notes.joined(separator: "; ")))

            var ownedRuns = IntervalRunBuilder()
            var ownedNotes = ["moved from retail to wholesale discharge in the ledger and added back to the retail bill (F3.10), so it is not also retail peak shaving"]
            if notDischarge > 0 { ownedNotes.append("\(Units.formatKWh(notDischarge)) kWh of performance is not storage discharge (load curtailment or avoided charging)") }
            if alsoAward > 0 { ownedNotes.append("\(Units.formatKWh(alsoAward)) kWh of performance would be award-period discharge already settled by CAISO (check DP8)") }
            for o in outcomes where o.owned > 0 {
                for i in DemandResponseOwnership.indices(o.claim, in: L.grid) where L.dischargeDemandResponse[i] > 0 {
                    ownedRuns.add(start: L.grid.startOf(i), seconds: L.grid.seconds)
                }
            }
            out.append(
                StatementLine(
                    section: .demandResponse, code: "DR-DISCHARGE-OWNED-\(tag)",
                    description: "Storage discharge paid as performance (wholesale-owned)", quantityMicro: owned, unit: "kWh",
                    unitPriceMicro: 0, priceUnit: "$/kWh", amount: .zero, rule: "F4.3: each kWh paid once", runs: ownedRuns.runs,
                    note: ownedNotes.joined(separator: "; ")))

            out.append(
                StatementLine(
                    section: .demandResponse, code: "DR-DLA-\(tag)",
                    description: "Default load adjustment: performance added back to the LSE's settled load", quantityMicro: max(0, e.performanceMicroKWh),
                    unit: "kWh", unitPriceMicro: 0, priceUnit: "$/kWh", amount: .zero, rule: "CAISO Default Load Adjustment (research §3.10) [K]",
                    runs: e.runs, note: "the LSE is settled as if it had served the load the resource curtailed"))

            if e.quantity == .deviceOutput && dr.program.exportCredit == .none {
                out.append(
                    StatementLine(
                        section: .demandResponse, code: "DR-MGO-EXPORT-NOT-CREDITED-\(tag)",
                        description: "Device output beyond the site's gross load (exported): no performance credit", quantityMicro: e.exportNotCreditedMicroKWh,
                        unit: "kWh", unitPriceMicro: 0, priceUnit: "$/kWh", amount: .zero, rule: "MGO excludes export [V] (F3.14)",
                        runs: e.runs, note: "credited output = min(output, max(0, site net import + output))"))
            }
        }
        return out
    }

    /// Why the demand-response figures may change.
    static func provisionalReasons(_ dr: DemandResponseMeasurement) -> [String] {
        dr.events.compactMap { e in
            e.missingSlots.isEmpty ? nil
                : "demand-response event \(e.baseline.eventDay) (\(code(e))): \(e.missingSlots.count) slot(s) without performance: \(SlotClock.ranges(e.missingSlots, minutes: e.baseline.slotMinutes))"
        }
    }

    /// The seed question answered for this statement.
    static func answer(_ dr: DemandResponseMeasurement, ledger L: StorageLedger) -> Statement.Answer {
        let owned = L.demandResponseOutcomes.reduce(Int64(0)) { $0 + $1.owned }
        let notDischarge = L.demandResponseOutcomes.reduce(Int64(0)) { $0 + $1.notDischarge }
        let alsoAward = L.demandResponseOutcomes.reduce(Int64(0)) { $0 + $1.alsoAwardSettled }
        let paid = dr.events.reduce(Int64(0)) { $0 + $1.performanceMicroKWh }
        return Statement.Answer(
            id: "DR-PERFORMANCE-NOT-RETAIL-SHAVING",
            question: "Is demand-response performance paid in the market also credited as retail peak shaving? (seeds 000, 002)",
            answer: "No: \(dr.events.count) event(s) paid \(Units.formatKWh(paid)) kWh of performance; \(Units.formatKWh(owned)) kWh of it was storage discharge, now wholesale-owned and added back to the retail bill; \(Units.formatKWh(notDischarge)) kWh was not storage discharge"
                + (alsoAward > 0 ? "; \(Units.formatKWh(alsoAward)) kWh overlaps award-period discharge already settled by CAISO (DP8 violation)" : "") + ".")
    }

    /// The event's code suffix: local start date and clock, e.g. `2025-08-14T1400`.
    static func code(_ e: DemandResponseEventSettlement) -> String {
        let minute = e.baseline.eventSlots.lowerBound * e.baseline.slotMinutes
        let hh = minute / 60, mm = minute % 60
        return "\(e.baseline.eventDay)T" + (hh < 10 ? "0" : "") + "\(hh)" + (mm < 10 ? "0" : "") + "\(mm)"
    }
}
