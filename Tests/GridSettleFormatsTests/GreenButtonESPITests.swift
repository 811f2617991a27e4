import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// Green Button / NAESB ESPI XML: the reader against the real public fixtures (copied with their SOURCES.md
/// into Fixtures/greenbutton/), the writer by round trip and against the ESPI 3.3 usage.xsd, and seeded
/// fuzz-style damage that must give either the right readings or a located error — never a crash or a silent
/// drop. Expected numbers come from independent passes over the raw XML text (regular expressions and
/// Foundation's tz database), not from the reader.
@Suite("GreenButtonESPI")
struct GreenButtonESPITests {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repoRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = testsDir.appendingPathComponent("Fixtures/greenbutton")
    static let openESPI = "greenbutton-openespi/test_usage_data.xml"
    static let coastal = "greenbutton-verdigris/Coastal_Multi_Family_12hr_Jan_1_2011_to_Jan_1_2012_RetailCustomer_3.xml"
    static let cityssm = "greenbutton-cityssm/intervals_APUC000000_electric.xml"
    static let pgeReadingType = "greenbutton-verdigris/PGEReadingType.xml"
    static let pgeUsagePoint = "greenbutton-verdigris/PGEUsagePoint.xml"
    static let pgeLocalTime = "greenbutton-verdigris/PGELocalTimeParameters.xml"

