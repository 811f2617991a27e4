import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats
import GridSettleStore
import Testing

@testable import GridSettleWorkflows

/// A portfolio's consecutive months carry the storage inventory and the ratchet's earlier peaks forward
/// (docs/dataset-format.md §9, "Consecutive months"): December opens with what November closed with, and its
/// bills and closing inventory are those of November and December settled as one period.
@Suite struct ConsecutiveMonthsTests {
    /// One resource, November and December 2016, on SCE TOU-8 with a 100 % demand ratchet over 11 months.
    static func portfolio(_ tag: String) throws -> String {
        let marker = "\"flatdemandunit\": \"kW\","
        let text = ExampleTariffs.sceTOU8JSON
        let at = try #require(text.range(of: marker))
        let tariffJSON = Array(text.replacingCharacters(in: at, with: marker + "\n      \"lookbackpercent\": 1,").utf8)
        let tariff = try URDBReader.read(data: tariffJSON, file: "tariff.json", reference: TariffReference(urdbFile: "tariff.json")).tariff
        #expect(tariff.ratchet?.percentByMonth == [Int64](repeating: 1_000_000, count: 12))
        // December's seed gives it a lower peak than November's, so the ratchet binds
        let months = [(11, UInt64(2016)), (12, decemberSeed)].flatMap {
            ExampleGenerator.fleet(count: 1, options: ExampleOptions(seed: $0.1, month: $0.0), tariff: tariff)
        }
        let dir = PortfolioFixture.temporaryDirectory(tag)
        try PortfolioWriter.write(months, tariffs: ["tariff.json": tariffJSON], name: "two months", to: dir)
        return dir
    }

    /// December's generator seed: with it December's peak is below November's (seed 2016, like November, is not).
    static let decemberSeed: UInt64 = 7
    static let november = SettlementPeriod(start: LocalDate(year: 2016, month: 11, day: 1), end: LocalDate(year: 2016, month: 12, day: 1))
    static let december = SettlementPeriod(start: LocalDate(year: 2016, month: 12, day: 1), end: LocalDate(year: 2017, month: 1, day: 1))

    @Test func decemberOpensWithNovembersClosing() throws {
        let source = try SourceReader.read(directory: try Self.portfolio("carry"))
        #expect(source.unitCount == 2)
        #expect(!source.continues(0) && source.continues(1))
        let nov = try source.settle(0).result
        let dec = try source.settle(1).result
        let opened = try #require(nov.statement.inventory)
        #expect(opened.opening.source == .siteFile)
        #expect(opened.opening.retailMicroKWh == Units.microKWh(nov.config.resource.initialInventoryKWh))
        #expect(opened.opening.wholesaleMicroKWh == 0)
        let carried = try #require(dec.statement.inventory)
        #expect(carried.opening.source == .carried(from: "2016-11"))
        #expect(carried.opening.retailMicroKWh == opened.closingRetailMicroKWh)
        #expect(carried.opening.wholesaleMicroKWh == opened.closingWholesaleMicroKWh)
        #expect(carried.opening.retailMicroKWh + carried.opening.wholesaleMicroKWh > 0)
        // the peaks the ratchet looks back on: November's, one per bill
        #expect(carried.opening.demandHistory.asMetered == [DemandHistoryEntry(billMonth: 11, peak: nov.billsAsMetered[0].demand.actualPeak ?? 0)])
        #expect(carried.ratchetMonths == 1)
        let json = StatementJSON.render(dec.statement)
        #expect(json.contains("\"openingSource\": \"carried from 2016-11\""))
    }

    /// The same figures as November and December settled as one two-month period, where one ledger and one
    /// run of bills span both months: December's bills (ratchet included) and the inventory it ends with.
    @Test func consecutiveMonthsSettleAsOnePeriod() throws {
        let dir = try Self.portfolio("one-period")
        let p = try PortfolioReader.read(directory: dir, digest: InputDigest.sha256)
        let both = try SettlementEngine.settle(try p.dataset(Portfolio.Unit(site: 0, period: SettlementPeriod(start: Self.november.start, end: Self.december.end))))
        let source = try SourceReader.read(directory: dir)
        _ = try source.settle(0)
        let dec = try source.settle(1).result
        #expect(both.billsAsMetered.count == 2)
        #expect(dec.billsAsMetered == [both.billsAsMetered[1]])
        #expect(dec.billsAdjusted.map(\.lines) == [both.billsAdjusted[1].lines])
        #expect(dec.ledger.closingRetail == both.ledger.closingRetail)
        #expect(dec.ledger.closingWholesale == both.ledger.closingWholesale)

        // and the carry matters here: December opened from the site file bills less billing demand
        let alone = try SettlementEngine.settle(try p.dataset(Portfolio.Unit(site: 0, period: Self.december)))
        let carriedDemand = try #require(dec.billsAsMetered[0].demand.billingDemand)
        let aloneDemand = try #require(alone.billsAsMetered[0].demand.billingDemand)
        #expect(carriedDemand > aloneDemand)
        #expect(carriedDemand == both.billsAsMetered[0].demand.actualPeak)
        #expect(alone.statement.inventory?.opening.source == .siteFile)
    }

