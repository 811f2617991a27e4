import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// A Green Button download whose UsagePoint title is a street address ("38 Oak Place, Montclair, NJ 07042")
/// names the meter. Importing it must give a readings.csv whose every row has the dataset's six fields and
/// reads back with that exact meter id, and importing the same file again must add and change nothing.
@Suite struct ImportIdempotenceTests {
    static let title = #"38 Oak Place, Montclair, NJ 07042 "rear unit""#

    /// The cityssm fixture (300 hourly readings, a UsagePoint with no title) with a title added, in memory.
    static func titledFeed() throws -> [UInt8] {
        let text = String(decoding: try interchangeFixture("greenbutton", "greenbutton-cityssm/intervals_APUC000000_electric.xml"), as: UTF8.self)
        let anchor = #"<link rel="self" href="User/237422/UsagePoint/1402026" />"#
        #expect(text.contains(anchor))
        let escaped = title.replacingOccurrences(of: "\"", with: "&quot;")
        return Array(text.replacingOccurrences(of: anchor, with: anchor + "\n    <title>\(escaped)</title>").utf8)
    }

    static func tempDir() -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("gs-idem-\(UInt64.random(in: 0...UInt64.max))").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test func anAddressTitleImportsLosslesslyAndASecondImportAddsNothing() throws {
        let feed = try Self.titledFeed()
        let records = try ESPIReader.read(feed, file: "oak.xml", options: ImportOptions())
        #expect(Set(records.readings.map(\.meterID)) == [Self.title])
        #expect(records.readings.count == 300)
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let first = try DatasetImporter.merge(records, into: dir)
        #expect(first.files == [.init(file: DatasetFiles.readings, added: 300, unchanged: 0, total: 300)])
        let path = dir + "/" + DatasetFiles.readings
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))

        // Every row has the six columns, read by the dataset's own reader, and carries the title unchanged.
        let table = try CSVTable(file: DatasetFiles.readings, bytes: bytes, required: DatasetFiles.Columns.readings)
        var rows = 0
        var problems: [DatasetIssue] = []
        var meters: Set<String> = []
        var starts: [Instant] = []
        table.forEachRow(onIssue: { problems.append($0) }) { row in
            rows += 1
            #expect(row.fields.count == 6)
            meters.insert(table.text(row.fields[0]))
            if let t = TimestampParser.parse(table.bytes[row.fields[1]]) { starts.append(t) }
        }
        #expect(problems.isEmpty, "\(problems.prefix(3))")
        #expect(rows == 300)
        #expect(meters == [Self.title])
        #expect(starts == records.readings.map(\.start).sorted())
        // And through the interchange reader, which other parties' files go through.
        let quoted = try QuotedCSV(file: DatasetFiles.readings, bytes: bytes)
        #expect(quoted.records.count == 301)
        #expect(quoted.records.allSatisfy { $0.fields.count == 6 })

        // The same file again: nothing added, nothing changed, the same bytes.
        let second = try DatasetImporter.merge(try ESPIReader.read(feed, file: "oak.xml", options: ImportOptions()), into: dir)
        #expect(second.files == [.init(file: DatasetFiles.readings, added: 0, unchanged: 300, total: 300)])
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }

    @Test func anExistingRowWithTheWrongFieldCountIsAnErrorNotAKey() throws {
        // A readings.csv written by an older version without quoting: the address split into extra fields.
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let old = "meter_id,interval_start,interval_minutes,delivered_kwh,received_kwh,quality\n38 Oak Place, Montclair,2024-06-01T00:00:00Z,15,1,0,A\n"
        try old.write(toFile: dir + "/readings.csv", atomically: true, encoding: .utf8)
        let recs = ImportedRecords(readings: [
            ImportedReading(meterID: "M1", start: utcInstant("2024-06-01T00:00:00Z"), seconds: 900, deliveredMicroKWh: 1, receivedMicroKWh: 0, quality: .actual, source: "x:1")
        ])
        do {
            _ = try DatasetImporter.merge(recs, into: dir)
            Issue.record("a readings.csv row with seven fields was merged into")
        } catch let e as DatasetInvalid {
            #expect(e.issues.contains { $0.location == "readings.csv:2" && $0.expected.contains("6 fields") }, "\(e.issues)")
        }
        #expect((try? String(contentsOfFile: dir + "/readings.csv", encoding: .utf8)) == old)
    }
}
