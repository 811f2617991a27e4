import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// The one JSON layout (``JSONWriter``), written directly and through ``JSONValue``, and ``DocumentFile``.
@Suite struct JSONWriterTests {
    /// Every layout rule at once: nesting, empty containers, the comma after all but the last, numbers and
    /// literals as given, escapes.
    static let document = """
        {
          "a": {},
          "b": [],
          "c": [
            1,
            {
              "d": "x\\"y\\\\z\\n\\u0001é",
              "e": null
            },
            true
          ],
          "f": "plain"
        }

        """

    @Test func aValueIsWrittenInTheOneLayout() {
        let v = JSONValue.object([
            ("a", .object([])), ("b", .array([])),
            ("c", .array([.number("1"), .object([("d", .string("x\"y\\z\n\u{1}é")), ("e", .null)]), .bool(true)])),
            ("f", .string("plain")),
        ])
        #expect(v.serialized() == Self.document)
        #expect(v.serializedBytes() == Array(Self.document.utf8))
    }

    @Test func theWriterWritesTheSameBytesAsTheValue() throws {
        var w = JSONWriter()
        w.beginObject()
        w.key("a"); w.beginObject(); w.endObject()
        w.key("b"); w.beginArray(); w.endArray()
        w.key("c"); w.beginArray()
        w.element(); w.int(1)
        w.element(); w.beginObject(); w.member("d", "x\"y\\z\n\u{1}é"); w.key("e"); w.null(); w.endObject()
        w.element(); w.bool(true)
        w.endArray()
        w.member("f", "plain")
        w.endObject()
        let bytes = w.finished()
        #expect(String(decoding: bytes, as: UTF8.self) == Self.document)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(((parsed["c"] as? [Any])?[1] as? [String: Any])?["d"] as? String == "x\"y\\z\n\u{1}é")
    }

    /// A statement written by the stream writer reads back as JSON whose lines (descriptions with quotes, commas
    /// and line breaks), lineage and totals are the statement's own.
    @Test func aStatementReadsBackWithItsLinesAndLineage() throws {
        var s = try SettledExportRoundTripTests.settledExample().1.statement
        for k in s.lines.indices { s.lines[k].description = CSVRoundTripTests.awkward[k % CSVRoundTripTests.awkward.count] }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(StatementJSON.bytes(s))) as? [String: Any])
        let lines = try #require(json["lines"] as? [[String: Any]])
        #expect(lines.count == s.lines.count)
        for (l, j) in zip(s.lines, lines) {
            #expect(j["code"] as? String == l.code)
            #expect(j["description"] as? String == l.description)
            #expect(j["amountExact"] as? String == l.amount.exactDescription)
            let runs = try #require(j["intervals"] as? [[String: Any]])
            #expect(runs.count == l.runs.count)
            #expect(runs.map { $0["count"] as? Int ?? -1 }.reduce(0, +) == l.runs.map(\.count).reduce(0, +))
        }
        #expect((json["checks"] as? [Any])?.count == s.checks.count)
        #expect((json["totals"] as? [String: String])?.count == StatementSection.allCases.count)
        #expect(StatementJSON.render(s) == String(decoding: StatementJSON.bytes(s), as: UTF8.self))
    }

    @Test func aDocumentFileIsWrittenWholeOverALongerOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("docfile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/statement.json"
        try DocumentFile.write(String(repeating: "x", count: 10_000), to: path)
        try DocumentFile.write("{}\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{}\n")
    }

    @Test func aDocumentThatCannotBeWrittenNamesItsPathAndWhy() {
        let path = "/nonexistent-\(UUID().uuidString)/statement.json"
        #expect {
            try DocumentFile.write("{}", to: path)
        } throws: { error in
            "\(error)" == "cannot write \(path): No such file or directory"
        }
    }
}
