import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleReports
import Testing

@Suite("End to end: generated LA AFB month")
struct EndToEndSettlementTests {
    @Test("dataset files round-trip: what the writer writes, the reader reads back unchanged")
    func roundTrip() throws {
        let d = try E2E.example()
        let back = try DatasetReader.read(files: E2E.files(d))
        #expect(back.config == d.config)
        for (id, m) in d.meters { #expect(back.meters[id] == m, "meter \(id)") }
        #expect(back.awards.map(\.microMW) == d.awards.map(\.microMW))
        #expect(back.awards.map(\.start) == d.awards.map(\.start))
        #expect(back.signals.map(\.start) == d.signals.map(\.start) && back.signals.map(\.kind) == d.signals.map(\.kind))
        #expect(back.prices.map(\.microPrice) == d.prices.map(\.microPrice))
        #expect(back.mileage.map(\.instructedMicroMW) == d.mileage.map(\.instructedMicroMW))
        #expect(back.trips.map(\.drivenMicroKWh) == d.trips.map(\.drivenMicroKWh))
        #expect(back.tariff == d.tariff)
    }

    @Test("the same inputs give byte-identical statement JSON, CSV and HTML report")
    func deterministic() throws {
        let files = E2E.files(try E2E.example())
        let a = try SettlementEngine.settle(try DatasetReader.read(files: files))
        let b = try SettlementEngine.settle(try DatasetReader.read(files: files))
        #expect(StatementJSON.render(a.statement) == StatementJSON.render(b.statement))
        #expect(StatementCSV.render(a.statement) == StatementCSV.render(b.statement))
        #expect(HTMLReport.render(a) == HTMLReport.render(b))
    }

    @Test("ledger invariants on generated data: every interval's accounts sum to the meter")
    func ledgerInvariants() throws {
        for seed in [UInt64(1), 2016, 99] {
            let r = try SettlementEngine.settle(try E2E.example(seed: seed))
            let L = r.ledger
            for i in 0..<L.count {
                #expect(L.chargeWholesale[i] + L.chargeRetail[i] + L.chargeEndUse[i] == L.delivered[i])
                #expect(L.dischargeWholesale[i] + L.dischargeRetail[i] == L.received[i])
                #expect(L.chargeWholesale[i] >= 0 && L.chargeRetail[i] >= 0 && L.chargeEndUse[i] >= 0)
                #expect(L.addBack[i] == L.dischargeWholesale[i])
                if L.awardSeconds[i] == 0 { #expect(L.chargeWholesale[i] == 0 && L.dischargeWholesale[i] == 0 && L.addBack[i] == 0) }
            }
            #expect(r.statement.checks.first { $0.id == "LEDGER-BALANCE" }?.status == .pass)
            // the ledger covers the storage meter exactly
            let m2 = r.vee.meters["M2"]!
            #expect(L.totals.delivered == m2.delivered.total && L.totals.received == m2.received.total)
        }
    }

    @Test("the statement adds up to the cent: section totals are sums of rounded lines; adjustment = adjusted − as metered")
    func addsUp() throws {
        let r = try SettlementEngine.settle(try E2E.example())
        let s = r.statement
        for section in StatementSection.allCases {
            let cents = s.lines.filter { $0.section == section }.reduce(Int64(0)) { $0 + $1.roundedAmount.cents }
            #expect(s.total(section).cents == cents)
        }
        #expect(s.total(.retailAdjustment) == s.total(.retailAdjusted) - s.total(.retailAsMetered))
        #expect(s.total(.retailAdjusted) == r.billsAdjusted.reduce(Money.zero) { $0 + $1.total })
        // the add-back energy on the adjustment lines equals the change in billed imports: Σ max(0, adjusted) −
        // max(0, as metered) per master-meter interval (exports earn no credit on TOU-8, so add-back into an
        // exporting interval raises the bill only by the part that becomes import)
        let addedKWh = s.lines.filter { $0.section == .retailAdjustment && $0.unit == "kWh" }.reduce(Int64(0)) { $0 + $1.quantityMicro }
        var expected: Int64 = 0
        for i in 0..<r.adjustedNetImport.count where r.adjustedNetImport.quality[i] != .missing {
            expected += max(0, r.adjustedNetImport.microKWh[i]) - max(0, r.unadjustedNetImport.microKWh[i])
        }
        #expect(addedKWh == expected)
        #expect(r.ledger.totals.addBack >= expected)
    }

    @Test("retail add-back raises the TOU energy charge by exactly Σ addBack × rate (vector 6)")
    func addBackValuedAtRate() throws {
        let r = try SettlementEngine.settle(try E2E.example())
        let calc = BillCalculator(tariff: try E2E.tariff(), calendar: r.config.calendar)
        var expected: Int128 = 0
        var perPeriod: [Int: Int64] = [:]
        let adj = r.adjustedNetImport
        let met = r.unadjustedNetImport
        for i in 0..<adj.count where adj.quality[i] != .missing {
            let delta = max(0, adj.microKWh[i]) - max(0, met.microKWh[i])
            guard delta != 0 else { continue }
            let t = adj.grid.startOf(i)
            perPeriod[calc.energyPeriod(at: t), default: 0] += delta
            expected += Int128(delta) * Int128(calc.energyRate(at: t))
        }
        let energyDelta = zip(r.billsAdjusted, r.billsAsMetered).reduce(Int64(0)) { acc, p in
            acc + p.0.lines.filter { $0.kind == .energy }.reduce(0) { $0 + $1.amountMicros }
                - p.1.lines.filter { $0.kind == .energy }.reduce(0) { $0 + $1.amountMicros }
        }
        // per-line rounding to µ$ can differ by at most 1 µ$ per period line
        #expect(abs(Int128(energyDelta) * 1_000_000 - expected) <= Int128(perPeriod.count) * 1_000_000)
        // and wholesale revenue is unchanged by the retail policy
        var sym = try E2E.example()
        sym.config.policies.retailAdjustment = .symmetric
        let r2 = try SettlementEngine.settle(sym)
        #expect(r2.statement.total(.caiso) == r.statement.total(.caiso))
    }

    @Test("symmetric policy: award-hour charging leaves the retail bill and DP1/DP5 pass")
    func symmetricPolicy() throws {
        var d = try E2E.example()
        d.config.policies.retailAdjustment = .symmetric
        let r = try SettlementEngine.settle(d)
        let byID = Dictionary(uniqueKeysWithValues: r.statement.checks.map { ($0.id, $0) })
        #expect(byID["DP1-CHARGING-PAID-TWICE"]?.status == .pass)
        let addBackOnly = try SettlementEngine.settle(try E2E.example())
        #expect(r.ledger.totals.backOut > 0 && r.ledger.totals.backOut >= r.ledger.chargeWholesale.reduce(0, +))
        #expect(r.statement.total(.retailAdjusted) < addBackOnly.statement.total(.retailAdjusted))
        #expect(byID["DP5-LOSSES-PAID-AT-RETAIL"]?.status == .pass)
    }

    @Test("estimated intervals make the statement provisional and are listed")
    func provisional() throws {
        let d = try E2E.example()
        let gaps = d.meters.values.reduce(0) { $0 + $1.delivered.missingCount + $1.received.missingCount }
        let r = try SettlementEngine.settle(d)
        #expect(r.statement.status == .provisional)
        #expect(r.statement.statusReasons.contains { $0.contains("estimated") })
        #expect(gaps > 0)
        #expect(r.vee.audit.filter { $0.action == .estimate }.count == gaps)  // every short gap estimated and logged
        #expect(r.statement.dataQuality.reduce(0) { $0 + $1.estimated } * 2 == gaps)
    }

    @Test("DST: November 2016 has the 25-hour day; March 2016 the 23-hour day; both settle")
    func dstMonths() throws {
        let nov = try SettlementEngine.settle(try E2E.example(month: 11))
        #expect(nov.ledger.count == 8652)
        let mar = try SettlementEngine.settle(try E2E.example(month: 3))
        #expect(mar.ledger.count == 8916)
        #expect(mar.billsAsMetered.first?.missingIntervals == 0)
    }
}
