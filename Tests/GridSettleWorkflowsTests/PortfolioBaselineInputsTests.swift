import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleStore
import Testing

@testable import GridSettleFormats

/// `temperature.csv` and `baseline_series.csv` in a portfolio (docs/dataset-format.md §9): format 1's columns
/// after a `resource_id`, so each resource's demand-response baseline reads its own rows.
@Suite struct PortfolioBaselineInputsTests {
    /// Two resources enrolled with the `external` baseline for their dispatch event, each with its own
    /// baseline rows (different values) and hourly temperatures.
    static func fleet() throws -> [Dataset] {
        var fleet = try PortfolioFixture.fleet(2)
        for k in fleet.indices {
            fleet[k].config.demandResponse = DemandResponseProgram(method: "external")
            let event = try #require(fleet[k].events.first { $0.kind == .dispatch })
            let kW = Int64(150 + 50 * k) * 1_000_000
            fleet[k].baselineSeries = [
                SuppliedBaselineInterval(start: event.start, end: event.end, microKW: kW, source: ""),
            ]
            let (start, end) = fleet[k].periodBounds
            fleet[k].temperatures = stride(from: start.secondsSinceEpoch, to: end.secondsSinceEpoch, by: 3_600).map {
                TemperatureReading(start: Instant(secondsSinceEpoch: $0), milliF: 55_000 + Int64(k) * 1_000 + $0 % 7_000, source: "")
            }
        }
        return fleet
    }

    @Test func eachUnitTakesItsResourcesRows() throws {
        let fleet = try Self.fleet()
        let dir = try PortfolioFixture.portfolio(fleet, tag: "baseline-inputs")
        #expect(PortfolioFixture.text(dir, "baseline_series.csv").hasPrefix("resource_id,interval_start,interval_end,baseline_kw\n"))
        let p = try PortfolioReader.read(directory: dir, digest: InputDigest.sha256)
        let units = p.units(.allComplete)
        #expect(units.count == 2)
        for (k, unit) in units.enumerated() {
            let d = try p.dataset(unit)
            #expect(d.baselineSeries.map(\.microKW) == fleet[k].baselineSeries.map(\.microKW))
            #expect(d.temperatures.map(\.milliF) == fleet[k].temperatures.map(\.milliF))
            let fromPortfolio = try SettlementEngine.settle(d).statement
            let v1 = try DatasetReader.read(files: DatasetWriter.files(fleet[k], tariffJSON: PortfolioFixture.tariffJSON))
            let fromDataset = try SettlementEngine.settle(v1).statement
            let dr = fromPortfolio.lines.filter { $0.section == .demandResponse }
            #expect(!dr.isEmpty)  // the supplied baseline was used
            // the same figures; notes name each file's own lines (the second resource's rows sit lower in the portfolio's file)
            func figures(_ s: GridSettleCore.Statement) -> [String] { s.lines.map { "\($0.section) \($0.code) \($0.quantityMicro) \($0.amount.micros)" } }
            #expect(figures(fromPortfolio) == figures(fromDataset))
        }
    }

    @Test func rowsNameAResourceAndKeepTheirOrderPerResource() throws {
        let fleet = try Self.fleet()
        let dir = try PortfolioFixture.portfolio(fleet, tag: "baseline-inputs-bad")
        let a = fleet[0].config.resource.id, b = fleet[1].config.resource.id
        try PortfolioFixture.write(dir, "temperature.csv", """
            resource_id,interval_start,temperature_f
            \(a),2016-11-01T09:00:00Z,50
            \(b),2016-11-01T08:00:00Z,51
            \(a),2016-11-01T08:00:00Z,52
            NOPE,2016-11-01T08:00:00Z,53
            \(b),2016-11-01T08:00:00Z,54

            """)
        try PortfolioFixture.write(dir, "baseline_series.csv", "interval_start,interval_end,baseline_kw\n")
        let refused = #expect(throws: DatasetInvalid.self) { try PortfolioReader.read(directory: dir, digest: InputDigest.sha256) }
        let text = refused?.issues.map(\.description).joined(separator: "\n") ?? ""
        // b's row before a's later row is fine: order is per resource
        #expect(!text.contains("temperature.csv:3:"))
        #expect(text.contains("temperature.csv:4:2: error: field 'interval_start': saw '2016-11-01T08:00:00Z'; expected rows in time order per resource; temperature.csv:2 before it is at 2016-11-01T09:00:00Z"), "\(text)")
        #expect(text.contains("temperature.csv:5:1: error: field 'resource_id': saw 'NOPE'"), "\(text)")
        #expect(text.contains("temperature.csv:6:2: error: field 'interval_start': saw '2016-11-01T08:00:00Z'; expected one row per instant of resource \(b); line 3 already has 2016-11-01T08:00:00Z (duplicate)"), "\(text)")
        #expect(text.contains("baseline_series.csv") && text.contains("resource_id"), "\(text)")
    }
}
