import Foundation
import GridSettleCore
import GridSettleStore
import Testing

@testable import GridSettleFormats

/// The series layout of readings (one row per meter, channel and run of intervals, docs/dataset-format.md §4.1)
/// reads to exactly the meter data of the interval layout, and its problems are named once per row.
@Suite struct SeriesReadingsTests {
    /// `intervals` (a readings file in the interval layout) rewritten in the series layout: per meter, runs of at
    /// most `values` consecutive intervals of one quality, each a delivered and a received row; rows marked
    /// missing become empty values. `adjacent`: each delivered row is followed by its received row (the export
    /// the parser joins), else every delivered row comes first (joined by the unit).
    static func series(_ intervals: String, values: Int = 288, adjacent: Bool = true) -> String {
        struct Row { var meter: Substring; var start: Substring; var t: Int64; var minutes: Int64; var d: Substring; var r: Substring; var q: Substring }
        let rows: [Row] = intervals.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return Row(meter: f[0], start: f[1], t: TimestampParser.parse(String(f[1]))!.secondsSinceEpoch, minutes: Int64(f[2])!, d: f[3], r: f[4], q: f[5])
        }
        var delivered: [String] = []
        var received: [String] = []
        var out: [String] = []
        var k = 0
        while k < rows.count {
            guard rows[k].q != "M" else { k += 1; continue }
            var e = k + 1
            while e < rows.count, e - k < values, rows[e].meter == rows[k].meter, rows[e].q == rows[k].q, rows[e].t == rows[e - 1].t + rows[k].minutes * 60 { e += 1 }
            let pad = String(repeating: ",", count: values - (e - k))
            let head = "\(rows[k].meter),%@,\(rows[k].start),\(rows[k].minutes),\(rows[k].q),"
            let d = head.replacingOccurrences(of: "%@", with: "delivered") + rows[k..<e].map { String($0.d) }.joined(separator: ",") + pad
            let r = head.replacingOccurrences(of: "%@", with: "received") + rows[k..<e].map { String($0.r) }.joined(separator: ",") + pad
            if adjacent { out += [d, r] } else { delivered.append(d); received.append(r) }
            k = e
        }
        let header = (ReadingsLayout.seriesColumns + (1...values).map { "kwh_\($0)" }).joined(separator: ",")
        return ([header] + out + delivered + received).joined(separator: "\n") + "\n"
    }

    /// Both arrangements of the series layout, read whole and in small blocks on three cores, give every unit the
    /// meter data and the statement of the interval layout, byte for byte.
    @Test func seriesLayoutReadsAsTheIntervalLayout() throws {
        let fleet = try PortfolioFixture.fleet(2)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "series")
        let intervals = try PortfolioReader.read(directory: dir, digest: InputDigest.sha256)
        let text = PortfolioFixture.text(dir, "readings.csv")
        for (adjacent, blockSize) in [(true, CSVBlockReader.blockSize), (false, CSVBlockReader.blockSize), (true, 4096), (false, 4096)] {
            try PortfolioFixture.write(dir, "readings.csv", Self.series(text, adjacent: adjacent))
            let series = try PortfolioReader.read(directory: dir, parallelism: 3, blockSize: blockSize, digest: InputDigest.sha256)
            #expect(series.units(.allComplete) == intervals.units(.allComplete))
            for unit in intervals.units(.allComplete) {
                let a = try intervals.dataset(unit)
                let b = try series.dataset(unit)
                #expect(a.meters == b.meters, "adjacent \(adjacent), block \(blockSize)")
                #expect(StatementJSON.render(try SettlementEngine.settle(a).statement) == StatementJSON.render(try SettlementEngine.settle(b).statement))
            }
        }
    }

    /// The problems a unit finds in series rows, after `change` edits the lines of a one-site portfolio's series
    /// file (line 1 is the header).
    func unitIssues(adjacent: Bool = true, _ change: (inout [String]) -> Void) throws -> [DatasetIssue] {
        let fleet = try PortfolioFixture.fleet(1)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "series-unit")
        var lines = Self.series(PortfolioFixture.text(dir, "readings.csv"), adjacent: adjacent).split(separator: "\n").map(String.init)
        change(&lines)
        try PortfolioFixture.write(dir, "readings.csv", lines.joined(separator: "\n") + "\n")
        let p = try PortfolioReader.read(directory: dir, digest: InputDigest.sha256)
        do {
            _ = try p.dataset(p.units(.allComplete)[0])
            Issue.record("the unit must be refused")
            return []
        } catch {
            return error.issues
        }
    }

    /// A delivered row without its received row: each interval lacks a channel, reported once for the row (not once
    /// per interval) and never read as zero.
    @Test func aChannelWithoutTheOtherIsRefusedOncePerRow() throws {
        let issues = try unitIssues { lines in lines.remove(at: 4) }  // line 5: the received row of the second run
        let channel = issues.filter { $0.field == "channel" }
        #expect(channel.count == 1, "\(channel)")
        #expect(channel.first?.location == "readings.csv:4")
        #expect(channel.first?.value == "delivered")
        #expect(channel.first?.expected.contains("a received row for this interval too") == true)
    }

    /// A series row repeated at the end of the file is a duplicate of every interval it gives: one issue naming both
    /// lines. Channels of one interval that disagree on the quality are refused at the second row.
    @Test func duplicateRowsAndDisagreeingQualitiesAreNamedOnce() throws {
        var count = 0
        let duplicate = try unitIssues { lines in
            lines.append(lines[1])
            count = lines.count
        }
        let dup = duplicate.filter { $0.expected.contains("(duplicate)") }
        #expect(dup.count == 1, "\(dup)")
        #expect(dup.first?.location == "readings.csv:\(count)")
        #expect(dup.first?.expected.contains("line 2 already has meter") == true)

        // channels in separate entries: a repeated received row names the received row, not the delivered one
        var received = 0
        let separate = try unitIssues(adjacent: false) { lines in
            received = lines.firstIndex { $0.split(separator: ",")[1] == "received" }!
            lines.append(lines[received])
        }
        let dupReceived = separate.filter { $0.expected.contains("(duplicate)") }
        #expect(dupReceived.count == 1, "\(dupReceived)")
        #expect(dupReceived.first?.expected.contains("one row per meter and interval and channel; line \(received + 1) already has") == true)

        let quality = try unitIssues { lines in
            var f = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(f[1] == "received")
            f[4] = f[4] == "E" ? "S" : "E"
            lines[2] = f.joined(separator: ",")
        }
        let q = quality.filter { $0.field == "quality" }
        #expect(q.count == 1, "\(q)")
        #expect(q.first?.location == "readings.csv:3")
        #expect(q.first?.expected.contains("(line 2)") == true)
        #expect(!quality.contains { $0.field == "channel" }, "the interval has both channels, only their qualities disagree")
    }

    /// What a series row can get wrong without the period is refused as the file is read, with file, line and column.
    @Test func badSeriesFieldsAreNamed() throws {
        func refused(_ change: (inout [String]) -> Void) throws -> [DatasetIssue] {
            let fleet = try PortfolioFixture.fleet(1)
            let dir = try PortfolioFixture.portfolio(fleet, tag: "series-bad")
            var lines = Self.series(PortfolioFixture.text(dir, "readings.csv"), values: 12).split(separator: "\n").map(String.init)
            change(&lines)
            try PortfolioFixture.write(dir, "readings.csv", lines.joined(separator: "\n") + "\n")
            do {
                _ = try PortfolioReader.read(directory: dir, digest: InputDigest.sha256)
                Issue.record("the portfolio must be refused")
                return []
            } catch {
                return error.issues
            }
        }
        func field(_ lines: inout [String], _ line: Int, _ column: Int, _ value: String) {
            var f = lines[line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[column - 1] = value
            lines[line - 1] = f.joined(separator: ",")
        }
        let net = try refused { field(&$0, 2, 2, "net") }
        #expect(net.contains { $0.location == "readings.csv:2:2" && $0.field == "channel" && $0.value == "net" })
        let missing = try refused { field(&$0, 3, 5, "M") }
        #expect(missing.contains { $0.location == "readings.csv:3:5" && $0.field == "quality" && $0.expected.contains("left empty") })
        let negative = try refused { field(&$0, 4, 8, "-1.5") }
        #expect(negative.contains { $0.location == "readings.csv:4:8" && $0.field == "kwh_3" && $0.value == "-1.5" })
        let gap = try refused { field(&$0, 1, 8, "kwh_30") }
        #expect(gap.contains { $0.location == "readings.csv:1:8" && $0.field == "header" && $0.expected.contains("kwh_1 … kwh_12") })
        let leadingZero = try refused { field(&$0, 1, 8, "kwh_03") }
        #expect(leadingZero.contains { $0.location == "readings.csv:1:8" && $0.value == "kwh_03" })
        let unknown = try refused { field(&$0, 5, 1, "NO-SUCH-METER") }
        #expect(unknown.contains { $0.location == "readings.csv:5:1" && $0.field == "meter_id" })
        let short = try refused { $0[5] = String($0[5][..<$0[5].lastIndex(of: ",")!]) }  // one field fewer than the header
        #expect(short.contains { $0.location == "readings.csv:6" && $0.field == "row" })
        // the 17 columns are named shortened, as up to 8,933 would be
        #expect(short.first { $0.field == "row" }?.expected.hasPrefix("17 fields (meter_id,channel,start,interval_minutes,quality,kwh_1,kwh_2,kwh_3,…,kwh_12), saw 16") == true)
    }

    /// `import --into` a portfolio whose readings.csv is in the series layout refuses, saying why and what to do, with
    /// the header shortened; nothing is written.
    @Test func importDoesNotMergeIntoASeriesFile() throws {
        let fleet = try PortfolioFixture.fleet(1)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "series-import")
        let series = Self.series(PortfolioFixture.text(dir, "readings.csv"))
        try PortfolioFixture.write(dir, "readings.csv", series)
        let meter = fleet[0].config.meters[0].id
        let records = ImportedRecords(readings: [ImportedReading(meterID: meter, start: Instant(secondsSinceEpoch: 1_480_000_000 - 1_480_000_000 % 300), seconds: 300,
                                                                 deliveredMicroKWh: 1_000_000, receivedMicroKWh: 0, quality: .actual, source: "x.xml:1")])
        do {
            _ = try DatasetImporter.merge(records, into: dir)
            Issue.record("a series-layout readings.csv must not be merged into")
        } catch let error as DatasetInvalid {
            let header = try #require(error.issues.first { $0.location == "readings.csv:1" && $0.field == "header" })
            #expect(header.expected.hasSuffix("it is in the series layout (docs/dataset-format.md §4.1): move it into readings/ and import again"))
            #expect(header.value == "meter_id,channel,start,interval_minutes,quality,kwh_1,kwh_2,kwh_3,…,kwh_288")
        }
        #expect(PortfolioFixture.text(dir, "readings.csv") == series)
    }

    /// The parser joins a delivered row and the received row after it into one entry per interval; rows in any
    /// other order stay one entry per channel (joined by the unit).
    @Test func adjacentChannelRowsAreJoinedWhileParsing() throws {
        let header = (ReadingsLayout.seriesColumns + ["kwh_1", "kwh_2", "kwh_3"]).joined(separator: ",")
        let parser = ReadingsBlockParser(meters: ["M1": 300], file: "readings.csv")
        let joined = parser.parse(Array("""
            \(header)
            M1,delivered,2016-11-01T08:00:00Z,5,A,1,2,3
            M1,received,2016-11-01T08:00:00Z,5,A,0,0.5,0
            M1,received,2016-11-01T08:15:00Z,5,A,0,0,
            M1,delivered,2016-11-01T08:15:00Z,5,A,4,5,

            """.utf8), firstLine: 2)
        #expect(joined.issues.isEmpty, "\(joined.issues)")
        let c = try #require(joined.columns["M1"])
        #expect(c.count == 3 + 2 + 2)
        #expect(Array(c.channels.prefix(3)) == [3, 3, 3])
        #expect(Array(c.received.prefix(3)) == [0, 500_000, 0])
        #expect(Array(c.channels.suffix(4)) == [2, 2, 1, 1])
        #expect(Array(c.lines) == [2, 2, 2, 4, 4, 5, 5])
    }
}
