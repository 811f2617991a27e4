import Foundation
import GridSettleCore
import GridSettleFormats
import Testing

/// The CSV files the `gridsettle` commands write themselves (import's dataset files and import-log.csv,
/// dso's outputs), with ids that hold commas and quotes, through the real binary: every row keeps its
/// columns, the ids come back whole, and importing the same file twice changes nothing.
@Suite struct CSVCommandOutputTests {
    /// The rows of a CSV file read by the dataset reader with the file's own header; no issue allowed.
    static func rows(_ path: String) throws -> [[String]] {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let columns = String(decoding: bytes.prefix { $0 != 10 }, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let t = try CSVTable(file: (path as NSString).lastPathComponent, bytes: bytes, required: columns)
        var out: [[String]] = []
        var issues: [DatasetIssue] = []
        t.forEachRow(onIssue: { issues.append($0) }) { out.append($0.fields.map(t.text)) }
        #expect(issues.isEmpty, "\(path): \(issues.prefix(3))")
        return out
    }

    @Test func importingAnAddressTitledGreenButtonFileTwiceAddsNothing() throws {
        #expect(FileManager.default.isExecutableFile(atPath: KilledRunTests.binary), "build the gridsettle executable first (swift build)")
        var fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        fixture.appendPathComponent("GridSettleFormatsTests/Fixtures/greenbutton/greenbutton-cityssm/intervals_APUC000000_electric.xml")
        let anchor = #"<link rel="self" href="User/237422/UsagePoint/1402026" />"#
        let text = try String(contentsOf: fixture, encoding: .utf8)
        #expect(text.contains(anchor))
        let dir = E2E.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let feed = (dir as NSString).appendingPathComponent(#"oak, "feed".xml"#)
        try text.replacingOccurrences(of: anchor, with: anchor + "<title>38 Oak Place, Montclair, NJ 07042 &quot;rear&quot;</title>")
            .write(toFile: feed, atomically: true, encoding: .utf8)
        let into = (dir as NSString).appendingPathComponent("dataset")
        let readings = (into as NSString).appendingPathComponent("readings.csv")

        let first = try E2E.gridsettle(["import", "--format", "espi", feed, "--into", into])
        #expect(first.status == 0)
        #expect(first.out.contains("readings.csv: 300 row(s) added, 0 already there, 300 in all"), "\(first.out)")
        let written = try Data(contentsOf: URL(fileURLWithPath: readings))
        let rows = try Self.rows(readings)
        #expect(rows.count == 300)
        #expect(rows.allSatisfy { $0.count == 6 && $0[0] == #"38 Oak Place, Montclair, NJ 07042 "rear""# })

        let second = try E2E.gridsettle(["import", "--format", "espi", feed, "--into", into])
        #expect(second.status == 0)
        #expect(second.out.contains("readings.csv: 0 row(s) added, 300 already there, 300 in all"), "\(second.out)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: readings)) == written)

        let log = try Self.rows((into as NSString).appendingPathComponent("import-log.csv"))
        #expect(log.count == 2)
        #expect(log.allSatisfy { $0.count == 9 && $0[2] == feed && $0[4] == "300" })
    }

    @Test func dsoOutputsKeepAMemberIdWithACommaAndQuotes() throws {
        #expect(FileManager.default.isExecutableFile(atPath: KilledRunTests.binary), "build the gridsettle executable first (swift build)")
        let dir = E2E.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = (dir as NSString).appendingPathComponent("dso")
        #expect(try E2E.gridsettle(["generate", "--example", "dso", "--resources", "5", "--out", data]).status == 0)
        // Rename the first member everywhere, rewriting each file through the project's reader and writer.
        let members = try QuotedCSV(file: "members.csv", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: data + "/members.csv"))))
        let old = try #require(members.records.dropFirst().first?.fields.first)
        let renamed = old + #", north "A""#
        for name in try FileManager.default.contentsOfDirectory(atPath: data) where name.hasSuffix(".csv") {
            let path = (data as NSString).appendingPathComponent(name)
            let csv = try QuotedCSV(file: name, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            var w = CSVWriter()
            for r in csv.records { w.row(r.fields.map { $0 == old ? renamed : $0 }) }
            try Data(w.bytes).write(to: URL(fileURLWithPath: path))
        }
        let out = (dir as NSString).appendingPathComponent("out")
        let run = try E2E.gridsettle(["dso", data, "--out", out])
        #expect(run.status == 0, "\(run.out)")
        let lines = try Self.rows(out + "/dso-member-lines.csv")
        #expect(lines.contains { $0[2] == renamed })
        #expect(!lines.contains { $0.contains(old) })
        for name in ["dso-accounts.csv", "local-market-trades.csv", "interface-forecast.csv", "forecast-backtest.csv", "dispatch-setpoints.csv"] {
            _ = try Self.rows(out + "/" + name)
        }
    }
}
