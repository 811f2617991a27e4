import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// CMEP MEPMD01 (Fixtures/cmep/cmep.dat is the public cmepparser sample, see SOURCES.md there).
@Suite struct CMEPReaderTests {
    /// The Sensus head-end reads registers up to a minute off the hour (e.g. 20:59 for 21:00).
    let sensus = ImportOptions(zone: .losAngeles, unitAliases: ["SKWHREG": "KWHREG"], readTimeToleranceSeconds: 60)

    @Test func decodesEveryRecordOfThePublicSample() throws {
        let (records, other, cutShort) = try CMEPParser.records(try interchangeFixture("cmep", "cmep.dat"), file: "cmep.dat")
        // The public sample has no final line break ("copied verbatim"), which is reported.
        #expect(cutShort?.location == "cmep.dat:5")
        #expect(records.count == 5)
        #expect(other.isEmpty)
        #expect(records.map(\.commodity) == ["W", "W", "W", "W", "E"])
        #expect(records.allSatisfy { $0.triplets.count == 25 && $0.intervalMinutes == 60 && $0.isRegister && $0.purpose == "OK" })
        #expect(records[0].triplets[0].value == "36318")
        #expect(records[0].triplets[0].label == LocalDateTime(date: LocalDate(year: 2011, month: 9, day: 20), secondOfDay: 2 * 60))
        #expect(records[4].sentUnits == "SKWHREG")
    }

    /// The electric register record, differenced into 24 hourly intervals; the expected deltas are computed
    /// here from the raw text, independently of the parser.
    @Test func registerReadsDifferencedIntoIntervalEnergy() throws {
        let bytes = try interchangeFixture("cmep", "cmep.dat")
        let r = try CMEPReader.read(bytes, file: "cmep.dat", options: sensus)
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first { $0.contains(",E,SKWHREG,") }!
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        let reads = stride(from: 16, to: fields.count, by: 3).map { Int64(fields[$0])! }
        #expect(reads.count == 25)
        let expected = zip(reads.dropFirst(), reads).map { ($0 - $1) * 1_000_000 }
        #expect(r.readings.count == 24)
        #expect(r.readings.map(\.deliveredMicroKWh) == expected)
        #expect(r.readings.allSatisfy { $0.receivedMicroKWh == nil && $0.seconds == 3600 && $0.quality == .actual })
        // The first read is 2011-09-20 06:00 PDT = 13:00Z; the first interval runs from that read to the next.
        #expect(r.readings.first?.start == utcInstant("2011-09-20T13:00:00Z"))
        #expect(r.readings.last?.start == utcInstant("2011-09-21T12:00:00Z"))
        // Sensus leaves the meter id blank: filed under the receiver customer id, and said so.
        #expect(r.readings.allSatisfy { $0.meterID == "E36525F12SD" })
        #expect(r.warnings.contains { $0.field == "meter id" && $0.expected.contains("E36525F12SD") })
        // The four water records are reported, not silently skipped.
        #expect(r.warnings.filter { $0.field == "commodity" }.count == 4)
        // Four electric reads sit a minute before the hour; they close the hour and are reported.
        #expect(r.warnings.contains { $0.value == "4 read time(s) off the boundary" })
    }

    @Test func unknownUnitIsRefusedUntilTheUserSaysWhatItIs() {
        let issues = readerIssues { () throws(DatasetInvalid) in
            try CMEPReader.read(try! interchangeFixture("cmep", "cmep.dat"), file: "cmep.dat", options: ImportOptions(zone: .losAngeles))
        }
        #expect(issues?.count == 1)
        #expect(issues?.first?.location == "cmep.dat:5:11")
        #expect(issues?.first?.value == "SKWHREG")
        #expect(issues?.first?.expected.contains("--unit-alias SKWHREG=KWHREG") == true)
    }

