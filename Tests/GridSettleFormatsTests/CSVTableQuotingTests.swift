import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// ``CSVTable`` reads RFC 4180 quoted fields (what ``CSVWriter`` writes) and names every malformed one by
/// file, line and column; unquoted rows keep their ranges into the file itself.
@Suite struct CSVTableQuotingTests {
    static let columns = ["id", "note", "kwh"]

    static func read(_ text: String) throws -> (table: CSVTable, rows: [(line: Int, fields: [String])], issues: [DatasetIssue]) {
        let t = try CSVTable(file: "f.csv", bytes: Array(text.utf8), required: columns)
        var rows: [(Int, [String])] = []
        var issues: [DatasetIssue] = []
        t.forEachRow(onIssue: { issues.append($0) }) { rows.append(($0.line, $0.fields.map(t.text))) }
        return (t, rows, issues)
    }

    @Test func quotedCommasQuotesAndLineBreaksAreOneFieldAndLinesStayCounted() throws {
        let text = "id,note,kwh\n" + "A,plain,1\n" + "\"B, b\",\"say \"\"hi\"\"\",2\n" + "C,\"two\nlines\",3\n" + "D,x,4\r\n" + "\"E\",\"\",5"
        let r = try Self.read(text)
        #expect(r.issues.isEmpty, "\(r.issues)")
        #expect(r.rows.map(\.fields) == [["A", "plain", "1"], ["B, b", #"say "hi""#, "2"], ["C", "two\nlines", "3"], ["D", "x", "4"], ["E", "", "5"]])
        #expect(r.rows.map(\.line) == [2, 3, 4, 6, 7])
    }

    @Test func crlfFilesWithQuotedFieldsRead() throws {
        let r = try Self.read("id,note,kwh\r\n\"A,1\",\"n\r\nm\",1\r\nB,c,2\r\n")
        #expect(r.issues.isEmpty, "\(r.issues)")
        #expect(r.rows.map(\.fields) == [["A,1", "n\r\nm", "1"], ["B", "c", "2"]])
        #expect(r.rows.map(\.line) == [2, 4])
    }

    @Test func aFileWithoutQuotesReadsStraightFromItsBytes() throws {
        let text = "id,note,kwh\nA,x,1\nB,y,2\n"
        let r = try Self.read(text)
        #expect(r.table.bytes == Array(text.utf8))
        #expect(r.rows.map(\.fields) == [["A", "x", "1"], ["B", "y", "2"]])
    }

    @Test func anUnterminatedQuoteNamesFileLineAndColumnAndTheRestIsStillRead() throws {
        let r = try Self.read("id,note,kwh\nA,x,1\nB,\"never closed,2\nC,z,3\n")
        #expect(r.issues.count == 1)
        let i = try #require(r.issues.first)
        #expect(i.location == "f.csv:3:2")
        #expect(i.value == "\"never closed,2")
        #expect(i.expected.contains("closing double quote"))
        #expect(r.rows.map(\.fields) == [["A", "x", "1"], ["C", "z", "3"]])
        #expect(r.rows.map(\.line) == [2, 4])
    }

    @Test(arguments: [
        ("A,\"x\"y,1\n", "f.csv:2:2", "after the closing quote"),
        ("A,x\"y,1\n", "f.csv:2:2", "enclosed in them"),
        ("A, \"x\",1\n", "f.csv:2:2", "enclosed in them"),
    ])
    func aStrayQuoteIsAnErrorAtItsField(row: String, location: String, expected: String) throws {
        let r = try Self.read("id,note,kwh\n" + row + "B,ok,2\n")
        #expect(r.issues.map(\.location) == [location])
        #expect(r.issues.first?.expected.contains(expected) == true, "\(r.issues)")
        #expect(r.rows.map(\.fields) == [["B", "ok", "2"]])
    }

    @Test func aQuotedRowWithTheWrongFieldCountIsStillAnError() throws {
        let r = try Self.read("id,note,kwh\n\"A\",\"x, y\"\n")
        #expect(r.issues.map(\.location) == ["f.csv:2"])
        #expect(r.issues.first?.expected == "3 fields (id,note,kwh), saw 2")
        #expect(r.rows.isEmpty)
    }
}
