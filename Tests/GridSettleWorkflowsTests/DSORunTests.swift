import GridSettleCore
import GridSettleExamples
import GridSettleFormats
import GridSettleStore
import Testing

@testable import GridSettleWorkflows

/// The DSO use case, in process: the generated example settles every interface with revenue adequacy and the
/// local ledger holding, and settling from the members' series as a job's workers store them gives the same files.
@Suite struct DSORunTests {
    static func files() -> [String: [UInt8]] {
        var o = DSOExampleGenerator.Options()
        o.membersPerInterface = 8
        o.historyDays = 3
        return DSOExampleGenerator.files(o).mapValues { Array($0.utf8) }
    }

    @Test func everyInterfaceSettlesAndBalances() throws {
        let d = try DSODatasetReader.read(files: Self.files())
        let outcome = DSORun.run(d, initialSOCPercent: 50)
        #expect(outcome.invalid == 0 && outcome.adequacyFailed == 0 && outcome.ledgerFailed == 0, "\(outcome.log)")
        #expect(outcome.report.settlements.count == d.dsos.reduce(0) { $0 + $1.interfaces.count })
        let files = Dictionary(uniqueKeysWithValues: outcome.report.files())
        #expect(files.keys.sorted() == [
            "dispatch-setpoints.csv", "dso-accounts.csv", "dso-member-lines.csv", "forecast-backtest.csv", "interface-forecast.csv",
            "local-market-trades.csv",
        ])
        // every account row reconciles (F5.3 and the local ledger), interfaces and DSO totals alike
        let rows = (files["dso-accounts.csv"] ?? "").split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.hasSuffix(",true,true") }, "\(rows)")
        #expect(outcome.report.summary().count >= d.dsos.count)
    }

    /// The reduce of a job reads the members' received and delivered series that the workers stored
    /// (``DSOMemberUnitSettlement/result(received:delivered:grid:)``); settled from them, the run writes the
    /// same bytes as from the readings files.
    @Test func settlingFromStoredSeriesGivesTheSameFiles() throws {
        let files = Self.files()
        let d = try DSODatasetReader.read(files: files)
        var received: [String: ContiguousArray<Int64>] = [:]
        var delivered: [String: ContiguousArray<Int64>] = [:]
        for (k, m) in d.members.enumerated() {
            let unit = DSOMemberUnitSettlement.result(received: d.receivedMicroKWh[k], delivered: d.deliveredMicroKWh[k], grid: d.grid)
            received[m.id] = unit.series.first { $0.name == DSOMemberUnitSettlement.receivedSeries }?.values
            delivered[m.id] = unit.series.first { $0.name == DSOMemberUnitSettlement.deliveredSeries }?.values
        }
        let fromSeries = try DSODatasetReader.read(files: files, readings: .supplied(source: "test", received: received, delivered: delivered))
        let a = DSORun.run(d, initialSOCPercent: 50).report.files()
        let b = DSORun.run(fromSeries, initialSOCPercent: 50).report.files()
        #expect(a.map(\.name) == b.map(\.name))
        #expect(a.map(\.text) == b.map(\.text))
    }
}
