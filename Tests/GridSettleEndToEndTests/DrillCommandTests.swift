import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore
import Testing

/// `gridsettle drill` on a settled portfolio: a stored line's intervals from the directory it was settled from,
/// adding up to the stored line; inputs that changed since are refused.
@Suite("gridsettle drill")
struct DrillCommandTests {
    @Test func intervalsOfAStoredLine() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: KilledRunTests.binary), "build the gridsettle executable first (swift build)")
        let dir = E2E.tempDirectory()
        let portfolio = dir + "/fleet"
        #expect(try E2E.gridsettle(["generate", "--resources", "2", "--portfolio", "--out", portfolio]).status == 0)
        let db = dir + "/runs.sqlite"
        let settled = try E2E.gridsettle(["settle", portfolio, "--db", db, "--out", dir + "/statements"])
        #expect(settled.status == 0 || settled.status == 2, "\(settled.out)")
        let store = try SettlementStore(path: db)
        let run = try #require(try await store.runs(tenant: "default").sorted { $0.id < $1.id }.last)
        let lines = try await store.lines(runID: run.id)
        await store.close()

        for code in ["CC6475", "ENERGY-P2"] {
            let line = try #require(lines.first { $0.code == code && $0.section != "retail-adjustment" }, "no line \(code)")
            let csv = dir + "/\(code).csv"
            let drilled = try E2E.gridsettle(["drill", portfolio, "--db", db, "--run", String(run.id), "--line", String(line.seq), "--out", csv])
            #expect(drilled.status == 0, "\(drilled.out)")
            #expect(drilled.out.contains("wrote \(csv)"))
            let text = try String(contentsOfFile: csv, encoding: .utf8)
            #expect(text.hasPrefix("interval_start,interval_end,quantity,unit,price,price_unit,amount\n"))
            let rows = try CSVCommandOutputTests.rows(csv)
            var quantity: Int64 = 0, amount: Int64 = 0
            for row in rows {
                quantity += try FixedPointFormat.parse(row[2], scale: 6).get()
                amount += try FixedPointFormat.parse(row[6], scale: 6).get()
            }
            #expect(rows.count == line.intervalCount, "\(code)")
            #expect(quantity == line.quantityMicro && amount == line.amountMicros, "\(code): the intervals add up to \(quantity) µ, \(amount) µ$, not the stored line")
        }

        // a demand line is named with the reason, and no file is written
        let demand = try #require(lines.first { $0.code == "DEMAND-FACILITY" && $0.section == "retail-as-metered" })
        let notBroken = try E2E.gridsettle(["drill", portfolio, "--db", db, "--run", String(run.id), "--line", String(demand.seq), "--out", dir + "/demand.csv"])
        #expect(notBroken.status == 0 && notBroken.out.contains("not broken down"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/demand.csv"))

        // the inputs changed since the run: refused (the fingerprint differs), nothing written
        let prices = portfolio + "/prices.csv"
        try (try String(contentsOfFile: prices, encoding: .utf8) + "\n").write(toFile: prices, atomically: false, encoding: .utf8)
        let changed = try E2E.gridsettle(["drill", portfolio, "--db", db, "--run", String(run.id), "--line", "0", "--out", dir + "/changed.csv"])
        #expect(changed.status != 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/changed.csv"))
        // a line the run does not have
        #expect(try E2E.gridsettle(["drill", portfolio, "--db", db, "--run", String(run.id), "--line", "100000"]).status != 0)
    }
}
