import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// Green Button "Download My Data" CSV (synthetic fixtures in Fixtures/greenbutton-csv, see SOURCES.md there).
@Suite struct GreenButtonCSVReaderTests {
    let pacific = ImportOptions(zone: .losAngeles)

    func read(_ name: String, _ options: ImportOptions? = nil) throws -> ImportedRecords {
        try GreenButtonCSVReader.read(try interchangeFixture("greenbutton-csv", name), file: name, options: options ?? pacific)
    }

    @Test func hourlyUsageWithPreambleBOMAndEstimatedNote() throws {
        let r = try read("usage_hourly_2023-07-04.csv")
        #expect(r.readings.count == 24)
        // 2023-07-04 00:00 PDT = 07:00Z; END TIME 00:59 is inclusive: one hour.
        #expect(r.readings[0].start == utcInstant("2023-07-04T07:00:00Z"))
        #expect(r.readings.allSatisfy { $0.seconds == 3600 && $0.meterID == "1234567890" && $0.receivedMicroKWh == nil })
        // Values 0.25 + h × 0.01 kWh, exactly.
        for (h, x) in r.readings.enumerated() {
            #expect(x.deliveredMicroKWh == 250_000 + Int64(h) * 10_000)
            #expect(x.start == utcInstant("2023-07-04T07:00:00Z").adding(seconds: Int64(h) * 3600))
            #expect(x.quality == (h == 5 ? .estimated : .actual))
        }
        #expect(r.readings[5].source == "usage_hourly_2023-07-04.csv:12")
        #expect(r.warnings.contains { $0.field == "COST" })
        #expect(r.warnings.contains { $0.field == "NOTES" && $0.value.hasPrefix("1 estimated") })
    }

    @Test func unitsColumnAndUSDatesAndMeterNumber() throws {
        let r = try read("usage_units_column.csv")
        #expect(r.readings.map(\.deliveredMicroKWh) == [1_000_000, 1_100_000, 1_200_000, 1_300_000])
        #expect(r.readings.allSatisfy { $0.meterID == "M-77" })
        #expect(r.readings.first?.start == utcInstant("2023-07-04T07:00:00Z"))
    }

    @Test func importExportGivesBothDirections() throws {
        let r = try read("nem_import_export_2024-06-01.csv")
        #expect(r.readings.count == 8)
        #expect(r.readings[0].start == utcInstant("2024-06-01T19:00:00Z"))
        #expect(r.readings[0].deliveredMicroKWh == 0 && r.readings[0].receivedMicroKWh == 1_500_000)
        #expect(r.readings[3].receivedMicroKWh == 1_950_000)
        #expect(r.readings[7].deliveredMicroKWh == 145_000 && r.readings[7].receivedMicroKWh == 0)
        #expect(r.readings.allSatisfy { $0.seconds == 900 })
    }

    @Test func fallBackLabelsAreRefusedNotGuessed() {
        let issues = readerIssues { () throws(DatasetInvalid) in
            try GreenButtonCSVReader.read(
                try! interchangeFixture("greenbutton-csv", "nem_import_export_fallback_2024-11-03.csv"), file: "fb.csv", options: pacific)
        }
        // The eight 01:xx rows (01:00–01:45 twice) are each refused; 00:xx and 02:xx are fine.
        #expect(issues?.count == 8)
        #expect(issues?.allSatisfy { $0.field == "START TIME" && $0.expected.contains("happens twice") } == true)
        #expect(issues?.first?.location == "fb.csv:9:3")
        #expect(issues?.first?.value == "2024-11-03 01:00")
        #expect(issues?.first?.expected.contains("2024-11-03T08:00:00Z") == true)
        #expect(issues?.first?.expected.contains("2024-11-03T09:00:00Z") == true)
    }

