import Crypto
import Foundation
import GRDB
import GridSettleCore
import GridSettleStore
import Testing

/// Runs and statements in SQLite: what is stored is what the statement says, to the cent.
@Suite("SQLite store")
struct SettlementStoreTests {
    /// A one-day settlement built by hand (no example generator needed).
    static func statement() throws -> GridSettleCore.Statement {
        let day = LocalDate(year: 2016, month: 7, day: 12)
        let zone = MarketTimeZone.losAngeles
        let start = zone.startOfDay(day)
        let n = 288
        let g = IntervalGrid(start: start, seconds: 300, count: n)
        func series(_ kwh: (Int) -> Double) -> EnergySeries {
            EnergySeries(grid: g, microKWh: ContiguousArray((0..<n).map { Units.microKWh(kwh($0)) }))
        }
        let m2 = MeterChannels(delivered: series { $0 % 2 == 0 ? 2 : 0 }, received: series { $0 % 2 == 1 ? 1.5 : 0 })
        let m1 = MeterChannels(delivered: series { i in 30 + (i % 2 == 0 ? 2 : 0) - (i % 2 == 1 ? 1.5 : 0) }, received: series { _ in 0 })
        let sched = Array(repeating: Array(repeating: 0, count: 24), count: 12)
        let tariff = Tariff(
            label: "t", utility: "u", name: "flat", energyRates: [100_000], energyWeekdaySchedule: sched, energyWeekendSchedule: sched,
            demandRates: [10_000_000], demandWeekdaySchedule: sched, demandWeekendSchedule: sched, flatDemandRates: [5_000_000],
            flatDemandMonths: Array(repeating: 0, count: 12), fixedMonthlyCharge: 100_000_000, demandWindowMinutes: 15, holidaysAsWeekends: true)
        let config = SiteConfig(
            site: SiteInfo(id: "S", name: "Site"), market: .caiso, period: SettlementPeriod(start: day, end: day.adding(days: 1)),
            meters: [MeterSpec(id: "M1", role: .retailMaster, intervalMinutes: 5, ratingKW: 1000),
                     MeterSpec(id: "M2", role: .storage, intervalMinutes: 5, ratingKW: 500)],
            resource: ResourceSpec(id: "R", participationModel: "NGR", pricingNode: "N", roundTripEfficiency: 0.9, initialInventoryKWh: 100),
            tariff: TariffReference(urdbFile: "t.json"), policies: SettlementPolicies())
        let awards = (12..<16).map { h in
            Award(run: .dayAhead, product: .regulationUp, start: start.adding(seconds: Int64(h) * 3600), seconds: 3600, microMW: 200_000, source: "t")
        }
        var prices = (0..<n).map { PricePoint(node: "N", run: .realTimeDispatch, product: .lmp, start: g.startOf($0), seconds: 300, microPrice: 35_000_000, source: "t") }
        prices += (12..<16).map { h in
            PricePoint(node: "N", run: .dayAhead, product: .regulationUp, start: start.adding(seconds: Int64(h) * 3600), seconds: 3600, microPrice: 8_000_000, source: "t")
        }
        let d = Dataset(config: config, meters: ["M1": m1, "M2": m2], awards: awards, signals: [], prices: prices, tariff: tariff)
        return try SettlementEngine.settle(d).statement
    }

    @Test("a saved run reads back with its lines, section totals and checks")
    func saveAndRead() throws {
        let s = try Self.statement()
        let store = try SettlementStore(path: ":memory:")
        let id = try store.save(statement: s, inputDigest: "abc")
        let run = try #require(try store.run(id: id))
        #expect(run.resourceID == "R" && run.periodStart == "2016-07-12" && run.status == s.status.rawValue)
        #expect(run.violationCount == s.violations.count)
        let lines = try store.lineCents(runID: id)
        #expect(lines.count == s.lines.count)
        #expect(lines.map(\.cents) == s.lines.map { $0.roundedAmount.cents })
        let totals = try store.sectionTotalsCents(runID: id)
        for section in StatementSection.allCases where s.lines.contains(where: { $0.section == section }) {
            #expect(totals[section.rawValue] == s.total(section).cents, "\(section)")
        }
        let checks = try store.checkStatuses(runID: id)
        #expect(checks.count == s.checks.count && checks["LEDGER-BALANCE"] == "PASS")
        // since schema v9 no rendered text is stored: the documents are rendered from the stored statement
        #expect(try store.documents(runID: id).map { [$0.json, $0.csv, $0.html] } == ["", "", ""])
    }

    @Test("runs are never overwritten: a second save is a new run; the file database persists across opens")
    func persistence() throws {
        let path = NSTemporaryDirectory() + "gridsettle-store-\(UInt32.random(in: 0...UInt32.max)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = try Self.statement()
        let a = try SettlementStore(path: path).save(statement: s, inputDigest: "d1")
        let b = try SettlementStore(path: path).save(statement: s, inputDigest: "d1")
        #expect(b == a + 1)
        let reopened = try SettlementStore(path: path)
        #expect(try reopened.runs().map(\.id) == [a, b])
        #expect(try reopened.lineCents(runID: a).map(\.cents) == s.lines.map { $0.roundedAmount.cents })
    }

    @Test("the input digest changes with any byte and does not depend on file order")
    func digest() {
        let a = InputDigest.of(files: ["a.csv": [1, 2, 3], "b.csv": [4]])
        let b = InputDigest.of(files: ["b.csv": [4], "a.csv": [1, 2, 3]])
        let c = InputDigest.of(files: ["a.csv": [1, 2, 4], "b.csv": [4]])
        #expect(a == b && a != c && a.count == 64)
        // SHA-256 over each file's name and SHA-256, in name order (docs/dataset-format.md §9)
        #expect(InputDigest.of(files: [:]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(a == InputDigest.combine([(name: "a.csv", sha256: Array(SHA256.hash(data: [1, 2, 3] as [UInt8]))), (name: "b.csv", sha256: Array(SHA256.hash(data: [4] as [UInt8])))]))
    }

    @Test("a database of the first schema (v1, two runs of one period) is migrated in place: versions 1 and 2, the second replacing the first")
    func upgradesV1() throws {
        let path = NSTemporaryDirectory() + "gridsettle-v1-\(UInt32.random(in: 0...UInt32.max)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            // what the first store wrote: GRDB's migrator with only "v1"
            let q = try DatabaseQueue(path: path)
            var m = DatabaseMigrator()
            m.registerMigration("v1") { db in for sql in Schema.migrations[0].sqlite { try db.execute(sql: sql) } }
            try m.migrate(q)
            try q.write { db in
                for digest in ["a", "b"] {
                    try db.execute(
                        sql: "INSERT INTO run (site_id, resource_id, market, period_start, period_end, status, violation_count, input_digest, policies, statement_json, statement_csv, report_html) VALUES ('S', 'R', 'CAISO', '2016-07-12', '2016-07-13', 'FINAL', 0, ?, '', '', '', '')",
                        arguments: [digest])
                }
            }
        }
        let store = try SettlementStore(path: path)
        let runs = try store.runs()
        #expect(runs.map(\.version) == [1, 2])
        #expect(runs.map(\.replacesRunID) == [nil, runs[0].id])
        #expect(runs.allSatisfy { $0.tenantID == "default" })
        // and the next settlement of that period is version 3
        let s = try Self.statement()
        let id = try store.save(statement: s, inputDigest: "c")
        let third = try store.run(id: id)
        #expect(third?.version == 3 && third?.replacesRunID == runs[1].id)  // the hand-built statement is site S, R, 2016-07-12
    }
}
