import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats
import GridSettleReports
import GridSettleStore
import Testing

/// The PJM customer-side ESR example (seed 004) through files, the engine, the EDC's submission files and
/// the store: a provisional month replaced by a complete one, with the difference (issue 5).
@Suite("PJM Order 841 through the dataset format")
struct PJMDatasetTests {
    static let tariffJSON = Array(ExampleTariffs.syntheticPJMCommercialJSON.utf8)

    static func example() throws -> Dataset {
        let tariff = try URDBReader.read(data: tariffJSON, file: "tariff.json", reference: TariffReference(urdbFile: "tariff.json", demandWindowMinutes: 60)).tariff
        let d = PJMExampleGenerator.customerSide(tariff: tariff, tariffFile: "tariff.json")
        return try DatasetReader.read(files: DatasetWriter.files(d, tariffJSON: tariffJSON))
    }

    @Test("the generated month round-trips, settles FINAL with every check passing, and its files agree with the statement")
    func example() throws {
        let d = try Self.example()
        #expect(d.config.market == .pjm && d.config.pjm?.configuration == .customerSide && d.config.zone == .newYork)
        #expect(d.meters[PJMExampleGenerator.storageMeterID]?.grid.count == 30 * 24 + 1)  // November 2019 has the 25-hour day
        let r = try SettlementEngine.settle(d)
        #expect(r.statement.status == .final)
        #expect(r.statement.violations.isEmpty, "\(r.statement.violations.map(\.detail))")
        let pjm = try #require(r.pjm)
        let e = pjm.energy
        // on-site PV charged the battery too, so the pools decide; both pools served load
        #expect(e.method.hasPrefix("§2.6 inventory pools"))
        #expect(e.onsiteCharge.reduce(0, +) > 0 && e.dce > 0 && e.lsce > 0)
        #expect(e.dce + e.lsce == e.gridChargeTotal)
        // the ESR nets initial charging + resale + correction, and the section adds up to the cent
        let lines = r.statement.lines.filter { $0.section == .pjm }
        #expect(r.statement.total(.pjm) == lines.reduce(Money.zero) { $0 + $1.roundedAmount })
        #expect(r.statement.total(.pjm) == pjm.initialCharging.roundedToCents + pjm.resale.roundedToCents + pjm.correctionAmount.roundedToCents)
        #expect(abs((pjm.net - r.statement.total(.pjm)).micros) <= 10_000)  // exact net vs sum of rounded lines

        // the EDC's files: one row per charging interval; energy sums exactly, money to the cent
        let correction = PJMSubmissionCSV.meterCorrection(pjm, resourceID: d.config.resource.id, zone: d.config.zone)
        let reconciliation = PJMSubmissionCSV.loadReconciliation(pjm, resourceID: d.config.resource.id, zone: d.config.zone)
        let rows = correction.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == pjm.correction.shares.count && rows.count == e.gridCharge.filter { $0 > 0 }.count)
        let mwh = rows.reduce(Int64(0)) { $0 + Int64(($1[5].replacingOccurrences(of: ".", with: "")))! }
        #expect(mwh == e.lsce)  // MWh to 9 decimals = µkWh
        let dollars = rows.reduce(Int64(0)) { $0 + Int64(($1[7].replacingOccurrences(of: ".", with: "")))! }
        #expect(abs(dollars - pjm.correctionAmount.micros) < 5_000)
        #expect(reconciliation.split(separator: "\n").count == rows.count + 1)
        #expect(reconciliation.hasPrefix("edc,lse,resource_id,datetime_beginning_utc,datetime_beginning_ept"))