    /// December asked for alone, through `settle --period`, a worker, or after November in one settlement: one statement.
    @Test func everyPathOpensDecemberTheSameWay() async throws {
        let dir = try Self.portfolio("paths")
        let chained = try SourceReader.read(directory: dir)
        _ = try chained.settle(0)
        let expected = StatementJSON.render(try chained.settle(1).result.statement)

        let alone = try SourceReader.read(directory: dir, periods: try #require(PeriodSelection("2016-12")))
        #expect(alone.unitCount == 1)
        #expect(StatementJSON.render(try alone.settle(0).result.statement) == expected)

        let resource = try chained.dataset(1).config.resource.id
        let worker = PortfolioCache()
        let fromWorker = try worker.settle(directory: dir, resourceID: resource, periodStart: "2016-12-01", periodEnd: "2017-01-01")
        #expect(StatementJSON.render(fromWorker.result.statement) == expected)

        let out = PortfolioFixture.temporaryDirectory("paths-out")
        let store = try SettlementStore(path: (out as NSString).appendingPathComponent("runs.sqlite"))
        try await SourceSettlement.settle(chained, into: store, options: SettlementOptions(outputDirectory: nil, parallelism: 2)) { _ in }
        let runs = try await store.runs(tenant: SettlementOptions.defaultTenant)
        #expect(runs.count == 2)
        let december = try #require(runs.first { $0.periodStart == "2016-12-01" })
        #expect(try await StoredRunDocuments.load(runID: december.id, from: store)?.json == expected)
    }

    /// A PJM site carries its pools and peaks the same way: its first month opens from `pjm.opening…KWh`.
    @Test func aPJMSiteCarriesItsPools() throws {
        let json = Array(ExampleTariffs.syntheticPJMCommercialJSON.utf8)
        let reference = TariffReference(urdbFile: "tariff.json", demandWindowMinutes: 60)
        let tariff = try URDBReader.read(data: json, file: "tariff.json", reference: reference).tariff
        let months = [11, 12].map { PJMExampleGenerator.customerSide(year: 2019, month: $0, tariff: tariff, tariffFile: "tariff.json") }
        let dir = PortfolioFixture.temporaryDirectory("pjm-carry")
        try PortfolioWriter.write(months, tariffs: ["tariff.json": json], name: "PJM two months", to: dir)
        let source = try SourceReader.read(directory: dir)
        #expect(source.unitCount == 2)
        let nov = try source.settle(0).result
        let dec = try source.settle(1).result
        let settings = try #require(nov.config.pjm)
        let opened = try #require(nov.statement.inventory)
        #expect(opened.opening == OpeningBalance(
            source: .siteFile, retailMicroKWh: Units.microKWh(settings.openingRetailKWh), wholesaleMicroKWh: Units.microKWh(settings.openingWholesaleKWh)))
        let carried = try #require(dec.statement.inventory)
        #expect(carried.opening.source == .carried(from: "2019-11"))
        #expect(carried.opening.retailMicroKWh == opened.closingRetailMicroKWh)
        #expect(carried.opening.wholesaleMicroKWh == opened.closingWholesaleMicroKWh)
        #expect(carried.opening.retailMicroKWh + carried.opening.wholesaleMicroKWh > 0)
    }

    /// A site file without meters covers no month: it makes no unit of its own, and a month asked for explicitly
    /// is refused by its validation instead of searching back for an opening balance for ever.
    @Test func aSiteWithoutMetersCoversNoMonth() throws {
        let dir = try Self.portfolio("no-meters")
        let site = try #require(try FileManager.default.contentsOfDirectory(atPath: dir + "/sites").first)
        var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/sites/" + site))) as? [String: Any])
        root["meters"] = [Any]()
        try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: dir + "/sites/" + site))
        // its meters' rows now name no site: drop them, as an export for this site would not have them
        try PortfolioFixture.write(dir, "readings.csv", "meter_id,interval_start,interval_minutes,delivered_kwh,received_kwh,quality\n")
        let all = try SourceReader.read(directory: dir)
        #expect(all.unitCount == 0)
        let december = try SourceReader.read(directory: dir, periods: try #require(PeriodSelection("2016-12")))
        #expect(december.unitCount == 1)
        #expect(throws: DatasetInvalid.self) { try december.settle(0) }
    }

    /// When November cannot be settled, December's opening is unknown: December is refused with November's
    /// errors after one that says why, rather than opened from the site file.
    @Test func aMonthBeforeThatCannotSettleStopsTheNext() throws {
        let dir = try Self.portfolio("broken")
        var rows = PortfolioFixture.text(dir, "readings.csv").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        rows.insert(rows[1], at: 2)  // a November reading twice
        try PortfolioFixture.write(dir, "readings.csv", rows.joined(separator: "\n"))
        let source = try SourceReader.read(directory: dir, periods: try #require(PeriodSelection("2016-12")))
        let refused = #expect(throws: DatasetInvalid.self) { try source.settle(0) }
        let first = try #require(refused?.issues.first)
        #expect(first.location == "(opening balance of 2016-12)")
        #expect(first.value == "2016-11")
        #expect(refused?.issues.dropFirst().contains { $0.location.hasPrefix("readings.csv:") } == true)
    }
}
