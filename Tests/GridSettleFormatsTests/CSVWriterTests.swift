import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// The one CSV writer's rules (docs/dataset-format.md "CSV dialect"), and that what it writes reads back.
@Suite struct CSVWriterTests {
    @Test func plainFieldsAreWrittenAsTheyAreWithOneLineFeedPerRow() {
        var w = CSVWriter(columns: ["meter_id", "interval_start", "kwh"])
        w.row(["M1", "2024-06-01T00:00:00Z", "1.5"])
        w.row(["M2", "", "-0.25"])
        #expect(w.text == "meter_id,interval_start,kwh\nM1,2024-06-01T00:00:00Z,1.5\nM2,,-0.25\n")
    }

    @Test(arguments: [
        ("a,b", #""a,b""#),
        (#"say "hi""#, #""say ""hi""""#),
        ("\"", "\"\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""),
        (" lead", "\" lead\""),
        ("trail\t", "\"trail\t\""),
        ("in side", "in side"),
        ("Montclair – NJ", "Montclair – NJ"),
        ("", ""),
    ])
    func aFieldIsQuotedIffItNeedsToBe(value: String, written: String) {
        #expect(CSVWriter.encoded(value) == written)
    }

    @Test func aRowOfOneEmptyFieldIsNotABlankLine() {
        var w = CSVWriter(columns: ["note"])
        w.row([""])
        #expect(w.text == "note\n\"\"\n")
        #expect(CSVWriter.record([""]) == "\"\"")
    }

    @Test func recordsAndContinuedFilesShareTheRules() {
        #expect(CSVWriter.record(["a", "b,c", ""]) == #"a,"b,c","#)
        var w = CSVWriter()
        w.append(existing: Array("x,y\n1,2".utf8))  // a log whose last row lost its line feed
        w.append(record: CSVWriter.record(["3", "four, five"]))
        #expect(w.text == "x,y\n1,2\n3,\"four, five\"\n")
    }

    @Test func everyValueReadsBackThroughBothReaders() throws {
        let values = ["plain", "a,b", #"say "hi""#, "\"", "\"\"", "two\nlines", "crlf\r\ninside", " padded ", "", ",", "é, ü \"ß\"", "x\"y"]
        var w = CSVWriter(columns: ["id", "text", "n"])
        for (k, v) in values.enumerated() { w.row([v, v + v, String(k)]) }
        let t = try CSVTable(file: "t.csv", bytes: w.bytes, required: ["id", "text", "n"])
        var got: [[String]] = []
        var issues: [DatasetIssue] = []
        t.forEachRow(onIssue: { issues.append($0) }) { got.append($0.fields.map(t.text)) }
        #expect(issues.isEmpty, "\(issues)")
        #expect(got == values.enumerated().map { [$1, $1 + $1, String($0)] })
        let q = try QuotedCSV(file: "t.csv", bytes: w.bytes)
        #expect(q.records.dropFirst().map(\.fields) == got)
    }
}
