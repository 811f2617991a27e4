import Foundation
import GridSettleCore
import GridSettleFormats
import Testing

/// The optional baseline inputs through the dataset format: `temperature.csv` and `baseline_series.csv` read
/// and written back, bad rows named by file, line and field, and the `external` method run on a dataset.
@Suite("Baseline input files")
struct BaselineInputFilesTests {
    static let eventsCSV = """
        resource_id,event_start,event_end,type
        LAAFB_1_V2G,2016-11-29T22:00:00Z,2016-11-30T01:00:00Z,dispatch

        """

    static let temperatureCSV = """
        interval_start,temperature_f
        2016-11-01T08:00:00Z,58.73
        2016-11-01T09:00:00Z,-3.5
        2016-11-01T10:00:00Z,60
        2016-11-01T10:53:00Z,60.125

        """

    /// 14:00–16:30 local (PST, UTC−8) of the event, 16:30–17:00 left out.
    static let seriesCSV = """
        interval_start,interval_end,baseline_kw
        2016-11-29T22:00:00Z,2016-11-29T23:00:00Z,100
        2016-11-29T23:00:00Z,2016-11-30T00:00:00Z,110.5
        2016-11-30T00:00:00Z,2016-11-30T00:30:00Z,120.000001

        """

    static func files(_ extra: [String: String]) throws -> [String: [UInt8]] {
        var files = E2E.files(try E2E.example())
        files[DatasetFiles.events] = Array(Self.eventsCSV.utf8)
        for (k, v) in extra { files[k] = Array(v.utf8) }
        return files
    }

    static func text(_ issues: [DatasetIssue]) -> String { issues.map(\.description).joined(separator: "\n") }

    @Test func bothFilesRoundTrip() throws {
        let d = try DatasetReader.read(files: Self.files([DatasetFiles.temperature: Self.temperatureCSV, DatasetFiles.baselineSeries: Self.seriesCSV]))
        #expect(d.temperatures.map(\.milliF) == [58_730, -3_500, 60_000, 60_125])
        #expect(d.temperatures[1].source == "temperature.csv:3")
        #expect(d.baselineSeries.map(\.microKW) == [100_000_000, 110_500_000, 120_000_001])
        #expect(d.baselineSeries[2].source == "baseline_series.csv:4")
        #expect(DatasetWriter.temperatureCSV(d) == Self.temperatureCSV)
        #expect(DatasetWriter.baselineSeriesCSV(d) == Self.seriesCSV)
        let written = DatasetWriter.files(d, tariffJSON: E2E.tariffJSON)
        #expect(written[DatasetFiles.temperature] != nil && written[DatasetFiles.baselineSeries] != nil)
        // a dataset without them writes neither file
        let plain = E2E.files(try E2E.example())
        #expect(plain[DatasetFiles.temperature] == nil && plain[DatasetFiles.baselineSeries] == nil)
    }

    @Test func badTemperatureRowsAreNamed() throws {
        let bad = """
            interval_start,temperature_f
            2016-11-01T08:00:00Z,60.5
            2016-11-01T09:00:00Z,warm
            2016-11-01T10:00:00Z,61.1234
            2016-11-01T00:00:00-08:00,60.5
            2016-11-01T07:30:00Z,59
            2016-11-01T11:00:00Z,290.15
            2016-11-01 12:00,50
            2016-11-01T13:00:00Z

            """
        let issues = try #require(E2E.issues(try Self.files([:]), replacing: DatasetFiles.temperature, with: bad))
        let t = Self.text(issues)
        #expect(issues.filter { $0.location.hasPrefix(DatasetFiles.temperature) }.count == 7, "\(t)")
        #expect(t.contains("temperature.csv:3:2: error: field 'temperature_f': saw 'warm'; expected a temperature in °F"))
        #expect(t.contains("temperature.csv:4:2: error: field 'temperature_f': saw '61.1234'; expected a temperature in °F with at most 3 decimals"))
        // the same instant written with an offset is a duplicate of line 2
        #expect(t.contains("temperature.csv:5:1: error: field 'interval_start': saw '2016-11-01T00:00:00-08:00'; expected one row per instant; line 2 already has 2016-11-01T08:00:00Z (duplicate)"))
        #expect(t.contains("temperature.csv:6:1: error: field 'interval_start': saw '2016-11-01T07:30:00Z'; expected rows in time order; temperature.csv:2 before it is at 2016-11-01T08:00:00Z"))
        #expect(t.contains("temperature.csv:7:2") && t.contains("between −130 and 140"))
        #expect(t.contains("temperature.csv:8:1") && t.contains("ISO 8601"))
        #expect(t.contains("temperature.csv:9: error: field 'row'"))
        // the header is checked like every other file's
        let header = try #require(E2E.issues(try Self.files([:]), replacing: DatasetFiles.temperature, with: "interval_start,temp_c\n"))
        #expect(Self.text(header).contains("temperature.csv:1:2: error: field 'header': saw 'temp_c'"))
    }