    @Test func intervalRecordsWithImpliedTimesAndFlags() throws {
        // 15-minute interval energy; blank times after the first are implied; N = no read, E = estimated.
        let text = "MEPMD01,19970819,ESP,C1,,,202406011200,MTR-9,OK,E,KWH,2,00000015,4,202406010015,R0,1.5,,E1,2.25,,N0,,,R0,0.125"
        let r = try CMEPReader.read(Array(text.utf8), file: "i.dat", options: ImportOptions(zone: .losAngeles))
        #expect(r.readings.map(\.start) == [0, 900, 1800, 2700].map { utcInstant("2024-06-01T07:00:00Z").adding(seconds: $0) })
        // Values times the calculation constant 2.
        #expect(r.readings.map(\.deliveredMicroKWh) == [3_000_000, 4_500_000, nil, 250_000])
        #expect(r.readings.map(\.quality) == [.actual, .estimated, .missing, .actual])
        #expect(r.readings.allSatisfy { $0.meterID == "MTR-9" })
    }

    @Test func rolloverGapsAndOffBoundaryReadsAreRefused() {
        let pacific = ImportOptions(zone: .losAngeles)
        func issues(_ text: String, _ o: ImportOptions? = nil) -> [DatasetIssue]? {
            readerIssues { () throws(DatasetInvalid) in try CMEPReader.read(Array(text.utf8), file: "r.dat", options: o ?? pacific) }
        }
        let rollover = issues("MEPMD01,1,S,C,,,2024,M,OK,E,KWHREG,1,00000100,3,202406010100,R0,99990,202406010200,R0,99995,202406010300,R0,3")
        #expect(rollover?.first?.location == "r.dat:1:23")
        #expect(rollover?.first?.expected.contains("≥ the previous read 99995") == true)
        let gap = issues("MEPMD01,1,S,C,,,2024,M,OK,E,KWHREG,1,00000100,3,202406010100,R0,10,202406010200,R0,11,202406010400,R0,13")
        #expect(gap?.first?.expected.contains("cannot be split") == true)
        let offBoundary = "MEPMD01,1,S,C,,,2024,M,OK,E,KWHREG,1,00000100,2,202406010102,R0,10,202406010202,R0,11"
        #expect(issues(offBoundary)?.first?.field == "interval end")
        var tolerant = pacific
        tolerant.readTimeToleranceSeconds = 180
        let snapped = try? CMEPReader.read(Array(offBoundary.utf8), file: "r.dat", options: tolerant)
        #expect(snapped?.readings.first?.start == utcInstant("2024-06-01T08:00:00Z"))
        #expect(snapped?.readings.first?.deliveredMicroKWh == 1_000_000)
        #expect(snapped?.warnings.contains { $0.value.hasPrefix("2 read time(s)") } == true)
        // On the fall-back day the interval-end label 01:00 happens twice (08:00Z and 09:00Z).
        let ambiguous = issues("MEPMD01,1,S,C,,,2024,M,OK,E,KWH,1,00000100,1,202411030100,R0,1")
        #expect(ambiguous?.first?.expected.contains("happens twice") == true)
        // A count that disagrees with the fields (a truncated line).
        let short = issues("MEPMD01,1,S,C,,,2024,M,OK,E,KWH,1,00000100,2,202406010100,R0,1")
        #expect(short?.first?.location == "r.dat:1:14")
        let huge = issues("MEPMD01,1,S,C,,,2024,M,OK,E,KWH,1000000,00000100,1,202406010100,R0,\(String(repeating: "9", count: 30))")
        #expect(huge?.first?.location == "r.dat:1:17")
        #expect(issues("MEPMD01,1,S,C,,,2024,M,OK,E,KWH,1,00000100,1,202406010100,Q9,1")?.first?.field == "quality")
    }