        let html = HTMLReport.render(r)
        #expect(html.contains("PJM ESR settlement, Order 841") && html.contains("Settled with PJM") && html.contains("PJM-METER-CORRECTION"))
        let json = StatementJSON.render(r.statement)
        #expect(json.contains("\"pjm.inventoryPolicy\"") && json.contains("\"PJM-LOAD-RECONCILIATION\""))
    }

    @Test("the fall-back day's repeated hour is two rows in the EDC files, told apart by the EPT offset")
    func fallBackRows() throws {
        var d = try Self.example()
        // charge 100 kWh in each UTC hour 05:00–07:00 on 2019-11-03: 01:00 EDT, 01:00 EST, 02:00 EST
        let m2 = PJMExampleGenerator.storageMeterID, m1 = PJMExampleGenerator.masterMeterID
        for id in [m1, m2] {
            var m = try #require(d.meters[id])
            for h in 5...7 {
                let i = try #require(m.grid.index(startingAt: Instant(secondsSinceEpoch: 1_572_757_200 + Int64(h - 5) * 3600)))
                m.delivered.microKWh[i] += 100_000_000
            }
            d.meters[id] = m
        }
        let r = try SettlementEngine.settle(d)
        let csv = PJMSubmissionCSV.meterCorrection(try #require(r.pjm), resourceID: "ESR_CS_1", zone: .newYork)
        #expect(csv.contains("2019-11-03T05:00:00Z,2019-11-03T01:00:00-04:00,60,"))
        #expect(csv.contains("2019-11-03T06:00:00Z,2019-11-03T01:00:00-05:00,60,"))
        #expect(csv.contains("2019-11-03T07:00:00Z,2019-11-03T02:00:00-05:00,60,"))
    }

    @Test("a month with missing storage data is PROVISIONAL; settled again complete, it replaces the earlier run and the store shows what changed")
    func provisionalReplaced() throws {
        let complete = try Self.example()
        var partial = complete
        partial.config.policies.maxEstimatedGapIntervals = 0
        var m2 = try #require(partial.meters[PJMExampleGenerator.storageMeterID])
        let night = m2.grid.index(startingAt: Instant(secondsSinceEpoch: 1_573_020_000))!  // 2019-11-06T06:00Z, a charging hour
        for i in night..<(night + 3) {
            m2.delivered.quality[i] = .missing
            m2.received.quality[i] = .missing
        }
        partial.meters[PJMExampleGenerator.storageMeterID] = m2
        let first = try SettlementEngine.settle(partial).statement
        #expect(first.status == .provisional)
        #expect(first.statusReasons.contains { $0.contains("3 interval(s) without meter data") && $0.contains("2019-11-06T06:00:00Z") && $0.contains("PJM-DCE") })
        let second = try SettlementEngine.settle(complete).statement
        #expect(second.status == .final)

        let store = try SettlementStore(path: ":memory:")
        let a = try store.save(statement: first, inputDigest: "a")
        let b = try store.save(statement: second, inputDigest: "b")
        #expect(try store.previousRun(of: b)?.id == a)
        #expect(try store.previousRun(of: a) == nil)
        let diff = try store.difference(from: a, to: b).filter(\.changed)
        let dce = try #require(diff.first { $0.code == "PJM-DCE" })
        #expect(dce.newQuantityMicro == second.lines.first { $0.code == "PJM-DCE" }?.quantityMicro)
        #expect(dce.quantityChangeMicro != 0)
        #expect(diff.contains { $0.code == "PJM-INITIAL-CHARGING" && $0.centsChange < 0 })  // more charging paid once complete
    }

    @Test("bad pjm blocks are errors naming the field: unknown key, bad enum, LMP weighting over a negative price")
    func badSettings() throws {
        let d = try Self.example()
        let files = DatasetWriter.files(d, tariffJSON: Self.tariffJSON)
        let site = String(decoding: files["site.json"]!, as: UTF8.self)
        let typo = try #require(E2E.issues(files, replacing: "site.json", with: site.replacingFirst("\"inventoryPolicy\"", "\"inventoryPolcy\"")))
        #expect(typo.contains { $0.field == "pjm.inventoryPolcy" })
        let badEnum = try #require(E2E.issues(files, replacing: "site.json", with: site.replacingFirst("\"PRO_RATA\"", "\"LIFO\"")))
        #expect(badEnum.contains { $0.field == "pjm.inventoryPolicy" && $0.value == "LIFO" })
        var lmp = d
        lmp.config.pjm?.correctionAllocation = .lmpWeighted
        // the example has negative night prices in charging hours, so LMP weighting is refused
        #expect {
            try SettlementEngine.settle(lmp)
        } throws: { e in
            (e as? DatasetInvalid)?.issues.contains { $0.field == "pjm.correctionAllocation" && $0.expected.contains("P4") } == true
        }
    }
}