    @Test func badBaselineSeriesRowsAreNamed() throws {
        let bad = """
            interval_start,interval_end,baseline_kw
            2016-11-29T22:00:00Z,2016-11-29T23:00:00Z,100
            2016-11-29T23:00:00Z,2016-11-29T23:00:00Z,100
            2016-11-29T22:30:00Z,2016-11-29T23:30:00Z,100
            2016-11-29T23:00:00Z,2016-11-30T00:00:00Z,1O0
            2016-11-29T23:00:00Z,2016-11-30T00:00:00Z,1.0000001
            2016-11-29T21:00:00Z,2016-11-29T21:30:00Z,5

            """
        let issues = try #require(E2E.issues(try Self.files([:]), replacing: DatasetFiles.baselineSeries, with: bad))
        let t = Self.text(issues)
        #expect(issues.filter { $0.location.hasPrefix(DatasetFiles.baselineSeries) }.count == 5, "\(t)")
        #expect(t.contains("baseline_series.csv:3:2: error: field 'interval_end': saw '2016-11-29T23:00:00Z'; expected an instant after interval_start"))
        #expect(t.contains("baseline_series.csv:4:1: error: field 'interval_start': saw '2016-11-29T22:30:00Z'; expected intervals that do not overlap; baseline_series.csv:2 runs 2016-11-29T22:00:00Z…2016-11-29T23:00:00Z"))
        #expect(t.contains("baseline_series.csv:5:3: error: field 'baseline_kw': saw '1O0'; expected the baseline's mean power over the interval in kW"))
        #expect(t.contains("baseline_series.csv:6:3") && t.contains("at most 6 decimals"))
        #expect(t.contains("baseline_series.csv:7:1: error: field 'interval_start': saw '2016-11-29T21:00:00Z'; expected rows in time order; baseline_series.csv:2 before it starts at 2016-11-29T22:00:00Z"))
    }

    @Test func theExternalMethodTakesTheSuppliedSeries() throws {
        let d = try DatasetReader.read(files: Self.files([DatasetFiles.baselineSeries: Self.seriesCSV]))
        let meters = DatasetBaselines.MeterSeries(d, vee: VEE.run(d))
        let results = try DatasetBaselines.results(d, methodName: "external", quantity: nil, meters: meters)
        let r = try #require(results.first)
        #expect(results.count == 1 && r.method == "external" && r.slotMinutes == 5 && r.eventSlots == 168..<204)  // 14:00–17:00
        #expect(r.days.isEmpty && r.selected.isEmpty && r.adjustment.kind == .none && r.fallback == nil)
        #expect(r.adjusted == r.unadjusted)
        #expect((168..<180).allSatisfy { r.adjusted[$0] == 100_000_000 })
        #expect((180..<192).allSatisfy { r.adjusted[$0] == 110_500_000 })
        #expect((192..<198).allSatisfy { r.adjusted[$0] == 120_000_001 })
        #expect((198..<204).allSatisfy { r.adjusted[$0] == nil } && r.adjusted[167] == nil && r.adjusted[204] == nil)
        #expect(r.notes.contains("6 of 36 event slot(s) not covered by the supplied baseline series: 16:30–17:00 (no baseline, no performance there)"))
        #expect(r.notes.contains { $0.contains("rows baseline_series.csv:2 … baseline_series.csv:4 on 2016-11-29") })
        // site load by default: the actual is the master meter's, as for a preset; performance only where covered
        let caiso = try DatasetBaselines.results(d, methodName: "caiso-10-in-10", quantity: nil, meters: meters)
        #expect(r.actual == caiso[0].actual)
        let perf = r.performance(.siteLoad)
        #expect(perf[0] == r.adjusted[168]! - r.actual[168]! && perf[30...].allSatisfy { $0 == nil })
        // --quantity still applies
        let device = try DatasetBaselines.results(d, methodName: "external", quantity: .deviceOutput, meters: meters)
        #expect(try device[0].actual == DatasetBaselines.run(d, method: BaselinePresets.caisoMGO, quantity: .deviceOutput, meters: meters)[0].actual)
        #expect(device[0].actual != r.actual)
        // outputs: no days, the note in the text
        let text = BaselineOutput.text(r, quantity: .siteLoad, zone: "America/Los_Angeles")
        #expect(text.contains("method external") && text.contains("days used (0)") && text.contains("note: 6 of 36 event slot(s) not covered"))
        #expect(BaselineOutput.daysCSV(results) == BaselineOutput.dayColumns.joined(separator: ",") + "\n")
    }

    @Test func methodNamesAndMissingInputsAreErrors() throws {
        let d = try DatasetReader.read(files: Self.files([:]))
        let meters = DatasetBaselines.MeterSeries(d, vee: VEE.run(d))
        #expect(DatasetBaselines.methodNames.last == "external" && DatasetBaselines.methodNames.contains("caiso-weather-4-of-90"))
        #expect(DatasetBaselines.defaultQuantity(methodName: "external") == .siteLoad)
        #expect(DatasetBaselines.defaultQuantity(methodName: "caiso-mgo") == .deviceOutput)
        #expect(DatasetBaselines.defaultQuantity(methodName: "nope") == nil)
        let unknown = #expect(throws: BaselineInputError.self) { try DatasetBaselines.results(d, methodName: "nope", quantity: nil, meters: meters) }
        #expect(unknown?.message.contains("expected one of caiso-10-in-10") == true && unknown?.message.contains("external") == true)
        let noFile = #expect(throws: BaselineInputError.self) { try DatasetBaselines.results(d, methodName: "external", quantity: nil, meters: meters) }
        #expect(noFile?.message.contains("needs baseline_series.csv") == true)
        // a preset by name equals the preset run directly
        #expect(try DatasetBaselines.results(d, methodName: "caiso-10-in-10", quantity: nil, meters: meters)
            == DatasetBaselines.run(d, method: BaselinePresets.caisoWeekday, quantity: .siteLoad, meters: meters))
    }
}
