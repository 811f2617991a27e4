import Foundation
import GridSettleCore
import GridSettleExamples
import Testing

@testable import GridSettleFormats

/// Every CSV the formats library writes, with commas, quotes and line breaks in its text fields, read back
/// through the project's own readers (``CSVTable``, ``DatasetReader``, ``QuotedCSV``) with the same values.
@Suite struct CSVRoundTripTests {
    /// Text that an unquoted writer would split, merge or cut.
    static let awkward = [
        "38 Oak Place, Montclair, NJ 07042", #"the "north" meter"#, "two\nlines", "cr\r\nlf", #"a,"b",c"#, #"""#, " padded ",
    ]

    /// The rows of `text` read by ``CSVTable`` with its own header as the columns; no issue allowed.
    static func rows(_ text: String, file: String) throws -> [[String]] {
        let columns = text.prefix { $0 != "\n" }.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let t = try CSVTable(file: file, bytes: Array(text.utf8), required: columns)
        var out: [[String]] = []
        var issues: [DatasetIssue] = []
        t.forEachRow(onIssue: { issues.append($0) }) { row in out.append(row.fields.map(t.text)) }
        #expect(issues.isEmpty, "\(issues.prefix(3))")
        // The interchange reader agrees, field for field.
        let q = try QuotedCSV(file: file, bytes: Array(text.utf8))
        #expect(q.records.dropFirst().map(\.fields) == out)
        return out
    }

    static let tariffJSON = Array(ExampleTariffs.sceTOU8JSON.utf8)

    static func example() throws -> Dataset {
        let tariff = try URDBReader.read(data: tariffJSON, file: "tariff.json", reference: TariffReference(urdbFile: "tariff.json")).tariff
        return ExampleGenerator.laAirForceBase(options: ExampleOptions(), tariff: tariff, tariffFile: "tariff.json")
    }

    @Test func statementCSVKeepsDescriptionsAndNotesWithCommasQuotesAndLineBreaks() throws {
        var s = try SettledExportRoundTripTests.settledExample().1.statement
        for k in s.lines.indices {
            s.lines[k].description = Self.awkward[k % Self.awkward.count] + " \(k)"
            s.lines[k].note = Self.awkward[(k + 3) % Self.awkward.count]
        }
        let rows = try Self.rows(StatementCSV.render(s), file: "statement.csv")
        #expect(rows.count == s.lines.count + StatementSection.allCases.count)
        #expect(rows.allSatisfy { $0.count == StatementCSV.columns.count })
        for (k, l) in s.lines.enumerated() {
            #expect(rows[k][1] == l.code)
            #expect(rows[k][2] == l.description)
            #expect(rows[k][13] == l.note)
            #expect(rows[k][7] == l.roundedAmount.description)
        }
        #expect(rows.suffix(StatementSection.allCases.count).map { $0[0] } == StatementSection.allCases.map(\.rawValue))
    }

    /// (Line breaks are not tested here: the dataset reader refuses control characters in text fields; the
    /// dialect itself carries them, see ``CSVWriterTests``.)
    @Test func datasetFilesKeepIdsReasonsAndEditorsWithCommasAndQuotes() throws {
        var d = try Self.example()
        let oldIDs = d.config.meters.map(\.id)
        let newIDs = oldIDs.indices.map { "meter \($0), \"bay \($0)\"" }
        for k in d.config.meters.indices {
            d.config.meters[k].id = newIDs[k]
            d.meters[newIDs[k]] = d.meters.removeValue(forKey: oldIDs[k])
        }
        d.config.resource.id = #"ESS-1, "east""#
        let start = try #require(d.meters[newIDs[0]]?.grid.startOf(3))
        d.edits = [
            MeterEdit(meterID: newIDs[0], intervalStart: start, channel: .delivered, newMicroKWh: 1_250_000,
                      reason: "meter swapped, \"reading\" from the replacement", editor: "Smith, J.", source: "")
        ]
        for k in d.trips.indices { d.trips[k].vehicleID = "bus \(k), \"blue\"" }

        let back = try DatasetReader.read(files: DatasetWriter.files(d, tariffJSON: Self.tariffJSON))
        #expect(back.config.resource.id == d.config.resource.id)
        #expect(Set(back.meters.keys) == Set(newIDs))
        for id in newIDs {
            #expect(back.meters[id]?.delivered.microKWh == d.meters[id]?.delivered.microKWh)
            #expect(back.meters[id]?.received.microKWh == d.meters[id]?.received.microKWh)
        }
        #expect(back.edits.map(\.reason) == d.edits.map(\.reason))
        #expect(back.edits.map(\.editor) == d.edits.map(\.editor))
        #expect(back.edits.map(\.meterID) == [newIDs[0]])
        #expect(back.trips.map(\.vehicleID) == d.trips.map(\.vehicleID))
        #expect(back.awards.count == d.awards.count)
    }

