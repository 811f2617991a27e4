import Foundation
import GridSettleCore
import GridSettleFormats
import Testing

/// Research baselines.md §10.2 "EE-1" on the eemeter sample `il-electricity-cdd-hdd-hourly` (hourly, Illinois,
/// simulated by its publisher; Fixtures/eemeter/SOURCES.md): the readings go through the dataset format's
/// reader, the baselines through the engine, and every figure is compared with `expected.json`, which
/// `scripts/eemeter_fixture.py` computed independently (exact fractions) and checked against the note.
///
/// The sample's local days are America/Chicago: the dataset is a PJM site with `"timeZone": "America/Chicago"`,
/// and the event comes from its `events.csv`, so `DatasetBaselines.run` (what `gridsettle baseline` runs) is
/// tested end to end.
@Suite("Baselines: EE-1 (eemeter sample through the dataset format)")
struct EE1BaselineTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/eemeter")
    static let chicago = MarketTimeZone(identifier: "America/Chicago", standardOffsetSeconds: -6 * 3600)

    struct Expected: Decodable {
        struct Event: Decodable { var event_utc_start_end: [String] }
        struct Method: Decodable {
            var days: [String]?
            var baseline_kw: [String: String]
            var adjusted_kw: [String: String]
            var reduction_kwh: String
        }
        var event: Event
        var caiso_10in10: Method
        var pjm_high4of5: Method
    }

    static func micros(_ s: String) -> Int64 {
        let parts = s.split(separator: ".")
        let whole = Int64(parts[0].replacingOccurrences(of: "-", with: ""))!
        let frac = parts.count > 1 ? Int64(parts[1].padding(toLength: 6, withPad: "0", startingAt: 0))! : 0
        return (s.hasPrefix("-") ? -1 : 1) * (whole * 1_000_000 + frac)
    }

    /// The fixture as a dataset (format v1): a PJM site whose master meter is the sample, 2016-05-01 … 08-01.
    static func dataset() throws -> Dataset {
        let config = SiteConfig(
            site: SiteInfo(id: "IL-EE-1", name: "eemeter sample il-electricity-cdd-hdd-hourly"), market: .pjm,
            period: SettlementPeriod(start: LocalDate(year: 2016, month: 5, day: 1), end: LocalDate(year: 2016, month: 8, day: 1)),
            meters: [
                MeterSpec(id: "IL-EE-1", role: .retailMaster, intervalMinutes: 60, ratingKW: 100),
                MeterSpec(id: "IL-EE-1-ESR", role: .storage, intervalMinutes: 60, ratingKW: 100),
            ],
            resource: ResourceSpec(id: "IL-EE-1-DR", participationModel: "DR", pricingNode: "COMED", roundTripEfficiency: 1, initialInventoryKWh: 0),
            tariff: TariffReference(urdbFile: "tariff.json", demandWindowMinutes: 60), holidays: [LocalDate(year: 2016, month: 7, day: 4)], policies: SettlementPolicies(),
            timeZone: "America/Chicago")
        var files: [String: [UInt8]] = [
            DatasetFiles.site: Array(DatasetWriter.siteJSON(config).utf8),
            "tariff.json": E2E.tariffJSON,
            DatasetFiles.awards: Array((DatasetFiles.Columns.awards.joined(separator: ",") + "\n").utf8),
            DatasetFiles.signals: Array((DatasetFiles.Columns.signals.joined(separator: ",") + "\n").utf8),
            DatasetFiles.prices: Array((DatasetFiles.Columns.prices.joined(separator: ",") + "\n").utf8),
        ]
        // the format needs a storage meter; this site has none, so it reads zero
        let readings = try String(contentsOf: fixtures.appendingPathComponent("readings.csv"), encoding: .utf8)
        let storageRows = readings.split(separator: "\n").dropFirst().map { row -> String in
            let start = row.split(separator: ",")[1]
            return "IL-EE-1-ESR,\(start),60,0,0,A"
        }
        files[DatasetFiles.readings] = Array((readings + storageRows.joined(separator: "\n") + "\n").utf8)
        files[DatasetFiles.events] = Array("resource_id,event_start,event_end,type\nIL-EE-1-DR,2016-07-20T19:00:00Z,2016-07-20T23:00:00Z,dispatch\n".utf8)
        return try DatasetReader.read(files: files)
    }

    @Test func caisoAndPJMMatchTheIndependentReference() throws {
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("expected.json")))
        let d = try Self.dataset()
        let m1 = d.meters["IL-EE-1"]!
        let series = RetailAdjustment.netImport(m1)
        #expect(series.grid.seconds == 3600 && series.quality.filter { $0 == .missing }.count <= 1)
        let calendar = MarketCalendar(timeZone: Self.chicago, holidays: [LocalDate(year: 2016, month: 7, day: 4)])
        let input = BaselineInput(series: series, calendar: calendar)
        let start = TimestampParser.parse(expected.event.event_utc_start_end[0])!
        let end = TimestampParser.parse(expected.event.event_utc_start_end[1])!
        let event = BaselineEvent(start: start, end: end)

        let caiso = DayMatchingBaseline(BaselinePresets.caisoWeekday).baseline(input, event: event)
        // the dataset path (events.csv, the site's own zone) gives the same result
        #expect(d.config.calendar.timeZone.identifier == "America/Chicago")
        let fromDataset = try DatasetBaselines.run(d, method: BaselinePresets.caisoWeekday, quantity: .siteLoad)
        #expect(fromDataset == [caiso])
        #expect(caiso.selected.map(\.description) == expected.caiso_10in10.days)
        for (h, v) in expected.caiso_10in10.baseline_kw { #expect(caiso.unadjusted[Int(h)!] == Self.micros(v), "CAISO baseline hour \(h)") }
        for (h, v) in expected.caiso_10in10.adjusted_kw { #expect(caiso.adjusted[Int(h)!] == Self.micros(v), "CAISO adjusted hour \(h)") }
        #expect(caiso.adjustment.raw == 1_115_989 && !caiso.adjustment.capped)
        #expect(caiso.loadReductionMicroKWh == Self.micros(expected.caiso_10in10.reduction_kwh))

        let pjm = DayMatchingBaseline(BaselinePresets.pjmWeekday).baseline(input, event: event)
        #expect(pjm.selected.map(\.description) == expected.pjm_high4of5.days)
        for (h, v) in expected.pjm_high4of5.baseline_kw { #expect(pjm.unadjusted[Int(h)!] == Self.micros(v), "PJM baseline hour \(h)") }
        for (h, v) in expected.pjm_high4of5.adjusted_kw { #expect(pjm.adjusted[Int(h)!] == Self.micros(v), "PJM adjusted hour \(h)") }
        #expect(pjm.adjustment.raw == 511_667)
        // the reduction sums the slots' rounded values; the reference sums exact fractions
        #expect(abs(pjm.loadReductionMicroKWh - Self.micros(expected.pjm_high4of5.reduction_kwh)) <= 2)
    }

    @Test func anUnknownTimeZoneIsAnError() throws {
        let d = try Self.dataset()
        var config = d.config
        config.timeZone = "America/Chicgo"
        let site = DatasetWriter.siteJSON(config)
        var files = DatasetWriter.files(d, tariffJSON: E2E.tariffJSON)
        files[DatasetFiles.site] = Array(site.utf8)
        let issues = try #require(E2E.issues(files, replacing: DatasetFiles.site, with: site))
        #expect(issues.contains { $0.field == "timeZone" && $0.value == "America/Chicgo" && $0.expected.contains("America/Chicago") })
    }

    @Test func nyisoFindsTooFewDaysAndSaysSo() throws {
        let d = try Self.dataset()
        let calendar = MarketCalendar(timeZone: Self.chicago, holidays: [LocalDate(year: 2016, month: 7, day: 4)])
        let input = BaselineInput(series: RetailAdjustment.netImport(d.meters["IL-EE-1"]!), calendar: calendar)
        let start = TimestampParser.parse("2016-07-20T19:00:00Z")!
        let r = DayMatchingBaseline(BaselinePresets.nyisoWeekday).baseline(input, event: BaselineEvent(start: start, end: start.adding(seconds: 4 * 3600)))
        // the 25 %-of-30-day-peak rule leaves 3 window days (07-11, 07-08, 06-23): the insufficient-days branch
        let window = r.days.filter { $0.rejection == .notSelected }.map(\.date.description)
        #expect(window == ["2016-07-11", "2016-07-08", "2016-06-23"])
        #expect(r.days.filter { $0.rejection == .lowUsage }.count > 5)
        #expect(r.fallback?.contains("3 like day(s)") == true && r.selected.isEmpty && r.unadjusted.allSatisfy { $0 == nil })
    }
}