    @Test func fuzzTruncatedCorruptedReordered() throws {
        let bytes = try interchangeFixture("cmep", "cmep.dat")
        let full = try CMEPReader.read(bytes, file: "cmep.dat", options: sensus)
        var fuzz = FuzzCases(seed: 11)
        for cut in fuzz.offsets(bytes.count, count: 250) {
            do {
                let r = try CMEPReader.read(Array(bytes[..<cut]), file: "cmep.dat", options: sensus)
                // Either the electric record (the last line) is cut — then it must be refused, because its
                // count no longer matches — or it is not there at all; a cut inside its final value is the one
                // change a line without a terminator cannot reveal.
                if !r.readings.isEmpty {
                    #expect(r.readings.count == 24, "cut at \(cut)")
                    #expect(Array(r.readings.prefix(23)) == Array(full.readings.prefix(23)), "cut at \(cut)")
                }
            } catch {
                expectIssuesLocated(error.issues, in: "cmep.dat", "cut at \(cut)")
            }
        }
        for _ in 0..<300 {
            do { _ = try CMEPReader.read(fuzz.corrupt(bytes), file: "cmep.dat", options: sensus) } catch {
                expectIssuesLocated(error.issues, in: "cmep.dat")
            }
        }
        // Record order does not matter.
        let shuffled = try CMEPReader.read(fuzz.shuffledLines(bytes, keep: 0), file: "cmep.dat", options: sensus)
        #expect(shuffled.readings.map(\.deliveredMicroKWh) == full.readings.map(\.deliveredMicroKWh))
    }
}

/// CMEP numbers outside the documented ranges (docs/interchange.md, "Ranges and limits").
@Suite("CMEPReaderBounds")
struct CMEPReaderBoundsTests {
    static func issues(_ text: String) -> [DatasetIssue]? {
        readerIssues { () throws(DatasetInvalid) in try CMEPReader.read(Array(text.utf8), file: "b.dat", options: ImportOptions(zone: .losAngeles)) }
    }

    @Test func registerReadsAreCheckedAgainstTheRegisterRange() throws {
        // A cumulative register never reads below zero: -5 then 3 used to become 8 kWh.
        let negative = Self.issues("MEPMD01,1,S,C,,,2024,M,OK,E,KWHREG,1,00000100,2,202406010100,R0,-5,202406010200,R0,3")
        #expect(negative?.first?.location == "b.dat:1:17")
        #expect(negative?.first?.field == "value")
        #expect(negative?.first?.expected.contains("register read from 0") == true)
        // Far beyond 64 bits of µkWh: the same register-range message, not a generic one.
        let huge = Self.issues("MEPMD01,1,S,C,,,2024,M,OK,E,KWHREG,1,00000100,2,202406010100,R0,9000000000000,202406010200,R0,9000000000001")
        #expect(huge?.first?.expected.contains("register read from 0") == true)
        // A real large register (50 million kWh on the dial) is read: value × constant is not limited to 64 bits.
        let big = try CMEPReader.read(Array("MEPMD01,1,S,C,,,2024,M,OK,E,KWHREG,1,00000100,2,202406010100,R0,50000000,202406010200,R0,50000010".utf8),
                                      file: "b.dat", options: ImportOptions(zone: .losAngeles))
        #expect(big.readings.map(\.deliveredMicroKWh) == [10_000_000])
    }

    @Test func intervalEnergyAboveTheRangeIsRefused() {
        // 2 000 000 kWh in one hour, from a value and a calculation constant.
        let e = Self.issues("MEPMD01,1,S,C,,,2024,M,OK,E,KWH,1000,00000100,1,202406010100,R0,2000")
        #expect(e?.first?.location == "b.dat:1:17")
        #expect(e?.first?.expected.contains("1000000 kWh") == true)
        // A register difference is interval energy too.
        let d = Self.issues("MEPMD01,1,S,C,,,2024,M,OK,E,KWHREG,1,00000100,2,202406010100,R0,0,202406010200,R0,2000000")
        #expect(d?.first?.location == "b.dat:1:20")
        #expect(d?.first?.expected.contains("1000000 kWh") == true)
    }
}
