import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// Merging imported records into a dataset directory: nothing existing is lost or overwritten.
@Suite struct DatasetImporterTests {
    func tempDir() -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("gs-import-\(UInt64.random(in: 0...UInt64.max))").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    func reading(_ meter: String, _ start: String, d: Int64?, r: Int64?, q: DataQuality = .actual, src: String = "x:1") -> ImportedReading {
        ImportedReading(meterID: meter, start: utcInstant(start), seconds: 900, deliveredMicroKWh: d, receivedMicroKWh: r, quality: q, source: src)
    }

    func file(_ dir: String, _ name: String) -> String { (try? String(contentsOfFile: dir + "/" + name, encoding: .utf8)) ?? "" }

    @Test func channelsFromTwoSourcesJoinIntoOneRow() throws {
        let dir = tempDir()
        let recs = ImportedRecords(readings: [
            reading("M1", "2024-06-01T00:15:00Z", d: 2_000_000, r: nil, src: "del.xml:10"),
            reading("M1", "2024-06-01T00:00:00Z", d: 1_500_000, r: nil, src: "del.xml:9"),
            reading("M1", "2024-06-01T00:00:00Z", d: nil, r: 250_000, q: .estimated, src: "rec.xml:9"),
            reading("M1", "2024-06-01T00:30:00Z", d: nil, r: nil, q: .missing, src: "del.xml:11"),
        ])
        let s = try DatasetImporter.merge(recs, into: dir)
        #expect(file(dir, "readings.csv") == """
            meter_id,interval_start,interval_minutes,delivered_kwh,received_kwh,quality
            M1,2024-06-01T00:00:00Z,15,1.5,0.25,S
            M1,2024-06-01T00:15:00Z,15,2,0,A
            M1,2024-06-01T00:30:00Z,15,,,M

            """)
        #expect(s.files == [.init(file: "readings.csv", added: 3, unchanged: 0, total: 3)])
        // The interval with no received channel is written as 0 and said so.
        #expect(s.warnings.map(\.value) == ["meter M1: 1 interval(s)"])
        #expect(s.warnings.first?.field == "received_kwh")
    }

    @Test func reimportIsUnchangedAndAConflictIsRefusedWithoutWriting() throws {
        let dir = tempDir()
        let first = ImportedRecords(readings: [reading("M1", "2024-06-01T00:00:00Z", d: 1_000_000, r: 0)])
        _ = try DatasetImporter.merge(first, into: dir)
        let before = file(dir, "readings.csv")
        let again = try DatasetImporter.merge(first, into: dir)
        #expect(again.files == [.init(file: "readings.csv", added: 0, unchanged: 1, total: 1)])
        #expect(file(dir, "readings.csv") == before)
        // A second feed disagrees about the same interval: refused, naming both, and the file is untouched.
        let other = ImportedRecords(readings: [
            reading("M1", "2024-06-01T00:00:00Z", d: 1_100_000, r: 0, src: "later.csv:7"),
            reading("M1", "2024-06-01T00:15:00Z", d: 3_000_000, r: 0, src: "later.csv:8"),
        ])
        do {
            _ = try DatasetImporter.merge(other, into: dir)
            Issue.record("a conflicting import was accepted")
        } catch let e as DatasetInvalid {
            #expect(e.issues.count == 1)
            #expect(e.issues[0].location == "later.csv:7")
            #expect(e.issues[0].expected.contains("readings.csv:2 (already in the dataset)"))
        }
        #expect(file(dir, "readings.csv") == before)
    }

    @Test func twoSourcesThatDisagreeAboutOneChannelAreRefused() {
        let recs = ImportedRecords(readings: [
            reading("M1", "2024-06-01T00:00:00Z", d: 1_000_000, r: nil, src: "a.xml:3"),
            reading("M1", "2024-06-01T00:00:00Z", d: 1_000_001, r: nil, src: "b.xml:4"),
        ])
        #expect(throws: DatasetInvalid.self) { try DatasetImporter.merge(recs, into: tempDir()) }
    }

    @Test func pricesAwardsAndEventsMergeIntoTheirFiles() throws {
        let dir = tempDir()
        // An existing prices.csv (dataset format) keeps its rows.
        try "node,market,product,interval_start,interval_minutes,price\nN1,DA,LMP,2024-06-01T00:00:00Z,60,30\n".write(toFile: dir + "/prices.csv", atomically: true, encoding: .utf8)
        let t = utcInstant("2024-06-01T01:00:00Z")
        let recs = ImportedRecords(
            prices: [PricePoint(node: "N1", run: .dayAhead, product: .lmp, start: t, seconds: 3600, microPrice: -12_345_000, source: "p.csv:2")],
            awards: [ImportedAward(resourceID: "R1", award: Award(run: .fifteenMinute, product: .energy, start: t, seconds: 900, microMW: -250_000, source: "e.xml:5"))],
            events: [ImportedEvent(resourceID: "R1", event: DemandResponseEvent(kind: .dispatch, start: t, end: t.adding(seconds: 1800), source: "e.xml:2"), eventID: "E1", modification: 2)])
        let s = try DatasetImporter.merge(recs, into: dir)
        #expect(file(dir, "prices.csv") == "node,market,product,interval_start,interval_minutes,price\nN1,DA,LMP,2024-06-01T00:00:00Z,60,30\nN1,DA,LMP,2024-06-01T01:00:00Z,60,-12.345\n")
        #expect(file(dir, "awards.csv") == "resource_id,market,product,interval_start,interval_minutes,mw\nR1,FMM,EN,2024-06-01T01:00:00Z,15,-0.25\n")
        #expect(file(dir, "events.csv") == "resource_id,event_start,event_end,type\nR1,2024-06-01T01:00:00Z,2024-06-01T01:30:00Z,dispatch\n")
        #expect(s.files.map(\.file) == ["prices.csv", "awards.csv", "events.csv"])
        #expect(s.files[0].total == 2)
    }

    @Test func anExistingFileInAnotherLayoutIsNotOverwritten() throws {
        let dir = tempDir()
        try "meter,start,kwh\nM1,2024,1\n".write(toFile: dir + "/readings.csv", atomically: true, encoding: .utf8)
        let recs = ImportedRecords(readings: [reading("M1", "2024-06-01T00:00:00Z", d: 1, r: 1)])
        #expect(throws: DatasetInvalid.self) { try DatasetImporter.merge(recs, into: dir) }
        #expect(file(dir, "readings.csv") == "meter,start,kwh\nM1,2024,1\n")
    }
}