    @Test func standardTimeLabelsMapEachLabelToOneInstant() throws {
        // A partner that labels in standard time all year: 01:00 is always 09:00Z, so a file that repeats
        // the 01:xx labels repeats intervals — refused as overlapping rows, not merged or dropped.
        var o = pacific
        o.labelsInStandardTime = true
        let issues = readerIssues { () throws(DatasetInvalid) in
            try GreenButtonCSVReader.read(
                try! interchangeFixture("greenbutton-csv", "nem_import_export_fallback_2024-11-03.csv"), file: "fb.csv", options: o)
        }
        #expect(issues?.count == 4)
        #expect(issues?.allSatisfy { $0.expected.contains("overlaps") } == true)
        #expect(issues?.first?.value == "2024-11-03T09:00:00Z")
        // In summer, standard-time labels sit an hour after prevailing ones: 00:00 PST = 08:00Z.
        let summer = try GreenButtonCSVReader.read(try interchangeFixture("greenbutton-csv", "usage_hourly_2023-07-04.csv"), file: "u.csv", options: o)
        #expect(summer.readings[0].start == utcInstant("2023-07-04T08:00:00Z"))
    }

    @Test func springForwardGapLabelIsRefused() {
        let text = "Account Number,9\n\nTYPE,DATE,START TIME,END TIME,USAGE (kWh),COST,NOTES\nElectric usage,2024-03-10,02:00,02:59,0.5,,\n"
        let issues = readerIssues { () throws(DatasetInvalid) in try GreenButtonCSVReader.read(Array(text.utf8), file: "s.csv", options: pacific) }
        #expect(issues?.count == 1)
        #expect(issues?.first?.location == "s.csv:4:3")
        #expect(issues?.first?.expected.contains("skipped") == true)
    }

    @Test func missingZoneMeterAndBadFieldsAreNamed() {
        let good = try! interchangeFixture("greenbutton-csv", "usage_hourly_2023-07-04.csv")
        let noZone = readerIssues { () throws(DatasetInvalid) in try GreenButtonCSVReader.read(good, file: "u.csv", options: ImportOptions()) }
        #expect(noZone?.first?.field == "--zone")
        let noMeter = "TYPE,DATE,START TIME,END TIME,USAGE (kWh)\nElectric usage,2023-07-04,00:00,00:59,1\n"
        #expect(readerIssues { () throws(DatasetInvalid) in try GreenButtonCSVReader.read(Array(noMeter.utf8), file: "m.csv", options: pacific) }?.first?.field == "--meter")
        let bad = """
            Account Number,1
            TYPE,DATE,START TIME,END TIME,USAGE (kWh),COST,NOTES
            Electric usage,2023-07-04,00:00,00:59,1.1234567,,
            Electric usage,2023-07-04,01:00,01:59,-2,,
            Electric usage,2023-07-04,02:00,02:44,1,,
            Natural gas usage,2023-07-04,00:00,23:59,1,,
            Electric usage,2023-02-30,03:00,03:59,1,,
            Electric usage,2023-07-04,04:00,04:59,1,,,extra

            """
        let issues = readerIssues { () throws(DatasetInvalid) in try GreenButtonCSVReader.read(Array(bad.utf8), file: "b.csv", options: pacific) } ?? []
        #expect(issues.map(\.location) == ["b.csv:3:5", "b.csv:4:5", "b.csv:5:4", "b.csv:6:1", "b.csv:7:2", "b.csv:8"])
        #expect(issues[0].expected.contains("at most 6 decimals"))
        #expect(issues[1].expected.contains("≥ 0"))
    }

    @Test func overlappingRowsAreRefused() {
        let text = "Account Number,1\nTYPE,DATE,START TIME,END TIME,USAGE (kWh)\nElectric usage,2023-07-04,00:00,00:59,1\nElectric usage,2023-07-04,00:00,00:14,1\n"
        let issues = readerIssues { () throws(DatasetInvalid) in try GreenButtonCSVReader.read(Array(text.utf8), file: "o.csv", options: pacific) }
        #expect(issues?.count == 1)
        #expect(issues?.first?.expected.contains("overlaps") == true)
    }

