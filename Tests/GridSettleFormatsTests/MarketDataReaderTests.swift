import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// CAISO OASIS and PJM Data Miner 2 price readers, on the SYNTHETIC fixtures in Fixtures/oasis and
/// Fixtures/pjm-dataminer (see SOURCES.md there; made by scripts/make_market_fixtures.py) and on inline files.
@Suite("MarketDataReader")
struct MarketDataReaderTests {
    // MARK: - Helpers

    enum Source { case oasis, pjm }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ folder: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(folder).appendingPathComponent(name)))
    }

    static func read(_ source: Source, _ bytes: [UInt8], file: String, options: ImportOptions = ImportOptions()) throws(DatasetInvalid) -> ImportedRecords {
        switch source {
        case .oasis: return try OASISPriceReader.read(bytes, file: file, options: options)
        case .pjm: return try DataMinerReader.read(bytes, file: file, options: options)
        }
    }

    static func oasis(_ name: String) throws -> ImportedRecords {
        try OASISPriceReader.read(try fixture("oasis", name), file: name, options: ImportOptions())
    }

    static func pjm(_ name: String, options: ImportOptions = ImportOptions()) throws -> ImportedRecords {
        try DataMinerReader.read(try fixture("pjm-dataminer", name), file: name, options: options)
    }

    /// The issues thrown by `body`, or nil when it read cleanly.
    static func issues(_ body: () throws(DatasetInvalid) -> ImportedRecords) -> [DatasetIssue]? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.issues
        }
    }

    static func oasisIssues(_ text: String, file: String = "t.csv") -> [DatasetIssue]? {
        issues { () throws(DatasetInvalid) in try OASISPriceReader.read(Array(text.utf8), file: file, options: ImportOptions()) }
    }

    static func pjmIssues(_ text: String, file: String = "p.csv", options: ImportOptions = ImportOptions()) -> [DatasetIssue]? {
        issues { () throws(DatasetInvalid) in try DataMinerReader.read(Array(text.utf8), file: file, options: options) }
    }

    static func at(_ text: String) -> Instant { TimestampParser.parse(text)! }

    /// The price at (node, product, start), or nil.
    static func price(_ r: ImportedRecords, _ node: String, _ product: PriceProduct = .lmp, _ start: String) -> Int64? {
        let s = at(start)
        let hits = r.prices.filter { $0.node == node && $0.product == product && $0.start == s }
        return hits.count == 1 ? hits[0].microPrice : nil
    }

    /// Warnings whose field or value mentions `text`.
    static func warnings(_ r: ImportedRecords, _ text: String) -> [DatasetIssue] {
        r.warnings.filter { $0.value.contains(text) || $0.field.contains(text) }
    }

    /// The comparable content of a price (everything except where it came from).
    struct Key: Hashable {
        var node: String
        var run: MarketRun
        var product: PriceProduct
        var start: Instant
        var seconds: Int64
        var micro: Int64
        init(_ p: PricePoint) {
            node = p.node
            run = p.run
            product = p.product
            start = p.start
            seconds = p.seconds
            micro = p.microPrice
        }
    }

    static func isSorted(_ prices: [PricePoint]) -> Bool {
        let runs = MarketRun.allCases
        let products = PriceProduct.allCases
        return zip(prices, prices.dropFirst()).allSatisfy { a, b in
            if a.node != b.node { return a.node < b.node }
            if a.run != b.run { return runs.firstIndex(of: a.run)! < runs.firstIndex(of: b.run)! }
            if a.product != b.product { return products.firstIndex(of: a.product)! < products.firstIndex(of: b.product)! }
            return a.start < b.start
        }
    }

    /// Every issue names `file` and a line number ≥ 1 (`file:line` or `file:line:column`).
    static func namesFileAndLine(_ issues: [DatasetIssue], file: String) -> Bool {
        !issues.isEmpty && issues.allSatisfy { i in
            guard i.location.hasPrefix(file + ":") else { return false }
            let rest = i.location.dropFirst(file.count + 1).split(separator: ":")
            guard let line = rest.first.flatMap({ Int($0) }) else { return false }
            return line >= 1
        }
    }

    /// A deterministic generator (SplitMix64) for the fuzz-style tests.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func shuffle<T>(_ a: inout [T]) {
            guard a.count > 1 else { return }
            for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, below(i + 1)) }
        }
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    static func join(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

    // MARK: - OASIS fixtures

    @Test("PRC_LMP normal day: 24 hours per node, components warned with counts, sorted, exact µ$")
    func oasisNormalDay() throws {
        let r = try Self.oasis("PRC_LMP_DAM_20240115.csv")
        #expect(r.prices.count == 48)
        for node in ["TH_NP15_GEN-APND", "DLAP_PGAE-APND"] {
            let p = r.prices.filter { $0.node == node }
            #expect(p.count == 24)
            #expect(p.first?.start == Self.at("2024-01-15T08:00:00Z"))
            #expect(zip(p, p.dropFirst()).allSatisfy { $1.start == $0.start.adding(seconds: 3600) })
        }
        #expect(r.prices.allSatisfy { $0.run == .dayAhead && $0.product == .lmp && $0.seconds == 3600 })
        #expect(Self.isSorted(r.prices))
        #expect(r.prices.first?.node == "DLAP_PGAE-APND")
        #expect(Self.price(r, "TH_NP15_GEN-APND", .lmp, "2024-01-15T08:00:00Z") == 30_000_010)
        #expect(Self.price(r, "DLAP_PGAE-APND", .lmp, "2024-01-16T07:00:00Z") == 74_500_020)
        // one warning per component type, with its count
        #expect(Self.warnings(r, "8 MCE row(s) not imported").count == 1)
        #expect(Self.warnings(r, "6 MCC row(s) not imported").count == 1)
        #expect(Self.warnings(r, "4 MCL row(s) not imported").count == 1)
        #expect(Self.warnings(r, "1 MGHG row(s) not imported").count == 1)
        #expect(r.warnings.count == 4)
        #expect(r.warnings.allSatisfy { $0.severity == .warning && $0.expected.contains("total LMP") })
        // sources point back into the file
        #expect(r.prices.allSatisfy { $0.source.hasPrefix("PRC_LMP_DAM_20240115.csv:") })
    }

    @Test("PRC_LMP spring-forward day: 23 hours per node and no OPR_HR 3")
    func oasisSpringForward() throws {
        let r = try Self.oasis("PRC_LMP_DAM_20240310.csv")
        let text = String(decoding: try Self.fixture("oasis", "PRC_LMP_DAM_20240310.csv"), as: UTF8.self)
        #expect(!text.contains(",2024-03-10,3,"))
        for node in ["TH_NP15_GEN-APND", "DLAP_PGAE-APND"] {
            let p = r.prices.filter { $0.node == node }
            #expect(p.count == 23)
            #expect(p.first?.start == Self.at("2024-03-10T08:00:00Z"))
            #expect(p.last?.start == Self.at("2024-03-11T06:00:00Z"))
            #expect(zip(p, p.dropFirst()).allSatisfy { $1.start == $0.start.adding(seconds: 3600) })
        }
        // 10:00Z is 03:00 PDT, labelled OPR_HR 4; node 1, day 1, hour index 2 → 30 + 10 + 0.01 + 3 + 0.00002
        #expect(Self.price(r, "DLAP_PGAE-APND", .lmp, "2024-03-10T10:00:00Z") == 43_010_020)
        #expect(Self.warnings(r, "2 MCC row(s) not imported").count == 1)
        #expect(Self.isSorted(r.prices))
    }

    @Test("PRC_LMP fall-back day: 25 hours per node, OPR_HR 25 between 2 and 3, both 01:00 hours as distinct GMT keys")
    func oasisFallBack() throws {
        let r = try Self.oasis("PRC_LMP_DAM_20241103.csv")
        let lines = Self.lines(try Self.fixture("oasis", "PRC_LMP_DAM_20241103.csv"))
        let hours = lines.dropFirst().prefix(25).map { $0.split(separator: ",")[3] }
        #expect(Array(hours.prefix(4)) == ["1", "2", "25", "3"])
        for node in ["TH_NP15_GEN-APND", "DLAP_PGAE-APND"] {
            let p = r.prices.filter { $0.node == node }
            #expect(p.count == 25)
            #expect(p.first?.start == Self.at("2024-11-03T07:00:00Z"))
            #expect(p.last?.start == Self.at("2024-11-04T07:00:00Z"))
        }
        let pdt = Self.at("2024-11-03T08:00:00Z")
        let pst = Self.at("2024-11-03T09:00:00Z")
        let la = MarketTimeZone.losAngeles
        #expect(la.localTime(pdt) == la.localTime(pst))  // both 01:00 local
        #expect(la.localTime(pdt).hour == 1)
        #expect(pdt != pst)
        #expect(Self.price(r, "TH_NP15_GEN-APND", .lmp, "2024-11-03T08:00:00Z") == 31_520_010)
        #expect(Self.price(r, "TH_NP15_GEN-APND", .lmp, "2024-11-03T09:00:00Z") == 33_020_010)
        #expect(Self.warnings(r, "2 MCE row(s)").count == 1)
        #expect(Self.warnings(r, "2 MCL row(s)").count == 1)
        #expect(Self.isSorted(r.prices))
        #expect(r.prices.first?.node == "DLAP_PGAE-APND")  // the file lists TH_NP15 first
    }

    @Test("PRC_RTPD_LMP (FMM, PRC column) over the fall-back hour")
    func oasisFMM() throws {
        let r = try Self.oasis("PRC_RTPD_LMP_20241103.csv")
        #expect(r.prices.count == 16)
        #expect(r.prices.allSatisfy { $0.run == .fifteenMinute && $0.seconds == 900 })
        #expect(Self.price(r, "TH_NP15_GEN-APND", .lmp, "2024-11-03T09:00:00Z") == 41_000_100)
        #expect(Self.price(r, "DLAP_PGAE-APND", .lmp, "2024-11-03T09:45:00Z") == 46_750_100)
        #expect(Self.warnings(r, "4 MCC row(s)").count == 1)
        #expect(Self.isSorted(r.prices))
    }

    @Test("PRC_INTVL_LMP (RTD, VALUE column): 24 five-minute prices, a negative one exact")
    func oasisRTD() throws {
        let r = try Self.oasis("PRC_INTVL_LMP_20241103.csv")
        #expect(r.prices.count == 24)
        #expect(r.prices.allSatisfy { $0.run == .realTimeDispatch && $0.seconds == 300 })
        #expect(Self.price(r, "TH_NP15_GEN-APND", .lmp, "2024-11-03T08:15:00Z") == -12_345_678)
        #expect(Self.price(r, "TH_NP15_GEN-APND", .lmp, "2024-11-03T09:00:00Z") == 50_600_001)
        #expect(Self.warnings(r, "2 MCE row(s)").count == 1)
        #expect(r.prices.map(\.start) == (0..<24).map { Self.at("2024-11-03T08:00:00Z").adding(seconds: Int64($0) * 300) })
    }

    @Test("PRC_AS: RU/RD/RMU/RMD imported by region, SR/NR and HASP rows warned with counts")
    func oasisAS() throws {
        let r = try Self.oasis("PRC_AS_DAM_20240115.csv")
        #expect(r.prices.count == 18)
        #expect(r.prices.allSatisfy { $0.run == .dayAhead && $0.seconds == 3600 })
        #expect(r.prices.filter { $0.node == "AS_CAISO_EXP" }.count == 16)
        #expect(Self.price(r, "AS_CAISO_EXP", .regulationUp, "2024-01-15T08:00:00Z") == 8_010_000)
        #expect(Self.price(r, "AS_CAISO_EXP", .regulationDown, "2024-01-15T11:00:00Z") == 9_010_000)
        #expect(Self.price(r, "AS_CAISO_EXP", .mileageUp, "2024-01-15T10:00:00Z") == 2_210_000)
        #expect(Self.price(r, "AS_CAISO_EXP", .mileageDown, "2024-01-15T09:00:00Z") == 1_110_000)
        #expect(Self.price(r, "AS_SP26_EXP", .regulationUp, "2024-01-15T08:00:00Z") == 8_500_000)
        #expect(Self.warnings(r, "4 SR row(s)").count == 1)
        #expect(Self.warnings(r, "4 NR row(s)").count == 1)
        #expect(Self.warnings(r, "3 HASP row(s)").count == 1)
        #expect(Self.isSorted(r.prices))
    }

    @Test("PRC_INTVL_AS: RTM 15-minute AS prices as FMM")
    func oasisIntervalAS() throws {
        let r = try Self.oasis("PRC_INTVL_AS_20240115.csv")
        #expect(r.prices.count == 16)
        #expect(r.prices.allSatisfy { $0.run == .fifteenMinute && $0.seconds == 900 && $0.node == "AS_CAISO_EXP" })
        #expect(Self.price(r, "AS_CAISO_EXP", .regulationUp, "2024-01-15T08:45:00Z") == 8_753_000)
        #expect(Self.price(r, "AS_CAISO_EXP", .mileageDown, "2024-01-15T08:00:00Z") == 103_000)
        #expect(Self.warnings(r, "4 SR row(s)").count == 1)
        #expect(Self.warnings(r, "4 NR row(s)").count == 1)
    }

    // MARK: - OASIS errors (inline files)

    static let lmpHeader =
        "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,MW,GROUP\n"

    static func lmpRow(_ start: String, _ end: String, _ dt: String, _ hr: String, mw: String, node: String = "N1", run: String = "DAM",
                       type: String = "LMP", item: String = "LMP_PRC") -> String {
        "\(start),\(end),\(dt),\(hr),0,\(node),\(node),\(node),\(run),\(type),\(item),\(node),ALL,1,\(mw),1\n"
    }

    static let fallRows =
        lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "31.5")
        + lmpRow("2024-11-03T09:00:00-00:00", "2024-11-03T10:00:00-00:00", "2024-11-03", "25", mw: "33")

    @Test("good inline rows read; OPR_HR 25 is accepted only for the second 01:00")
    func oasisInlineGood() throws {
        let r = try OASISPriceReader.read(Array((Self.lmpHeader + Self.fallRows).utf8), file: "t.csv", options: ImportOptions())
        #expect(r.prices.map(\.microPrice) == [31_500_000, 33_000_000])
        #expect(r.prices.map(\.source) == ["t.csv:2", "t.csv:3"])
        #expect(r.warnings.isEmpty)
    }

    @Test("an OPR_HR that contradicts the GMT start is an error naming the row and column")
    func oasisOprHourContradiction() throws {
        // the second 01:00 (PST) labelled 2 instead of 25
        let text = Self.lmpHeader + Self.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "31.5")
            + Self.lmpRow("2024-11-03T09:00:00-00:00", "2024-11-03T10:00:00-00:00", "2024-11-03", "2", mw: "33")
        let issues = try #require(Self.oasisIssues(text))
        #expect(issues.count == 1)
        #expect(issues[0].location == "t.csv:3:4")
        #expect(issues[0].field == "OPR_HR")
        #expect(issues[0].expected.contains("OPR_HR 25"))
        // spring-forward: 10:00Z is 03:00 PDT = hour ending 4; a label 3 does not exist
        let spring = Self.lmpHeader + Self.lmpRow("2024-03-10T10:00:00-00:00", "2024-03-10T11:00:00-00:00", "2024-03-10", "3", mw: "1")
        let s = try #require(Self.oasisIssues(spring))
        #expect(s.map(\.location) == ["t.csv:2:4"])
        #expect(s[0].expected.contains("OPR_HR 4"))
        // wrong operating date
        let date = Self.lmpHeader + Self.lmpRow("2024-11-03T07:00:00-00:00", "2024-11-03T08:00:00-00:00", "2024-11-04", "1", mw: "1")
        #expect(Self.oasisIssues(date)?.map(\.location) == ["t.csv:2:3"])
    }

    @Test("a wrong interval length, off-grid start, 7 decimals, letters, 40 digits: each located")
    func oasisBadFields() throws {
        let wrongLength = Self.lmpHeader + Self.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T08:30:00-00:00", "2024-11-03", "2", mw: "1")
        let a = try #require(Self.oasisIssues(wrongLength))
        #expect(a.map(\.location) == ["t.csv:2:2"])
        #expect(a[0].expected.contains("60 minutes"))

        let rtd = "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,VALUE,OPR_INTERVAL,GROUP\n"
            + "2024-11-03T08:00:00-00:00,2024-11-03T08:15:00-00:00,2024-11-03,2,N,N,N,RTM,LMP,LMP_PRC,N,ALL,1,5,1,1\n"
        let b = try #require(Self.oasisIssues(rtd))
        #expect(b.map(\.location) == ["t.csv:2:2"])
        #expect(b[0].expected.contains("5 minutes"))

        let offGrid = Self.lmpHeader + Self.lmpRow("2024-11-03T08:30:00-00:00", "2024-11-03T09:30:00-00:00", "2024-11-03", "2", mw: "1")
        #expect(Self.oasisIssues(offGrid)?.map(\.location) == ["t.csv:2:1"])

        let decimals = Self.lmpHeader + Self.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "12.1234567")
        let c = try #require(Self.oasisIssues(decimals))
        #expect(c.map(\.location) == ["t.csv:2:15"])
        #expect(c[0].expected.contains("at most 6 decimals"))
        // trailing zeros past 6 decimals change nothing and are accepted
        let zeros = Self.lmpHeader + Self.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "12.1234560")
        #expect(try OASISPriceReader.read(Array(zeros.utf8), file: "t.csv", options: ImportOptions()).prices.map(\.microPrice) == [12_123_456])

        let letters = Self.lmpHeader + Self.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "4x.5")
        #expect(Self.oasisIssues(letters)?.map(\.location) == ["t.csv:2:15"])

        let huge = Self.lmpHeader + Self.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2",
                                                mw: String(repeating: "9", count: 40))
        let d = try #require(Self.oasisIssues(huge))
        #expect(d.map(\.location) == ["t.csv:2:15"])
        #expect(d[0].expected.contains("small enough"))

        let badTime = Self.lmpHeader + Self.lmpRow("2024-11-03T08:00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "1")
        #expect(Self.oasisIssues(badTime)?.map(\.location) == ["t.csv:2:1"])
    }

    @Test("every bad row is reported in one throw")
    func oasisCollectsAllErrors() throws {
        let text = Self.lmpHeader
            + Self.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "abc")
            + Self.lmpRow("2024-11-03T09:00:00-00:00", "2024-11-03T10:00:00-00:00", "2024-11-03", "3", mw: "1")
            + Self.lmpRow("2024-11-03T10:00:00-00:00", "2024-11-03T11:00:00-00:00", "2024-11-03", "3", mw: "1", type: "XYZ")
        let issues = try #require(Self.oasisIssues(text))
        #expect(issues.map(\.location) == ["t.csv:2:15", "t.csv:3:4", "t.csv:4:10"])
    }

    @Test("duplicate GMT keys: same value deduplicated with a warning, different values an error naming both lines")
    func oasisDuplicates() throws {
        let row = Self.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "31.5")
        let same = try OASISPriceReader.read(Array((Self.lmpHeader + row + row).utf8), file: "t.csv", options: ImportOptions())
        #expect(same.prices.count == 1)
        #expect(same.warnings.count == 1)
        #expect(same.warnings[0].location == "t.csv:3")
        #expect(same.warnings[0].value.contains("as line 2"))

        let other = Self.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "31.6")
        let issues = try #require(Self.oasisIssues(Self.lmpHeader + row + other))
        let errors = issues.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors[0].location == "t.csv:3:15")
        #expect(errors[0].expected.contains("line 2 has 31.5"))
        #expect(errors[0].expected.contains("line 3 has 31.6"))
    }

    @Test("unknown header, wrong run, XML and ZIP are refused with what the reader knows")
    func oasisRefusals() throws {
        let unknown = try #require(Self.oasisIssues("A,B,C\n1,2,3\n"))
        #expect(unknown.count == 1)
        #expect(unknown[0].location == "t.csv:1")
        for layout in ["PRC_LMP", "PRC_RTPD_LMP", "PRC_INTVL_LMP", "PRC_AS", "PRC_INTVL_AS"] { #expect(unknown[0].expected.contains(layout)) }

        let hasp = Self.lmpHeader + Self.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "1", run: "HASP")
        #expect(Self.oasisIssues(hasp)?.map(\.location) == ["t.csv:2:9"])

        let missing = "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,NODE,MARKET_RUN_ID,LMP_TYPE,MW\n"
        let m = try #require(Self.oasisIssues(missing))
        #expect(m.map(\.location) == ["t.csv:1"])
        #expect(m[0].expected.contains("OPR_HR"))

        let xml = try #require(Self.oasisIssues("<?xml version=\"1.0\"?><OASISReport><ERR_CODE>1000</ERR_CODE></OASISReport>"))
        #expect(xml[0].expected.contains("XML"))
        let zip = try #require(Self.issues { () throws(DatasetInvalid) in
            try OASISPriceReader.read([0x50, 0x4B, 3, 4, 0, 0], file: "t.zip", options: ImportOptions())
        })
        #expect(zip[0].expected.contains("unzip"))
        #expect(Self.oasisIssues("")?.map(\.location) == ["t.csv:1"])
    }

    @Test("sub-hourly OPR_INTERVAL is checked against the GMT start")
    func oasisOprInterval() throws {
        let header = "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,PRC,OPR_INTERVAL,GROUP\n"
        let good = header + "2024-11-03T09:30:00-00:00,2024-11-03T09:45:00-00:00,2024-11-03,25,N,N,N,RTPD,LMP,LMP_PRC,N,ALL,1,5,3,1\n"
        #expect(try OASISPriceReader.read(Array(good.utf8), file: "t.csv", options: ImportOptions()).prices.count == 1)
        let bad = header + "2024-11-03T09:30:00-00:00,2024-11-03T09:45:00-00:00,2024-11-03,25,N,N,N,RTPD,LMP,LMP_PRC,N,ALL,1,5,2,1\n"
        #expect(Self.oasisIssues(bad)?.map(\.location) == ["t.csv:2:15"])
    }

    // MARK: - PJM fixtures

    @Test("da_hrl_lmps fall-back day: 25 hours per pnode keyed on UTC, EPT 01:00 twice, the correction replaces v1")
    func pjmDayAhead() throws {
        let r = try Self.pjm("da_hrl_lmps_20241103.csv")
        #expect(r.prices.count == 50)
        #expect(r.prices.allSatisfy { $0.run == .dayAhead && $0.product == .lmp && $0.seconds == 3600 })
        for node in ["51288", "34497127"] {
            let p = r.prices.filter { $0.node == node }
            #expect(p.count == 25)
            #expect(p.first?.start == Self.at("2024-11-03T04:00:00Z"))
            #expect(p.last?.start == Self.at("2024-11-04T04:00:00Z"))
        }
        let edt = Self.at("2024-11-03T05:00:00Z")
        let est = Self.at("2024-11-03T06:00:00Z")
        #expect(MarketTimeZone.newYork.localTime(edt) == MarketTimeZone.newYork.localTime(est))
        #expect(Self.price(r, "51288", .lmp, "2024-11-03T05:00:00Z") == 32_000_100)
        // the version_nbr 2 row (last line of the file) replaces the row_is_current FALSE version 1 (34.0001)
        #expect(Self.price(r, "51288", .lmp, "2024-11-03T06:00:00Z") == 99_500_000)
        #expect(r.prices.first { $0.node == "51288" && $0.start == est }?.source == "da_hrl_lmps_20241103.csv:52")
        let superseded = Self.warnings(r, "superseded")
        #expect(superseded.count == 1)
        #expect(superseded.first?.value.hasPrefix("1 row(s)") == true)
        #expect(superseded.first?.location == "da_hrl_lmps_20241103.csv:4")
        let components = Self.warnings(r, "component prices")
        #expect(components.count == 1)
        #expect(components.first?.value.hasPrefix("51 row(s)") == true)
        #expect(Self.isSorted(r.prices))
        #expect(r.prices.first?.node == "34497127")
    }

    @Test("rt_hrl_lmps in the UI time format: hourly RT by file name, correction to a negative price")
    func pjmRealTimeHourly() throws {
        let r = try Self.pjm("rt_hrl_lmps_20241103.csv")
        #expect(r.prices.count == 50)
        #expect(r.prices.allSatisfy { $0.run == .realTimeHourly && $0.seconds == 3600 })
        #expect(Self.price(r, "34497127", .lmp, "2024-11-03T05:00:00Z") == -3_250_000)
        #expect(Self.price(r, "34497127", .lmp, "2024-11-03T06:00:00Z") == 49_000_200)
        #expect(Self.warnings(r, "superseded").first?.value.hasPrefix("1 row(s)") == true)
    }

    @Test("rt_fivemin_hrl_lmps: RTD by file name, or by rows off the hour; hourly by spacing; a hint when nothing tells")
    func pjmFiveMinute() throws {
        let r = try Self.pjm("rt_fivemin_hrl_lmps_20241103.csv")
        #expect(r.prices.count == 24)
        #expect(r.prices.allSatisfy { $0.run == .realTimeDispatch && $0.seconds == 300 && $0.node == "51288" })
        #expect(Self.price(r, "51288", .lmp, "2024-11-03T06:05:00Z") == 61_300_007)

        let five = try Self.fixture("pjm-dataminer", "rt_fivemin_hrl_lmps_20241103.csv")
        let byRows = try DataMinerReader.read(five, file: "prices.csv", options: ImportOptions())
        #expect(byRows.prices.map(Key.init) == r.prices.map(Key.init))

        let hourly = try Self.fixture("pjm-dataminer", "rt_hrl_lmps_20241103.csv")
        let bySpacing = try DataMinerReader.read(hourly, file: "prices.csv", options: ImportOptions())
        #expect(bySpacing.prices.allSatisfy { $0.run == .realTimeHourly })
        #expect(bySpacing.prices.count == 50)

        // a hint that contradicts the file name
        let clash = try #require(Self.issues { () throws(DatasetInvalid) in
            try DataMinerReader.read(hourly, file: "rt_hrl_lmps_20241103.csv", options: ImportOptions(awardRun: .realTimeDispatch))
        })
        #expect(clash.map(\.location) == ["rt_hrl_lmps_20241103.csv:1"])
        // a hint that is not a real-time run
        let da = try #require(Self.issues { () throws(DatasetInvalid) in
            try DataMinerReader.read(hourly, file: "x.csv", options: ImportOptions(awardRun: .dayAhead))
        })
        #expect(da[0].expected.contains("RT (rt_hrl_lmps) or RTD"))

        // one on-the-hour row: nothing tells, so the reader asks for the hint
        let one = "datetime_beginning_utc,pnode_id,total_lmp_rt\n2024-11-03T05:00:00,51288,20\n"
        let ask = try #require(Self.pjmIssues(one))
        #expect(ask.map(\.location) == ["p.csv:1"])
        #expect(ask[0].expected.contains("run hint"))
        let hinted = try DataMinerReader.read(Array(one.utf8), file: "p.csv", options: ImportOptions(awardRun: .realTimeHourly))
        #expect(hinted.prices.map(\.run) == [.realTimeHourly])
        // datetime_ending_utc decides too, and is checked on every row
        let ending = "datetime_beginning_utc,datetime_ending_utc,pnode_id,total_lmp_rt\n2024-11-03T05:00:00,2024-11-03T05:05:00,51288,20\n"
        #expect(try DataMinerReader.read(Array(ending.utf8), file: "p.csv", options: ImportOptions()).prices.map(\.run) == [.realTimeDispatch])
        let badEnding = "datetime_beginning_utc,datetime_ending_utc,pnode_id,total_lmp_rt\n2024-11-03T05:00:00,2024-11-03T05:05:00,51288,20\n"
        #expect(Self.pjmIssues(badEnding, options: ImportOptions(awardRun: .realTimeHourly))?.map(\.location) == ["p.csv:2:2"])
    }

    @Test("reg_zone_prelim_bill: rmccp/rmpcp and the 2025 names, RT at PJM-RTO")
    func pjmRegulationPrices() throws {
        let r = try Self.pjm("reg_zone_prelim_bill_20241103.csv")
        #expect(r.prices.count == 50)
        #expect(r.prices.allSatisfy { $0.node == "PJM-RTO" && $0.run == .realTimeHourly && $0.seconds == 3600 })
        #expect(r.prices.filter { $0.product == .regulationCapability }.count == 25)
        #expect(Self.price(r, "PJM-RTO", .regulationCapability, "2024-11-03T06:00:00Z") == 11_000_001)
        #expect(Self.price(r, "PJM-RTO", .regulationPerformance, "2024-11-03T06:00:00Z") == 1_250_000)
        #expect(Self.price(r, "PJM-RTO", .regulationCapability, "2024-11-03T05:00:00Z") == 10_500_001)
        #expect(r.warnings.isEmpty)
        #expect(Self.isSorted(r.prices))

        let n = try Self.pjm("reg_zone_prelim_bill_new_names_20251001.csv")
        #expect(n.prices.count == 8)
        #expect(Self.price(n, "PJM-RTO", .regulationCapability, "2025-10-01T04:00:00Z") == 10_000_001)
        #expect(Self.price(n, "PJM-RTO", .regulationPerformance, "2025-10-01T07:00:00Z") == 1_375_000)

        let both = try #require(Self.pjmIssues("datetime_beginning_utc,rmccp,capability_clearing_price,rmpcp\n"))
        #expect(both[0].location == "p.csv:1")
    }

    @Test("reg_market_results: mileage ratio regd/rega in millionths, half away from zero; rega 0 refused")
    func pjmMileageRatio() throws {
        let r = try Self.pjm("reg_market_results_20241103.csv")
        #expect(r.prices.allSatisfy { $0.node == "PJM-RTO" && $0.product == .mileageRatio && $0.run == .realTimeHourly })
        #expect(r.prices.map(\.microPrice) == [4_142_857, 1_875_000, 1, 3_000_000, 4_400_000, 3_000_000])
        #expect(Self.warnings(r, "is_approved FALSE").first?.value.hasPrefix("1 hour(s)") == true)

        let header = "datetime_beginning_utc,rega_mileage,regd_mileage\n"
        let zero = try #require(Self.pjmIssues(header + "2024-11-03T04:00:00,0,2.5\n"))
        #expect(zero.map(\.location) == ["p.csv:2:2"])
        #expect(zero[0].expected.contains("undefined"))
        // 2/3 = 0.6666666… → 0.666667; 1/3 → 0.333333
        let thirds = try DataMinerReader.read(Array((header + "2024-11-03T04:00:00,3,2\n2024-11-03T05:00:00,3,1\n").utf8), file: "p.csv", options: ImportOptions())
        #expect(thirds.prices.map(\.microPrice) == [666_667, 333_333])
        #expect(DataMinerReader.mileageRatio(regd: Int64.max, rega: 1) == nil)
        #expect(Self.pjmIssues(header + "2024-11-03T04:00:00,0.000001,9223372036854\n")?.first?.location == "p.csv:2:3")
    }

    @Test("ancillary_services long format: capability, performance and mileage ratio rows; the rest warned per service")
    func pjmAncillaryServices() throws {
        let r = try Self.pjm("ancillary_services_20241103.csv")
        #expect(r.prices.count == 6)
        #expect(Self.price(r, "PJM-RTO", .regulationCapability, "2024-11-03T06:00:00Z") == 13_500_000)
        #expect(Self.price(r, "PJM-RTO", .regulationPerformance, "2024-11-03T05:00:00Z") == 750_000)
        #expect(Self.price(r, "PJM-RTO", .mileageRatio, "2024-11-03T06:00:00Z") == 4_250_000)
        #expect(Self.warnings(r, "2 \"RTO Synchronized Reserve\" row(s)").count == 1)
        #expect(Self.warnings(r, "2 \"RTO Regulation Mileage\" row(s)").count == 1)
    }

    // MARK: - PJM errors and corrections (inline)

    static let daHeader = "datetime_beginning_utc,datetime_beginning_ept,pnode_id,pnode_name,total_lmp_da,row_is_current,version_nbr\n"

    @Test("an _ept that contradicts the UTC key is an error; both fall-back 01:00 labels are accepted")
    func pjmEPT() throws {
        let good = Self.daHeader + "2024-11-03T05:00:00,2024-11-03T01:00:00,1,A,10,TRUE,1\n2024-11-03T06:00:00,11/3/2024 1:00:00 AM,1,A,11,TRUE,1\n"
        #expect(try DataMinerReader.read(Array(good.utf8), file: "p.csv", options: ImportOptions()).prices.count == 2)
        let bad = Self.daHeader + "2024-11-03T06:00:00,2024-11-03T02:00:00,1,A,11,TRUE,1\n"
        let issues = try #require(Self.pjmIssues(bad))
        #expect(issues.map(\.location) == ["p.csv:2:2"])
        #expect(issues[0].expected.contains("2024-11-03T01:00:00 (EST)"))
        let noUTC = try #require(Self.pjmIssues("datetime_beginning_ept,pnode_id,total_lmp_da\n"))
        #expect(noUTC[0].expected.contains("fall-back"))
    }

    @Test("corrections: a higher version replaces a lower one; equal versions with different values are an error naming both lines")
    func pjmCorrections() throws {
        let higher = Self.daHeader + "2024-11-03T05:00:00,2024-11-03T01:00:00,1,A,10,TRUE,2\n2024-11-03T05:00:00,2024-11-03T01:00:00,1,A,9,TRUE,1\n"
        let h = try DataMinerReader.read(Array(higher.utf8), file: "p.csv", options: ImportOptions())
        #expect(h.prices.map(\.microPrice) == [10_000_000])
        #expect(h.prices.map(\.source) == ["p.csv:2"])
        #expect(Self.warnings(h, "superseded").first?.location == "p.csv:3")

        let clash = Self.daHeader + "2024-11-03T05:00:00,2024-11-03T01:00:00,1,A,10,TRUE,1\n2024-11-03T05:00:00,2024-11-03T01:00:00,1,A,9,TRUE,1\n"
        let c = try #require(Self.pjmIssues(clash))
        let errors = c.filter { $0.severity == .error }
        #expect(errors.map(\.location) == ["p.csv:3:5"])
        #expect(errors[0].expected.contains("line 2 has 10"))
        #expect(errors[0].expected.contains("pnode 1 (A)"))

        let orphan = Self.daHeader + "2024-11-03T05:00:00,2024-11-03T01:00:00,1,A,10,FALSE,1\n2024-11-03T06:00:00,2024-11-03T01:00:00,1,A,9,TRUE,1\n"
        let o = try DataMinerReader.read(Array(orphan.utf8), file: "p.csv", options: ImportOptions())
        #expect(o.prices.count == 1)
        #expect(Self.warnings(o, "row_is_current FALSE with no current row").first?.location == "p.csv:2")

        let stale = Self.daHeader + "2024-11-03T05:00:00,2024-11-03T01:00:00,1,A,10,FALSE,3\n2024-11-03T05:00:00,2024-11-03T01:00:00,1,A,9,TRUE,2\n"
        #expect(Self.pjmIssues(stale)?.filter { $0.severity == .error }.map(\.location) == ["p.csv:2"])
    }

    @Test("PJM bad fields: 7 decimals, letters, a 40-digit number, a bad pnode id, an unknown header")
    func pjmBadFields() throws {
        func row(_ value: String, pnode: String = "1") -> String {
            Self.daHeader + "2024-11-03T05:00:00,2024-11-03T01:00:00,\(pnode),A,\(value),TRUE,1\n"
        }
        #expect(Self.pjmIssues(row("1.1234567"))?.map(\.location) == ["p.csv:2:5"])
        #expect(Self.pjmIssues(row("1.1234567"))?.first?.expected.contains("at most 6 decimals") == true)
        #expect(Self.pjmIssues(row("abc"))?.map(\.location) == ["p.csv:2:5"])
        #expect(Self.pjmIssues(row(String(repeating: "1", count: 40)))?.map(\.location) == ["p.csv:2:5"])
        #expect(Self.pjmIssues(row("1", pnode: "HUB"))?.map(\.location) == ["p.csv:2:3"])
        let off = Self.daHeader + "2024-11-03T05:30:00,2024-11-03T01:30:00,1,A,1,TRUE,1\n"
        #expect(Self.pjmIssues(off)?.map(\.location) == ["p.csv:2:1"])
        let unknown = try #require(Self.pjmIssues("a,b\n1,2\n"))
        #expect(unknown[0].expected.contains("da_hrl_lmps"))
        #expect(unknown[0].expected.contains("reg_market_results"))
        #expect(Self.pjmIssues("datetime_beginning_utc,pnode_id,total_lmp_rt,occ_check\n")?.first?.expected.contains("unverified") == true)
        #expect(Self.pjmIssues("{\"items\": []}")?.first?.expected.contains("JSON") == true)
    }

    @Test("Data Miner time forms")
    func dataMinerTimes() {
        let d = LocalDate(year: 2024, month: 11, day: 3)
        #expect(DataMinerTime.wallClock("2024-11-03T05:00:00") == LocalDateTime(date: d, secondOfDay: 5 * 3600))
        #expect(DataMinerTime.wallClock("2024-11-03 05:00") == LocalDateTime(date: d, secondOfDay: 5 * 3600))
        #expect(DataMinerTime.wallClock("11/3/2024 5:00:00 AM") == LocalDateTime(date: d, secondOfDay: 5 * 3600))
        #expect(DataMinerTime.wallClock("11/3/2024 12:00:00 AM") == LocalDateTime(date: d, secondOfDay: 0))
        #expect(DataMinerTime.wallClock("11/3/2024 12:30:00 PM") == LocalDateTime(date: d, secondOfDay: 12 * 3600 + 1800))
        #expect(DataMinerTime.wallClock("11/3/2024 11:00:00 PM") == LocalDateTime(date: d, secondOfDay: 23 * 3600))
        #expect(DataMinerTime.wallClock("2024-11-03T05:00:00.000") == LocalDateTime(date: d, secondOfDay: 5 * 3600))
        #expect(DataMinerTime.utc("2024-11-03T05:00:00Z") == Self.at("2024-11-03T05:00:00Z"))
        for bad in ["", "2024-11-03", "13/3/2024 5:00:00 AM", "11/3/2024 13:00:00 PM", "2024-11-03T24:00:00", "2024-11-03T05:00:00.5",
                    "11/31/2024 1:00:00 AM", "2024-11-03T5:0"] {
            #expect(DataMinerTime.wallClock(bad) == nil, "\(bad)")
        }
    }

    // MARK: - Fuzz-style (seeded, deterministic)

    static let fuzzFiles: [(Source, String, String)] = [
        (.oasis, "oasis", "PRC_LMP_DAM_20241103.csv"),
        (.oasis, "oasis", "PRC_AS_DAM_20240115.csv"),
        (.oasis, "oasis", "PRC_INTVL_LMP_20241103.csv"),
        (.pjm, "pjm-dataminer", "da_hrl_lmps_20241103.csv"),
        (.pjm, "pjm-dataminer", "rt_hrl_lmps_20241103.csv"),
        (.pjm, "pjm-dataminer", "reg_market_results_20241103.csv"),
    ]

    @Test("truncation at many byte offsets: an error naming file and line, or every complete row (never a silent drop)")
    func fuzzTruncation() throws {
        var rng = Rng(state: 0x7255_6E63)
        for (source, folder, name) in Self.fuzzFiles {
            let bytes = try Self.fixture(folder, name)
            var offsets = Set(0..<min(bytes.count, 300))
            for _ in 0..<150 { offsets.insert(rng.below(bytes.count)) }
            for o in (bytes.count - 200)..<bytes.count { offsets.insert(o) }
            for o in offsets.sorted() {
                let cut = Array(bytes[0..<o])
                let lastBreak = cut.lastIndex(of: 10).map { $0 + 1 } ?? 0
                let complete = Array(cut[0..<lastBreak])
                let whole = try? Self.read(source, complete, file: name)
                do {
                    let r = try Self.read(source, cut, file: name)
                    let got = Set(r.prices.map(Key.init))
                    let want = Set((whole?.prices ?? []).map(Key.init))
                    #expect(want.isSubset(of: got), "offset \(o): rows of complete lines lost")
                    #expect(got.count - want.count <= (lastBreak < o ? 2 : 0), "offset \(o)")
                    if lastBreak < o && !Self.lines(cut).dropFirst().isEmpty {
                        #expect(!Self.warnings(r, "no line break").isEmpty, "offset \(o): a cut-off last line must be warned about")
                    }
                } catch {
                    #expect(Self.namesFileAndLine(error.issues, file: name), "offset \(o): \(error.issues.map(\.location))")
                }
            }
        }
    }

    @Test("reordered data lines give the same prices")
    func fuzzReorder() throws {
        var rng = Rng(state: 42)
        for (source, folder, name) in Self.fuzzFiles {
            let bytes = try Self.fixture(folder, name)
            let original = try Self.read(source, bytes, file: name)
            for _ in 0..<8 {
                var lines = Self.lines(bytes)
                var data = Array(lines.dropFirst())
                rng.shuffle(&data)
                lines = [lines[0]] + data
                let r = try Self.read(source, Self.join(lines), file: name)
                #expect(r.prices.map(Key.init) == original.prices.map(Key.init), "\(name)")
                #expect(r.warnings.count == original.warnings.count)
                #expect(Self.isSorted(r.prices))
            }
        }
    }

    @Test("malformed fields: an error naming file and line, or the same number of prices")
    func fuzzMalformedFields() throws {
        var rng = Rng(state: 2024_1103)
        let junk = ["", "abc", "1e5", "--1", "12.1234567", String(repeating: "9", count: 40), "2024-13-01T00:00:00-00:00", "NaN", "\"a,b\"",
                    " ", "0x1F", "\"line\nbreak\"", "-", ".", "1.2.3", "TRUE", "25", "\u{00E9}"]
        for (source, folder, name) in Self.fuzzFiles {
            let bytes = try Self.fixture(folder, name)
            let original = try Self.read(source, bytes, file: name)
            let lines = Self.lines(bytes)
            for _ in 0..<120 {
                var mutated = lines
                let k = 1 + rng.below(lines.count - 1)
                var fields = mutated[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[rng.below(fields.count)] = junk[rng.below(junk.count)]
                mutated[k] = fields.joined(separator: ",")
                do {
                    let r = try Self.read(source, Self.join(mutated), file: name)
                    #expect(r.prices.count == original.prices.count, "\(name) line \(k + 1): \(mutated[k])")
                } catch {
                    #expect(Self.namesFileAndLine(error.issues, file: name), "\(error.issues.map(\.location))")
                }
            }
        }
    }

    @Test("random byte corruption never crashes and every issue names file and line")
    func fuzzBytes() throws {
        var rng = Rng(state: 99)
        let junk: [UInt8] = [UInt8(ascii: "x"), UInt8(ascii: "\""), UInt8(ascii: ","), 0, UInt8(ascii: "-"), UInt8(ascii: "9"), 0xFF, 10, 13]
        for (source, folder, name) in Self.fuzzFiles {
            let bytes = try Self.fixture(folder, name)
            for _ in 0..<150 {
                var b = bytes
                for _ in 0..<(1 + rng.below(3)) { b[rng.below(b.count)] = junk[rng.below(junk.count)] }
                do {
                    _ = try Self.read(source, b, file: name)
                } catch {
                    #expect(Self.namesFileAndLine(error.issues, file: name), "\(error.issues.map(\.location))")
                }
            }
        }
    }

    @Test("extra and missing columns; a header only")
    func fuzzColumns() throws {
        for (source, folder, name) in Self.fuzzFiles {
            let bytes = try Self.fixture(folder, name)
            let original = try Self.read(source, bytes, file: name)
            let lines = Self.lines(bytes)
            // an extra column everywhere is ignored
            let extra = try Self.read(source, Self.join(lines.enumerated().map { $0.offset == 0 ? $0.element + ",EXTRA_COL" : $0.element + ",x" }), file: name)
            #expect(extra.prices.map(Key.init) == original.prices.map(Key.init))
            // an extra or a missing field on one row is an error at that line
            var one = lines
            one[3] += ",x"
            #expect(Self.issues { () throws(DatasetInvalid) in try Self.read(source, Self.join(one), file: name) }?.map(\.location).contains("\(name):4") == true)
            one = lines
            one[5] = String(one[5][..<one[5].lastIndex(of: ",")!])
            #expect(Self.issues { () throws(DatasetInvalid) in try Self.read(source, Self.join(one), file: name) }?.map(\.location).contains("\(name):6") == true)
            // a value column removed from header and rows is a header error
            let valueColumn = source == .oasis ? (name.contains("INTVL_LMP") ? "VALUE" : "MW") : (name.hasPrefix("da") ? "total_lmp_da" : name.hasPrefix("rt") ? "total_lmp_rt" : "rega_mileage")
            let header = lines[0].split(separator: ",").map(String.init)
            let drop = try #require(header.firstIndex(of: valueColumn))
            let without = lines.map { line in
                var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                f.remove(at: drop)
                return f.joined(separator: ",")
            }
            let missing = try #require(Self.issues { () throws(DatasetInvalid) in try Self.read(source, Self.join(without), file: name) })
            #expect(missing.allSatisfy { $0.location == "\(name):1" })
            // a header only: nothing imported, and a warning says so
            let headerOnly = try Self.read(source, Self.join([lines[0]]), file: name)
            #expect(headerOnly.prices.isEmpty)
            #expect(Self.warnings(headerOnly, "header only").count == 1)
        }
    }

    @Test("CRLF line ends and a BOM read the same")
    func crlfAndBOM() throws {
        for (source, folder, name) in Self.fuzzFiles {
            let bytes = try Self.fixture(folder, name)
            let original = try Self.read(source, bytes, file: name)
            let crlf = [0xEF, 0xBB, 0xBF] + Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
            let r = try Self.read(source, crlf, file: name)
            #expect(r.prices == original.prices)
        }
    }
}