    @Test func pricesKeepANodeNameWithACommaAndAQuote() throws {
        var d = try Self.example()
        for k in d.prices.indices { d.prices[k].node = #"NODE "A", LAAFB"# }
        let rows = try Self.rows(DatasetWriter.pricesCSV(d), file: "prices.csv")
        #expect(rows.count == d.prices.count)
        #expect(rows.allSatisfy { $0[0] == #"NODE "A", LAAFB"# && $0.count == 6 })
    }

    @Test func settledChannelsCSVKeepsUsagePointsWithCommas() throws {
        let (d, result) = try SettledExportRoundTripTests.settledExample()
        var channels = SettledChannels.of(result)
        for k in channels.indices { channels[k].usagePoint = Self.awkward[k % Self.awkward.count] }
        let rows = try Self.rows(SettledChannelsCSV.text(channels, zone: d.config.zone), file: "settled.csv")
        #expect(rows.count == channels.reduce(0) { $0 + $1.series.count })
        var k = 0
        for c in channels {
            for i in 0..<c.series.count {
                #expect(rows[k][0] == c.usagePoint && rows[k][1] == c.name && rows[k][3] == c.series.grid.startOf(i).description)
                k += 1
            }
        }
    }

    @Test func pjmSubmissionFilesKeepEDCAndLSENamesWithCommasAndQuotes() throws {
        let tariffJSON = Array(ExampleTariffs.syntheticPJMCommercialJSON.utf8)
        let tariff = try URDBReader.read(data: tariffJSON, file: "tariff.json", reference: TariffReference(urdbFile: "tariff.json", demandWindowMinutes: 60)).tariff
        let d = PJMExampleGenerator.customerSide(tariff: tariff, tariffFile: "tariff.json")
        var pjm = try #require(try SettlementEngine.settle(d).pjm)
        pjm.settings.edc = #"PSE&G, "Public Service""#
        pjm.settings.lse = "Retail Power, LLC"
        let resource = "ESR 1, \"Newark\""
        let reconciliation = try Self.rows(PJMSubmissionCSV.loadReconciliation(pjm, resourceID: resource, zone: d.config.zone), file: "load.csv")
        #expect(reconciliation.count == pjm.loadReconciliation.count && !reconciliation.isEmpty)
        #expect(reconciliation.allSatisfy { $0[0] == pjm.settings.edc && $0[1] == pjm.settings.lse && $0[2] == resource })
        let correction = try Self.rows(PJMSubmissionCSV.meterCorrection(pjm, resourceID: resource, zone: d.config.zone), file: "correction.csv")
        #expect(correction.count == pjm.correction.shares.count)
        #expect(correction.allSatisfy { $0[0] == resource && $0.count == PJMSubmissionCSV.meterCorrectionColumns.count })
    }

    @Test func baselineFilesReadBackWithEveryRowComplete() throws {
        let d = try Self.example()
        let results = try DatasetBaselines.run(d, method: BaselinePresets.caisoWeekday, quantity: .siteLoad)
        #expect(!results.isEmpty)
        let slots = try Self.rows(BaselineOutput.slotsCSV(results, quantity: .siteLoad), file: "baseline.csv")
        #expect(slots.count == results.reduce(0) { $0 + $1.unadjusted.count })
        #expect(slots.allSatisfy { $0.count == BaselineOutput.slotColumns.count })
        let days = try Self.rows(BaselineOutput.daysCSV(results), file: "baseline-days.csv")
        #expect(days.count == results.reduce(0) { $0 + $1.days.count })
        #expect(days.map { $0[5] } == results.flatMap { $0.days.map { $0.rejection?.rawValue ?? "" } })
    }
}