    /// Truncation at many offsets, corrupted bytes, shuffled rows and an oversized value: a located error or a
    /// complete result — never a crash, never fewer rows than the input has complete rows without an error.
    @Test func fuzzTruncatedCorruptedReorderedOversized() throws {
        let name = "nem_import_export_2024-06-01.csv"
        let bytes = try interchangeFixture("greenbutton-csv", name)
        let full = try read(name)
        var fuzz = FuzzCases(seed: 7)
        for cut in fuzz.offsets(bytes.count, count: 200) {
            let part = Array(bytes[..<cut])
            do {
                let r = try GreenButtonCSVReader.read(part, file: name, options: pacific)
                // Every row the truncated text still holds in full is there, with the original values.
                let text = String(decoding: part, as: UTF8.self)
                let completeRows = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().filter { $0.hasPrefix("Electric") }.count
                #expect(r.readings.count >= completeRows, "cut at \(cut)")
                for (a, b) in zip(r.readings.prefix(completeRows), full.readings) {
                    #expect(a == b, "cut at \(cut)")
                }
            } catch {
                expectIssuesLocated(error.issues, in: name, "cut at \(cut)")
            }
        }
        for _ in 0..<300 {
            let bad = fuzz.corrupt(bytes)
            do { _ = try GreenButtonCSVReader.read(bad, file: name, options: pacific) } catch { expectIssuesLocated(error.issues, in: name) }
        }
        for _ in 0..<20 {
            let shuffled = fuzz.shuffledLines(bytes, keep: 4)
            let r = try GreenButtonCSVReader.read(shuffled, file: name, options: pacific)
            #expect(r.readings.map(\.deliveredMicroKWh) == full.readings.map(\.deliveredMicroKWh))
        }
        let huge = "Account Number,1\nTYPE,DATE,START TIME,END TIME,USAGE (kWh)\nElectric usage,2023-07-04,00:00,00:59,\(String(repeating: "9", count: 40))\n"
        let issues = readerIssues { () throws(DatasetInvalid) in try GreenButtonCSVReader.read(Array(huge.utf8), file: "h.csv", options: pacific) }
        #expect(issues?.first?.location == "h.csv:3:5")
        let open = "Account Number,\"1\nTYPE"
        #expect(readerIssues { () throws(DatasetInvalid) in try GreenButtonCSVReader.read(Array(open.utf8), file: "q.csv", options: pacific) }?.first?.field == "quote")
    }
}

/// Green Button CSV energy outside the documented range (docs/interchange.md, "Ranges and limits").
@Suite("GreenButtonCSVBounds")
struct GreenButtonCSVBoundsTests {
    @Test func energyAboveTheRangeIsAnError() throws {
        let header = "Account Number,555\nTYPE,DATE,START TIME,END TIME,IMPORT (KWh),EXPORT (KWh),COST,NOTES\n"
        func issues(_ importKWh: String, _ exportKWh: String) -> [DatasetIssue]? {
            let text = header + "Electric usage,2024-06-01,12:00,12:14,\(importKWh),\(exportKWh),$0.00,\n"
            return readerIssues { () throws(DatasetInvalid) in
                try GreenButtonCSVReader.read(Array(text.utf8), file: "g.csv", options: ImportOptions(zone: .losAngeles))
            }
        }
        // 2 000 000 kWh in 15 minutes: used to be imported.
        let e = issues("2000000", "0")
        #expect(e?.map(\.location) == ["g.csv:3:5"])
        #expect(e?.first?.expected.contains("1000000") == true)
        #expect(issues("0", "9223372036854")?.map(\.location) == ["g.csv:3:6"])
        // The edge of the range is read.
        let edge = try GreenButtonCSVReader.read(Array((header + "Electric usage,2024-06-01,12:00,12:14,1000000,0,$0.00,\n").utf8),
                                                 file: "g.csv", options: ImportOptions(zone: .losAngeles))
        #expect(edge.readings.map(\.deliveredMicroKWh) == [1_000_000_000_000])
    }
}