    static func bytes(_ fixture: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(fixture)))
    }

    static func text(_ fixture: String) throws -> String { String(decoding: try bytes(fixture), as: UTF8.self) }

    // MARK: Independent helpers (no GridSettle code)

    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
        }
    }

    /// (start, value) of every IntervalReading, by regular expression.
    static func rawReadings(_ text: String) -> [(start: Int64, value: Int64)] {
        matches("<(?:\\w+:)?IntervalReading>(.*?)</(?:\\w+:)?IntervalReading>", in: text).map { m in
            let start = matches("<(?:\\w+:)?start>(-?\\d+)</", in: m[1]).first.map { Int64($0[1])! } ?? -1
            let value = matches("<(?:\\w+:)?value>(-?\\d+)</", in: m[1]).first.map { Int64($0[1])! } ?? -1
            return (start, value)
        }
    }

    /// The local date of an epoch second in an IANA zone, by Foundation's tz database.
    static func localDay(_ epoch: Int64, _ zone: String) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: zone)!
        let c = cal.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(epoch)))
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// Seeded SplitMix64, so every "random" test is the same on every run.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A reading without its source line, for comparing files whose lines moved.
    struct Key: Hashable, CustomStringConvertible {
        var meter: String
        var start: Int64
        var seconds: Int64
        var delivered: Int64?
        var received: Int64?
        var quality: DataQuality
        var description: String { "\(meter) \(start) \(seconds) d=\(delivered.map(String.init) ?? "-") r=\(received.map(String.init) ?? "-") \(quality.code)" }
    }

    static func keys(_ r: [ImportedReading]) -> [Key] {
        r.map { Key(meter: $0.meterID, start: $0.start.secondsSinceEpoch, seconds: $0.seconds, delivered: $0.deliveredMicroKWh,
                    received: $0.receivedMicroKWh, quality: $0.quality) }
    }

    /// Every issue names `file` and a positive line.
    static func located(_ issue: DatasetIssue, _ file: String) -> Bool {
        let parts = issue.location.split(separator: ":")
        return parts.count >= 2 && parts[0] == Substring(file) && (Int(parts[1]) ?? 0) > 0
    }

    /// Reads `bytes` expecting a refusal; checks that every error is located in `file`.
    @discardableResult
    static func expectInvalid(_ bytes: [UInt8], file: String, options: ImportOptions = ImportOptions(),
                              sourceLocation: SourceLocation = #_sourceLocation) -> DatasetInvalid? {
        do {
            let r = try ESPIReader.read(bytes, file: file, options: options)
            Issue.record("expected DatasetInvalid, got \(r.readings.count) readings", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(!error.errors.isEmpty, sourceLocation: sourceLocation)
            for i in error.errors {
                #expect(located(i, file), "\(i)", sourceLocation: sourceLocation)
            }
            return error
        }
    }

    // MARK: Minimal feeds for targeted cases

    static let energyRT = "<accumulationBehaviour>4</accumulationBehaviour><commodity>1</commodity><flowDirection>1</flowDirection><intervalLength>3600</intervalLength><kind>12</kind><powerOfTenMultiplier>0</powerOfTenMultiplier><uom>72</uom>"

    static func rt(flow: Int = 1, uom: Int = 72, p: Int = 0, length: Int = 3600, extra: String = "") -> String {
        "<accumulationBehaviour>4</accumulationBehaviour><commodity>1</commodity>\(extra)<flowDirection>\(flow)</flowDirection><intervalLength>\(length)</intervalLength><kind>12</kind><powerOfTenMultiplier>\(p)</powerOfTenMultiplier><uom>\(uom)</uom>"
    }

    static func reading(_ start: Int64, _ value: String, duration: String = "3600", quality: [String] = [], cost: Bool = false) -> String {
        "<IntervalReading>\(cost ? "<cost>100</cost>" : "")\(quality.map { "<ReadingQuality><quality>\($0)</quality></ReadingQuality>" }.joined())<timePeriod><duration>\(duration)</duration><start>\(start)</start></timePeriod><value>\(value)</value></IntervalReading>"
    }

    static func block(_ readings: [String], start: Int64? = nil, duration: Int64 = 86_400) -> String {
        let interval = start.map { "<interval><duration>\(duration)</duration><start>\($0)</start></interval>" } ?? ""
        return "<IntervalBlock xmlns=\"http://naesb.org/espi\">\(interval)\n" + readings.joined(separator: "\n") + "\n</IntervalBlock>"
    }

    struct MiniChannel {
        var readingType: String
        var blocks: [String]
    }

    struct MiniPoint {
        var title: String
        var id: String
        var channels: [MiniChannel]
    }

    /// A small linked feed, one element per line so errors point at distinct lines.
    static func mini(_ points: [MiniPoint]) -> [UInt8] {
        var s = "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>urn:uuid:0</id><title>mini</title><updated>2024-01-01T00:00:00Z</updated>\n"
        for p in points {
            let up = "/espi/1_1/resource/RetailCustomer/1/UsagePoint/\(p.id)"
            s += "<entry>\n<link rel=\"self\" href=\"\(up)\"/>\n<title>\(p.title)</title>\n<content><UsagePoint xmlns=\"http://naesb.org/espi\"><ServiceCategory><kind>0</kind></ServiceCategory></UsagePoint></content>\n</entry>\n"
            for (m, c) in p.channels.enumerated() {
                let mr = up + "/MeterReading/\(m + 1)"
                let rt = "/espi/1_1/resource/ReadingType/\(p.id)-\(m + 1)"
                s += "<entry>\n<link rel=\"self\" href=\"\(mr)\"/>\n<link rel=\"up\" href=\"\(up)/MeterReading\"/>\n<link rel=\"related\" href=\"\(mr)/IntervalBlock\"/>\n<link rel=\"related\" href=\"\(rt)\"/>\n<content><MeterReading xmlns=\"http://naesb.org/espi\"/></content>\n</entry>\n"
                s += "<entry>\n<link rel=\"self\" href=\"\(rt)\"/>\n<content><ReadingType xmlns=\"http://naesb.org/espi\">\(c.readingType)</ReadingType></content>\n</entry>\n"
                for b in c.blocks {
                    s += "<entry>\n<link rel=\"up\" href=\"\(mr)/IntervalBlock\"/>\n<content>\n\(b)\n</content>\n</entry>\n"
                }
            }
        }
        return Array((s + "</feed>\n").utf8)
    }

    static func one(_ readingType: String, _ blocks: [String]) -> [UInt8] {
        mini([MiniPoint(title: "M1", id: "UP1", channels: [MiniChannel(readingType: readingType, blocks: blocks)])])
    }

    static func one(_ blocks: [String]) -> [UInt8] { one(energyRT, blocks) }

    static let t0: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z

    // MARK: OpenESPI

    @Test func openESPIReadsEveryReadingWithDailySumsAndTheSpringForwardDay() throws {
        let text = try Self.text(Self.openESPI)
        let r = try ESPIReader.read(try Self.bytes(Self.openESPI), file: "test_usage_data.xml", options: ImportOptions())
        let raw = Self.rawReadings(text)
        #expect(raw.count == 1340)
        #expect(r.readings.count == 1340)
        #expect(Set(r.readings.map(\.meterID)) == ["Front Electric Meter"])
        #expect(r.readings.allSatisfy { $0.seconds == 900 && $0.receivedMicroKWh == nil })

        // Per local (US Eastern) day, from the raw XML and Foundation's tz database.
        var expected: [String: (count: Int, wh: Int64)] = [:]
        for x in raw {
            let d = Self.localDay(x.start, "America/New_York")
            expected[d, default: (0, 0)].count += 1
            expected[d, default: (0, 0)].wh += x.value
        }
        var actual: [String: (count: Int, wh: Int64)] = [:]
        for x in r.readings {
            let d = MarketTimeZone.newYork.localTime(x.start).date.description
            actual[d, default: (0, 0)].count += 1
            actual[d, default: (0, 0)].wh += x.deliveredMicroKWh! / 1_000
        }
        #expect(actual.count == 14)
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (d, e) in expected {
            #expect(actual[d]?.count == e.count, "\(d)")
            #expect(actual[d]?.wh == e.wh, "\(d)")
        }
        #expect(actual["2012-03-11"]?.count == 92)
        #expect(actual.filter { $0.key != "2012-03-11" }.allSatisfy { $0.value.count == 96 })

        // Sorted, contiguous, and each reading points at its own <IntervalReading> line.
        let starts = r.readings.map(\.start.secondsSinceEpoch)
        #expect(starts == starts.sorted())
        #expect(zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 == 900 })
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for x in r.readings.prefix(50) {
            let n = Int(x.source.split(separator: ":")[1])!
            #expect(lines[n - 1].contains("IntervalReading"), "\(x.source)")
        }

        // ReadingQuality 8 (estimated) and 7 (manually edited) on the first two readings; the rest actual.
        #expect(r.readings[0].quality == .estimated)
        #expect(r.readings[1].quality == .edited)
        #expect(r.readings.dropFirst(2).allSatisfy { $0.quality == .actual })
        // cost and the two summaries are said once each, not imported.
        #expect(r.warnings.contains { $0.field == "cost" })
        #expect(r.warnings.contains { $0.field == "<ElectricPowerUsageSummary>" })
        #expect(r.warnings.contains { $0.field == "<ElectricPowerQualitySummary>" })
        #expect(r.warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func openESPIDocumentDecodesItsResources() throws {
        let doc = try ESPIReader.document(try Self.bytes(Self.openESPI), file: "test_usage_data.xml")
        #expect(doc.usagePoints.map(\.title) == ["Front Electric Meter"])
        #expect(doc.usagePoints.first?.serviceKind == 0)
        #expect(doc.readingTypes.count == 1)
        let rt = try #require(doc.readingTypes.first)
        #expect(rt.direction == .delivered && rt.uom == 72 && rt.powerOfTenMultiplier == 0 && rt.intervalLength == 900)
        #expect(rt.kind == 12 && rt.accumulationBehaviour == 4 && rt.currency == 840 && rt.phase == 769)
        #expect(doc.meterReadings == 1 && doc.intervalBlocks == 14)
        let lt = try #require(doc.localTimeParameters.first)
        #expect(lt.tzOffset == -18_000 && lt.dstOffset == 3600)
        #expect(lt.dstStartRule == 0x360E_2000 && lt.dstEndRule == 0xB40E_2000)
    }

    // MARK: Coastal (full year, hourly, Pacific, DST blocks that lie about their duration)

    @Test func coastalFullYearIsContinuousAndTotalsTheRawValues() throws {
        let text = try Self.text(Self.coastal)
        let r = try ESPIReader.read(try Self.bytes(Self.coastal), file: "coastal.xml", options: ImportOptions())
        #expect(r.readings.count == 8760)
        let starts = r.readings.map(\.start.secondsSinceEpoch)
        #expect(starts.first == 1_293_868_800)  // 2011-01-01T08:00Z, local midnight
        #expect(zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 == 3600 })  // no gap, no duplicate
        #expect(Set(r.readings.map(\.meterID)) == ["Coastal Multi-Family 12hr"])

        // Total from a separate pass over <value> (Wh, multiplier 0).
        let values = Self.rawReadings(text).map(\.value)
        #expect(values.count == 8760)
        let totalMicro = r.readings.reduce(Int64(0)) { $0 + $1.deliveredMicroKWh! }
        #expect(totalMicro == values.reduce(0, +) * 1_000)

        // Both DST days, by Foundation's America/Los_Angeles.
        var perDay: [String: Int] = [:]
        for x in r.readings { perDay[Self.localDay(x.start.secondsSinceEpoch, "America/Los_Angeles"), default: 0] += 1 }
        #expect(perDay.count == 365)
        #expect(perDay["2011-03-13"] == 23)
        #expect(perDay["2011-11-06"] == 25)
        #expect(perDay.filter { $0.key != "2011-03-13" && $0.key != "2011-11-06" }.allSatisfy { $0.value == 24 })
        // The 13-reading block that still says 43200 s is reported, not trusted.
        #expect(r.warnings.contains { $0.field == "interval" })
    }

    // MARK: PG&E CMD resources

    @Test func pgeReadingTypesClassify24DeliveredAnd24Received() throws {
        let text = try Self.text(Self.pgeReadingType)
        let doc = try ESPIReader.document(try Self.bytes(Self.pgeReadingType), file: "PGEReadingType.xml")
        #expect(doc.readingTypes.count == 48)
        #expect(doc.readingTypes.filter { $0.direction == .delivered }.count == 24)
        #expect(doc.readingTypes.filter { $0.direction == .received }.count == 24)
        #expect(doc.readingTypes.filter { $0.uom == 72 }.count == Self.matches("<ns0:uom>72</ns0:uom>", in: text).count)
        #expect(doc.readingTypes.allSatisfy { $0.powerOfTenMultiplier == 3 && $0.defaultQuality == 17 })
        #expect(Set(doc.readingTypes.compactMap(\.intervalLength)) == [300, 900, 3600])
        // Wh channels are interval energy (kWh = Wh ×10^3); VArh channels are not.
        #expect(doc.readingTypes.filter { $0.classify() == .intervalEnergy(.delivered) }.count == 12)
        #expect(doc.readingTypes.filter { $0.classify() == .intervalEnergy(.received) }.count == 12)
        #expect(doc.readingTypes.filter { if case .notImported = $0.classify() { return true } else { return false } }.count == 24)
        #expect(try ESPICodes.microKWh(value: 1, powerOfTen: 3).get() == 1_000_000)  // 1 kWh

        let r = try ESPIReader.read(try Self.bytes(Self.pgeReadingType), file: "PGEReadingType.xml", options: ImportOptions())
        #expect(r.readings.isEmpty)
        #expect(r.warnings.contains { $0.field == "IntervalBlock" })
    }

    @Test func pgeUsagePointAndBareLocalTimeParametersEntry() throws {
        let doc = try ESPIReader.document(try Self.bytes(Self.pgeUsagePoint), file: "PGEUsagePoint.xml")
        #expect(doc.usagePoints.count == 1 && doc.usagePoints[0].serviceKind == 0 && doc.usagePoints[0].title == "Green Button Data File")
        #expect(try ESPIReader.read(try Self.bytes(Self.pgeUsagePoint), file: "PGEUsagePoint.xml", options: ImportOptions()).readings.isEmpty)

        let lt = try ESPIReader.document(try Self.bytes(Self.pgeLocalTime), file: "PGELocalTimeParameters.xml").localTimeParameters
        #expect(lt.count == 1 && lt[0].tzOffset == -28_800 && lt[0].dstOffset == 3600 && lt[0].title == "DST FOR PACIFIC TIMEZONE")
        let start = try #require(lt[0].dstStartRule.flatMap(ESPILocalTimeParameters.DSTRule.init))
        #expect(start.month == 3 && start.op == 3 && start.dayOfWeek == 7 && start.hour == 2 && start.seconds == 0)  // 2nd Sunday of March 02:00
        let end = try #require(lt[0].dstEndRule.flatMap(ESPILocalTimeParameters.DSTRule.init))
        #expect(end.month == 11 && end.op == 2 && end.dayOfWeek == 7 && end.hour == 2)  // 1st Sunday of November 02:00
        #expect(ESPILocalTimeParameters.DSTRule(0xFFFF_FFFF) == nil)
        #expect(try ESPIReader.read(try Self.bytes(Self.pgeLocalTime), file: "PGELocalTimeParameters.xml", options: ImportOptions()).readings.isEmpty)
    }

    // MARK: cityssm (UtilityAPI, not schema-valid)

    @Test func cityssmReadsAscendingWithWarningsForNonESPIElements() throws {
        let text = try Self.text(Self.cityssm)
        let r = try ESPIReader.read(try Self.bytes(Self.cityssm), file: "cityssm.xml", options: ImportOptions())
        #expect(r.readings.count == 300)
        let starts = r.readings.map(\.start.secondsSinceEpoch)
        #expect(starts.first == 1_677_088_800 && starts.last == 1_678_165_200)  // 2023-02-22T18:00Z … 2023-03-07T05:00Z
        #expect(zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 == 3600 })
        #expect(Set(r.readings.map(\.meterID)) == ["1402026"])  // no title: the UsagePoint self href's last segment
        let raw = Self.rawReadings(text)
        #expect(r.readings.reduce(Int64(0)) { $0 + $1.deliveredMicroKWh! } == raw.reduce(0) { $0 + $1.value } * 1_000)
        // Each reading comes back with the value written at its own start.
        let byStart = Dictionary(uniqueKeysWithValues: raw.map { ($0.start, $0.value) })
        #expect(r.readings.allSatisfy { byStart[$0.start.secondsSinceEpoch].map { $0 * 1_000 } == $0.deliveredMicroKWh })

        let fields = Set(r.warnings.map(\.field))
        #expect(fields.contains("<timezone>"))
        #expect(fields.contains("<published>") && fields.contains("<updated>"))  // Atom elements inside <content>
        #expect(fields.contains("<ApplicationInformation>"))
        #expect(fields.contains("kind") && fields.contains("accumulationBehaviour") && fields.contains("intervalLength"))
        let tz = try #require(r.warnings.first { $0.field == "<timezone>" })
        #expect(tz.expected.contains("not ESPI"))
        #expect(tz.value.contains("300 times"))
        #expect(r.warnings.allSatisfy { Self.located($0, "cityssm.xml") })
    }

    // MARK: XSD

    enum XSD {
        static let required = ProcessInfo.processInfo.environment["GRIDSETTLE_REQUIRE_XSD"] == "1"
        static let available: Bool = (try? python(["-c", "import xmlschema"]).status) == 0
        static let script = repoRoot.appendingPathComponent("scripts/espi_xsd_check.py").path

        static func python(_ args: [String]) throws -> (status: Int32, output: String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3"] + args
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = pipe
            try p.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: data, as: UTF8.self))
        }

        static func check(_ paths: [String], strictAtom: Bool) throws -> (status: Int32, output: String) {
            try #require(available, "GRIDSETTLE_REQUIRE_XSD=1 but python3 cannot import xmlschema (python3 -m pip install 'xmlschema==4.3.2')")
            return try python([script] + (strictAtom ? ["--strict-atom"] : []) + paths)
        }
    }

    @Test(.enabled(if: XSD.available || XSD.required, "python3 with xmlschema is not installed; set GRIDSETTLE_REQUIRE_XSD=1 to make this a failure"))
    func realFixturesValidateAgainstUsageXSDAndCityssmDoesNot() throws {
        let valid = [Self.openESPI, Self.coastal, Self.pgeReadingType, Self.pgeUsagePoint, Self.pgeLocalTime].map { Self.fixtures.appendingPathComponent($0).path }
        let ok = try XSD.check(valid, strictAtom: false)
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("5 passed, 0 failed"))
        let bad = try XSD.check([Self.fixtures.appendingPathComponent(Self.cityssm).path], strictAtom: false)
        #expect(bad.status == 1)
        #expect(bad.output.contains("timezone"))
    }

    @Test(.enabled(if: XSD.available || XSD.required, "python3 with xmlschema is not installed; set GRIDSETTLE_REQUIRE_XSD=1 to make this a failure"))
    func writtenFeedValidatesAgainstUsageXSD() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gridsettle-espi-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("export.xml")
        try Data(ESPIWriter.feed(Self.exportPoints(), title: "GridSettle <settled> & exported", updated: Instant(secondsSinceEpoch: Self.t0)).utf8).write(to: path)
        let r = try XSD.check([path.path], strictAtom: true)
        #expect(r.status == 0, "\(r.output)")
    }

    // MARK: Writer

    /// Two usage points in two zones: 15-minute delivered (µkWh → mWh) and received (whole Wh) across the
    /// 2024 spring-forward day in Los Angeles, with missing, edited and estimated intervals; hourly delivered
    /// (whole kWh) across the 2024 fall-back day in New York; and a net channel.
    static func exportPoints() -> [ESPIExportUsagePoint] {
        var rng = SplitMix64(state: 20_240_310)
        let laStart = MarketTimeZone.losAngeles.startOfDay(LocalDate(year: 2024, month: 3, day: 9))
        let n15 = 3 * 96 - 4  // three local days, one of them 23 h
        var delivered: [Int64] = []
        var quality: [DataQuality] = []
        for i in 0..<n15 {
            delivered.append(Int64(rng.next() % 900_000) + 1)
            switch i {
            case 5, 6, 200: quality.append(.missing)
            case 7: quality.append(.edited)
            case 8, 150: quality.append(.estimated)
            default: quality.append(.actual)
            }
        }
        let received = (0..<n15).map { _ in Int64(rng.next() % 400) * 1_000 }
        let nyStart = MarketTimeZone.newYork.startOfDay(LocalDate(year: 2024, month: 11, day: 2))
        let hourly = (0..<(24 + 25 + 24)).map { _ in Int64(rng.next() % 5) * 1_000_000 }
        let net = (0..<48).map { i in (Int64(rng.next() % 2_000_000) - 1_000_000) * (i % 7 == 0 ? 0 : 1) }
        return [
            ESPIExportUsagePoint(id: "site-A", title: "Site A & <main>", zone: .losAngeles, channels: [
                ESPIExportChannel(title: "delivered", flowDirection: .delivered, intervalSeconds: 900, start: laStart, microKWh: delivered, quality: quality),
                ESPIExportChannel(title: "received", flowDirection: .received, intervalSeconds: 900, start: laStart, microKWh: received),
            ]),
            ESPIExportUsagePoint(id: "site-B", title: "site-B", zone: .newYork, channels: [
                ESPIExportChannel(title: "delivered", flowDirection: .delivered, intervalSeconds: 3600, start: nyStart, microKWh: hourly),
            ]),
            ESPIExportUsagePoint(id: "site-C", title: "site-C", zone: .utc, channels: [
                ESPIExportChannel(title: "net", flowDirection: .net, intervalSeconds: 1800, start: Instant(secondsSinceEpoch: t0), microKWh: net),
            ]),
        ]
    }

    @Test func writerRoundTripsReadingsQualityAndDSTDays() throws {
        let points = Self.exportPoints()
        let xml = ESPIWriter.feed(points, title: "export", updated: Instant(secondsSinceEpoch: Self.t0))
        let r = try ESPIReader.read(Array(xml.utf8), file: "export.xml", options: ImportOptions())

        // Expected, built straight from the channels.
        var expected: [Key] = []
        for p in points {
            for c in p.channels {
                for (i, v) in c.microKWh.enumerated() {
                    let q = c.quality.isEmpty ? DataQuality.actual : c.quality[i]
                    if q == .missing { continue }
                    let start = c.start.secondsSinceEpoch + Int64(i) * c.intervalSeconds
                    switch c.flowDirection {
                    case .delivered: expected.append(Key(meter: p.title, start: start, seconds: c.intervalSeconds, delivered: v, received: nil, quality: q))
                    case .received: expected.append(Key(meter: p.title, start: start, seconds: c.intervalSeconds, delivered: nil, received: v, quality: q))
                    case .net: expected.append(Key(meter: p.title, start: start, seconds: c.intervalSeconds, delivered: max(v, 0), received: max(-v, 0), quality: q))
                    }
                }
            }
        }
        let sort: (Key, Key) -> Bool = { a, b in
            (a.meter, a.start, a.delivered == nil ? 1 : 0, a.received ?? 0) < (b.meter, b.start, b.delivered == nil ? 1 : 0, b.received ?? 0)
        }
        #expect(Self.keys(r.readings).sorted(by: sort) == expected.sorted(by: sort))
        #expect(r.readings.count == expected.count)
        #expect(r.warnings.contains { $0.field == "flowDirection" && $0.value.contains("net") })

        // Blocks follow local days: 23 h (82800 s) on 2024-03-10 in LA, 25 h (90000 s) on 2024-11-03 in New York.
        let blocks = Self.matches("<IntervalBlock[^>]*>\\s*<interval><duration>(\\d+)</duration><start>(\\d+)</start></interval>(.*?)</IntervalBlock>", in: xml)
        let spring = MarketTimeZone.losAngeles.startOfDay(LocalDate(year: 2024, month: 3, day: 10)).secondsSinceEpoch
        let fall = MarketTimeZone.newYork.startOfDay(LocalDate(year: 2024, month: 11, day: 3)).secondsSinceEpoch
        func counts(_ dayStart: Int64) -> [Int] {
            blocks.filter { Int64($0[2]) == dayStart }.map { Self.matches("<IntervalReading>", in: $0[3]).count }.sorted()
        }
        let springBlocks = blocks.filter { Int64($0[2]) == spring }
        #expect(springBlocks.count == 2 && springBlocks.allSatisfy { $0[1] == "82800" })
        #expect(counts(spring) == [92, 92])
        // The days around it: delivered misses intervals 5 and 6 (day 1) and 200 (day 3); received is complete.
        #expect(counts(spring - 86_400) == [94, 96])
        #expect(counts(spring + 82_800) == [95, 96])
        let fallBlock = try #require(blocks.first { Int64($0[2]) == fall })
        #expect(fallBlock[1] == "90000" && Self.matches("<IntervalReading>", in: fallBlock[3]).count == 25)

        // Scaling chosen per channel so values are exact; quality only when not actual; no zero for a gap.
        #expect(xml.contains("<powerOfTenMultiplier>-3</powerOfTenMultiplier>"))  // µkWh values → mWh
        #expect(xml.contains("<powerOfTenMultiplier>0</powerOfTenMultiplier>"))  // whole Wh
        #expect(xml.contains("<powerOfTenMultiplier>3</powerOfTenMultiplier>"))  // whole kWh
        #expect(Self.matches("<quality>7</quality>", in: xml).count == 1 && Self.matches("<quality>8</quality>", in: xml).count == 2)
        #expect(xml.contains("<title>Site A &amp; &lt;main&gt;</title>"))
        #expect(xml.contains("<dstStartRule>360E2000</dstStartRule>") && xml.contains("<dstEndRule>FFFFFFFF</dstEndRule>"))
        #expect(xml.contains("<tzOffset>-28800</tzOffset>") && xml.contains("<tzOffset>-18000</tzOffset>"))
    }

    @Test func writerIsDeterministicWithNameBasedUUIDs() throws {
        let a = ESPIWriter.feed(Self.exportPoints(), title: "export", updated: Instant(secondsSinceEpoch: Self.t0))
        let b = ESPIWriter.feed(Self.exportPoints(), title: "export", updated: Instant(secondsSinceEpoch: Self.t0))
        #expect(Array(a.utf8) == Array(b.utf8))
        let ids = Self.matches("<id>urn:uuid:([0-9a-f-]{36})</id>", in: a).map { $0[1] }
        #expect(ids.count == Set(ids).count)  // unique
        #expect(ids.allSatisfy { $0.count == 36 && $0[$0.index($0.startIndex, offsetBy: 14)] == "5" })
        // RFC 4122 v5 values cross-checked with Python's uuid.uuid5(uuid.NAMESPACE_URL, …).
        #expect(ESPIWriter.uuid("usagepoint/site-A") == "4914f1f1-a255-5120-a043-39a2eacfdf04")
        #expect(ESPIWriter.uuid("") == "7d2d0dce-9d68-57ce-93df-955359b39e8c")
        #expect(ESPIWriter.sha1(Array("abc".utf8)).map { String(format: "%02x", $0) }.joined() == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(a.contains("<published>2024-01-01T00:00:00Z</published>") && a.contains("<updated>2024-01-01T00:00:00Z</updated>"))
    }

    // MARK: Rules on small feeds

    @Test func qualityCodesMapAsDocumented() throws {
        let codes = ["0", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "quality1"]
        let expected: [DataQuality] = [.actual, .edited, .estimated, .estimated, .estimated, .estimated, .estimated, .estimated, .estimated,
                                       .estimated, .estimated, .actual, .actual, .actual, .estimated]
        let readings = codes.enumerated().map { Self.reading(Self.t0 + Int64($0.offset) * 3600, "1", quality: [$0.element]) }
        let r = try ESPIReader.read(Self.one([Self.block(readings)]), file: "q.xml", options: ImportOptions())
        #expect(r.readings.map(\.quality) == expected)
        // A warning for each code that is not clearly actual, edited or estimated.
        let warned = Set(r.warnings.filter { $0.field == "quality" }.map { String($0.value.prefix { $0 != " " }) })
        #expect(warned == ["10", "13", "14", "15", "16", "quality1"])
        // Several codes: the worst wins; none: the ReadingType's defaultQuality, else valid.
        let worst = try ESPIReader.read(Self.one([Self.block([Self.reading(Self.t0, "1", quality: ["0", "7", "17"])])]), file: "q.xml", options: ImportOptions())
        #expect(worst.readings.map(\.quality) == [.edited])
        let def17 = try ESPIReader.read(Self.one(Self.rt(extra: "<defaultQuality>17</defaultQuality>"), [Self.block([Self.reading(Self.t0, "1")])]), file: "q.xml", options: ImportOptions())
        #expect(def17.readings.map(\.quality) == [.actual])
        let def14 = try ESPIReader.read(Self.one(Self.rt(extra: "<defaultQuality>14</defaultQuality>"), [Self.block([Self.reading(Self.t0, "1")])]), file: "q.xml", options: ImportOptions())
        #expect(def14.readings.map(\.quality) == [.estimated])
        #expect(def14.warnings.contains { $0.field == "quality" })
    }

    @Test func scalingIsExactOrRefused() throws {
        let kwh = try ESPIReader.read(Self.one(Self.rt(p: 3), [Self.block([Self.reading(Self.t0, "2")])]), file: "s.xml", options: ImportOptions())
        #expect(kwh.readings.map(\.deliveredMicroKWh) == [2_000_000])
        let milli = try ESPIReader.read(Self.one(Self.rt(p: -3), [Self.block([Self.reading(Self.t0, "7")])]), file: "s.xml", options: ImportOptions())
        #expect(milli.readings.map(\.deliveredMicroKWh) == [7])
        let deci = try ESPIReader.read(Self.one(Self.rt(p: -4), [Self.block([Self.reading(Self.t0, "70")])]), file: "s.xml", options: ImportOptions())
        #expect(deci.readings.map(\.deliveredMicroKWh) == [7])
        // 7 × 10^-4 Wh = 0.7 µkWh: not whole, refused rather than rounded.
        let notWhole = Self.expectInvalid(Self.one(Self.rt(p: -4), [Self.block([Self.reading(Self.t0, "7")])]), file: "s.xml")
        #expect(notWhole?.errors.first?.expected.contains("never rounds") == true)
        // Fits Int64 as written, overflows once scaled to µkWh.
        let big = Self.expectInvalid(Self.one(Self.rt(p: 3), [Self.block([Self.reading(Self.t0, "9223372036854775")])]), file: "s.xml")
        #expect(big?.errors.first?.field == "value")
        // Thirty digits.
        let huge = Self.expectInvalid(Self.one([Self.block([Self.reading(Self.t0, String(repeating: "9", count: 30))])]), file: "s.xml")
        #expect(huge?.errors.first?.expected.contains("64-bit") == true)
        // Negative delivered energy.
        Self.expectInvalid(Self.one([Self.block([Self.reading(Self.t0, "-5")])]), file: "s.xml")
    }

    @Test func malformedReadingsAreLocatedErrors() throws {
        let cases: [(String, String)] = [
            ("letters", Self.block([Self.reading(Self.t0, "2a8")])),
            ("empty value", Self.block([Self.reading(Self.t0, "")])),
            ("negative duration", Self.block([Self.reading(Self.t0, "5", duration: "-3600")])),
            ("zero duration", Self.block([Self.reading(Self.t0, "5", duration: "0")])),
            ("duration ≠ intervalLength", Self.block([Self.reading(Self.t0, "5", duration: "900")])),
            ("no value", Self.block(["<IntervalReading><timePeriod><duration>3600</duration><start>\(Self.t0)</start></timePeriod></IntervalReading>"])),
            ("no start", Self.block(["<IntervalReading><timePeriod><duration>3600</duration></timePeriod><value>1</value></IntervalReading>"])),
            ("start +", Self.block(["<IntervalReading><timePeriod><duration>3600</duration><start>+\(Self.t0)</start></timePeriod><value>1</value></IntervalReading>"])),
            ("no timePeriod, no interval", Self.block(["<IntervalReading><value>1</value></IntervalReading>"])),
        ]
        for (name, b) in cases {
            let e = Self.expectInvalid(Self.one([b]), file: "bad.xml")
            #expect(e != nil, "\(name)")
        }
    }

    @Test func readingsWithoutTimePeriodAreContiguousFromTheBlockStart() throws {
        let b = Self.block(["<IntervalReading><value>1</value></IntervalReading>", "<IntervalReading><value>2</value></IntervalReading>",
                            "<IntervalReading><value>3</value></IntervalReading>"], start: Self.t0)
        let r = try ESPIReader.read(Self.one([b]), file: "c.xml", options: ImportOptions())
        #expect(r.readings.map(\.start.secondsSinceEpoch) == [Self.t0, Self.t0 + 3600, Self.t0 + 7200])
        #expect(r.readings.map(\.deliveredMicroKWh) == [1_000, 2_000, 3_000])
    }

    @Test func duplicatesAcrossBlocksAreDroppedOnceAndConflictsRefused() throws {
        let a = Self.block([Self.reading(Self.t0, "5"), Self.reading(Self.t0 + 3600, "6")])
        let same = Self.block([Self.reading(Self.t0 + 3600, "6"), Self.reading(Self.t0 + 7200, "7")])
        let r = try ESPIReader.read(Self.one([a, same]), file: "d.xml", options: ImportOptions())
        #expect(r.readings.map(\.deliveredMicroKWh) == [5_000, 6_000, 7_000])
        let dup = try #require(r.warnings.first { $0.field == "IntervalReading" })
        #expect(dup.value.hasPrefix("1 duplicate"))

        let different = Self.block([Self.reading(Self.t0 + 3600, "60")])
        let bytes = Self.one([a, different])
        let e = try #require(Self.expectInvalid(bytes, file: "d.xml"))
        // Names both lines.
        let text = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let lines = text.indices.filter { text[$0].contains("<start>\(Self.t0 + 3600)</start>") }.map { "d.xml:\($0 + 1)" }
        #expect(lines.count == 2)
        #expect(e.errors.contains { issue in lines.contains(issue.location) && lines.contains { issue.expected.contains($0) } })
    }

    @Test func channelsThatAreNotIntervalEnergyAreSkippedOrRefused() throws {
        let wh = MiniChannel(readingType: Self.rt(), blocks: [Self.block([Self.reading(Self.t0, "5")])])
        let varh = MiniChannel(readingType: Self.rt(uom: 73), blocks: [Self.block([Self.reading(Self.t0, "9")])])
        let cumulative = MiniChannel(readingType: Self.rt().replacingOccurrences(of: "<accumulationBehaviour>4<", with: "<accumulationBehaviour>3<"),
                                     blocks: [Self.block([Self.reading(Self.t0, "9")])])
        let demand = MiniChannel(readingType: Self.rt().replacingOccurrences(of: "<kind>12<", with: "<kind>8<"), blocks: [Self.block([Self.reading(Self.t0, "9")])])
        let r = try ESPIReader.read(Self.mini([MiniPoint(title: "M", id: "U", channels: [wh, varh, cumulative, demand])]), file: "k.xml", options: ImportOptions())
        #expect(r.readings.map(\.deliveredMicroKWh) == [5_000])
        let skipped = r.warnings.filter { $0.field == "ReadingType" }
        #expect(skipped.count == 3)
        #expect(skipped.contains { $0.expected.contains("VArh") })
        #expect(skipped.contains { $0.expected.contains("cumulative") })
        #expect(skipped.contains { $0.expected.contains("demand") })
        // Nothing importable at all: refused.
        Self.expectInvalid(Self.mini([MiniPoint(title: "M", id: "U", channels: [varh])]), file: "k.xml")
        // A malformed code GridSettle acts on is one error; one it does not use is a warning.
        let badUOM = try #require(Self.expectInvalid(Self.one(Self.rt().replacingOccurrences(of: "<uom>72</uom>", with: "<uom>Wh</uom>"), [Self.block([Self.reading(Self.t0, "5")])]), file: "k.xml"))
        #expect(badUOM.errors.count == 1 && badUOM.errors[0].field == "uom")
        let badPhase = try ESPIReader.read(Self.one(Self.rt(extra: "<phase>S12N</phase>"), [Self.block([Self.reading(Self.t0, "5")])]), file: "k.xml", options: ImportOptions())
        #expect(badPhase.readings.count == 1 && badPhase.warnings.contains { $0.field == "phase" })
        // No uom or no flowDirection: the values cannot be read.
        Self.expectInvalid(Self.one(Self.rt().replacingOccurrences(of: "<uom>72</uom>", with: ""), [Self.block([Self.reading(Self.t0, "5")])]), file: "k.xml")
        Self.expectInvalid(Self.one(Self.rt().replacingOccurrences(of: "<flowDirection>1</flowDirection>", with: ""), [Self.block([Self.reading(Self.t0, "5")])]), file: "k.xml")
    }

    @Test func receivedAndNetChannels() throws {
        let d = MiniChannel(readingType: Self.rt(flow: 1), blocks: [Self.block([Self.reading(Self.t0, "5")])])
        let rc = MiniChannel(readingType: Self.rt(flow: 19), blocks: [Self.block([Self.reading(Self.t0, "3")])])
        let r = try ESPIReader.read(Self.mini([MiniPoint(title: "M", id: "U", channels: [d, rc])]), file: "n.xml", options: ImportOptions())
        #expect(r.readings.map(\.deliveredMicroKWh) == [5_000, nil])  // delivered first at the same start
        #expect(r.readings.map(\.receivedMicroKWh) == [nil, 3_000])
        let net = try ESPIReader.read(Self.one(Self.rt(flow: 4), [Self.block([Self.reading(Self.t0, "-4"), Self.reading(Self.t0 + 3600, "6")])]),
                                      file: "n.xml", options: ImportOptions())
        #expect(net.readings.map(\.deliveredMicroKWh) == [0, 6_000])
        #expect(net.readings.map(\.receivedMicroKWh) == [4_000, 0])
        #expect(net.warnings.filter { $0.field == "flowDirection" }.count == 1)
    }

    @Test func meterIDsComeFromTheOptionTitleOrHref() throws {
        let c = MiniChannel(readingType: Self.rt(), blocks: [Self.block([Self.reading(Self.t0, "5")])])
        let two = Self.mini([MiniPoint(title: "A", id: "U1", channels: [c]), MiniPoint(title: "B", id: "U2", channels: [c])])
        let r = try ESPIReader.read(two, file: "m.xml", options: ImportOptions())
        #expect(r.readings.map(\.meterID) == ["A", "B"])
        // --meter with two usage points would merge two meters: refused.
        Self.expectInvalid(two, file: "m.xml", options: ImportOptions(meterID: "X"))
        let single = Self.mini([MiniPoint(title: "A", id: "U1", channels: [c])])
        #expect(try ESPIReader.read(single, file: "m.xml", options: ImportOptions(meterID: "X")).readings.map(\.meterID) == ["X"])
        let untitled = Self.mini([MiniPoint(title: "", id: "Meter-42", channels: [c])])
        #expect(try ESPIReader.read(untitled, file: "m.xml", options: ImportOptions()).readings.map(\.meterID) == ["Meter-42"])
        // Two usage points that would share an id.
        Self.expectInvalid(Self.mini([MiniPoint(title: "A", id: "U1", channels: [c]), MiniPoint(title: "A", id: "U2", channels: [c])]), file: "m.xml")
    }

    // MARK: Seeded damage to a real file

    @Test func truncationAtManyOffsetsNeverDropsReadingsSilently() throws {
        let full = try Self.bytes(Self.openESPI)
        let whole = try ESPIReader.read(full, file: "t.xml", options: ImportOptions())
        var rng = SplitMix64(state: 7)
        var offsets = [0, 1, 2, 100, full.count - 1, full.count - 2, full.count - 8, full.count / 2]
        for _ in 0..<56 { offsets.append(Int(rng.next() % UInt64(full.count))) }
        var refused = 0
        for cut in offsets {
            do {
                let r = try ESPIReader.read(Array(full.prefix(cut)), file: "t.xml", options: ImportOptions())
                #expect(r.readings == whole.readings, "cut at \(cut) returned \(r.readings.count) readings without an error")
            } catch {
                refused += 1
                #expect(!error.errors.isEmpty)
                #expect(error.errors.allSatisfy { Self.located($0, "t.xml") }, "cut at \(cut): \(error)")
            }
        }
        #expect(refused >= offsets.count - 2)  // only a cut in the trailing newline leaves a whole document
    }

    /// `text` with the first `target` replaced; records an issue if there is none.
    static func replacingFirst(_ target: String, with replacement: String, in text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        guard let r = text.range(of: target) else {
            Issue.record("\(target) not found", sourceLocation: sourceLocation)
            return text
        }
        return text.replacingCharacters(in: r, with: replacement)
    }

    /// The `<entry>…</entry>` spans of a feed, and the text around them.
    static func splitEntries(_ text: String) -> (head: String, entries: [String], tail: String) {
        let ns = text as NSString
        let re = try! NSRegularExpression(pattern: "<entry>.*?</entry>", options: [.dotMatchesLineSeparators])
        let ms = re.matches(in: text, range: NSRange(location: 0, length: ns.length))
        let head = ns.substring(to: ms.first!.range.location)
        let tail = ns.substring(from: ms.last!.range.location + ms.last!.range.length)
        return (head, ms.map { ns.substring(with: $0.range) }, tail)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func reorderedEntriesGiveTheSameReadings(seed: UInt64) throws {
        let text = try Self.text(Self.openESPI)
        let whole = try ESPIReader.read(Array(text.utf8), file: "o.xml", options: ImportOptions())
        var rng = SplitMix64(state: seed)
        let parts = Self.splitEntries(text)
        let shuffled = parts.head + parts.entries.shuffled(using: &rng).joined(separator: "\n") + parts.tail
        #expect(shuffled != text)
        let r = try ESPIReader.read(Array(shuffled.utf8), file: "o.xml", options: ImportOptions())
        #expect(Self.keys(r.readings) == Self.keys(whole.readings))
    }

    @Test(arguments: [11, 12] as [UInt64])
    func reorderedIntervalReadingsGiveTheSameReadings(seed: UInt64) throws {
        let text = try Self.text(Self.coastal)
        let whole = try ESPIReader.read(Array(text.utf8), file: "c.xml", options: ImportOptions())
        var rng = SplitMix64(state: seed)
        let ns = text as NSString
        let blockRE = try NSRegularExpression(pattern: "(<IntervalBlock[^>]*>.*?</interval>)(.*?)(\\s*</IntervalBlock>)", options: [.dotMatchesLineSeparators])
        let readingRE = try NSRegularExpression(pattern: "<IntervalReading>.*?</IntervalReading>", options: [.dotMatchesLineSeparators])
        var out = ""
        var at = 0
        for m in blockRE.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: at, length: m.range.location - at))
            let body = ns.substring(with: m.range(at: 2))
            let bns = body as NSString
            let readings = readingRE.matches(in: body, range: NSRange(location: 0, length: bns.length)).map { bns.substring(with: $0.range) }
            out += ns.substring(with: m.range(at: 1)) + "\n" + readings.shuffled(using: &rng).joined(separator: "\n") + ns.substring(with: m.range(at: 3))
            at = m.range.location + m.range.length
        }
        out += ns.substring(from: at)
        #expect(out != text)
        let r = try ESPIReader.read(Array(out.utf8), file: "c.xml", options: ImportOptions())
        #expect(Self.keys(r.readings) == Self.keys(whole.readings))
    }

    @Test func missingLinksFallBackToDocumentOrderWithWarnings() throws {
        let text = try Self.text(Self.openESPI)
        let whole = try ESPIReader.read(Array(text.utf8), file: "l.xml", options: ImportOptions())
        let stripped = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("<link ") }.joined(separator: "\n")
        let r = try ESPIReader.read(Array(stripped.utf8), file: "l.xml", options: ImportOptions())
        #expect(Self.keys(r.readings) == Self.keys(whole.readings))
        #expect(r.warnings.contains { $0.field == "link" && $0.expected.contains("document order") })
    }

    @Test func damagedRealFileIsRefusedWithLocatedErrors() throws {
        let text = try Self.text(Self.openESPI)
        // Thirty-digit value, letters, empty value, negative duration, a missing ReadingType entry.
        let thirty = Self.replacingFirst("<value>282</value>", with: "<value>\(String(repeating: "7", count: 30))</value>", in: text)
        let e1 = try #require(Self.expectInvalid(Array(thirty.utf8), file: "x.xml"))
        let line = thirty.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("777777777") }! + 1
        #expect(e1.errors.map(\.location) == ["x.xml:\(line)"])
        Self.expectInvalid(Array(Self.replacingFirst("<value>323</value>", with: "<value>3x3</value>", in: text).utf8), file: "x.xml")
        Self.expectInvalid(Array(Self.replacingFirst("<value>294</value>", with: "<value></value>", in: text).utf8), file: "x.xml")
        Self.expectInvalid(Array(Self.replacingFirst("<duration>900</duration>", with: "<duration>-900</duration>", in: text).utf8), file: "x.xml")
        let parts = Self.splitEntries(text)
        let withoutRT = parts.head + parts.entries.filter { !$0.contains("<ReadingType") }.joined(separator: "\n") + parts.tail
        let e2 = try #require(Self.expectInvalid(Array(withoutRT.utf8), file: "x.xml"))
        #expect(e2.errors.contains { $0.field == "ReadingType" })
    }
}
