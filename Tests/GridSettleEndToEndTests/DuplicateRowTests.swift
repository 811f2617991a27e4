import Foundation
import GridSettleCore
import GridSettleFormats
import Testing

/// A key given twice is an error naming both places: never summed, never "first value wins", never a silent
/// overwrite.
@Suite("Repeated keys and rows")
struct DuplicateRowTests {
    func withRow(_ name: String, repeating line: Int) throws -> (issues: [DatasetIssue]?, lines: Int) {
        let files = E2E.files(try E2E.example())
        let text = String(decoding: files[name]!, as: UTF8.self)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        let lines = rows.last == "" ? rows.count - 1 : rows.count
        return (E2E.issues(files, replacing: name, with: text + rows[line - 1] + "\n"), lines + 1)
    }

    @Test("a verbatim repeated trips.csv row is an error naming both lines")
    func repeatedTrip() throws {
        let (issues, appended) = try withRow("trips.csv", repeating: 2)
        let found = try #require(issues)
        #expect(found.contains { $0.location.hasPrefix("trips.csv:\(appended)") && $0.expected.contains("line 2") })
    }

    @Test("repeated rows in signals, events, mileage, awards and prices are errors naming both lines", arguments: [
        "signals.csv", "events.csv", "mileage.csv", "awards.csv", "prices.csv",
    ])
    func repeatedRecord(_ name: String) throws {
        let (issues, appended) = try withRow(name, repeating: 2)
        let found = try #require(issues)
        #expect(found.contains { $0.location.hasPrefix("\(name):\(appended)") && $0.expected.contains("line 2") })
    }

    @Test("two edits of the same meter interval and channel are an error, not last-one-wins")
    func repeatedEdit() throws {
        let files = E2E.files(try E2E.example())
        let edits = "meter_id,interval_start,channel,new_kwh,reason,editor\nM1,2016-11-02T10:00:00Z,delivered,33.5,meter swap,ana\nM1,2016-11-02T10:00:00Z,delivered,34,meter swap,bo\n"
        let found = try #require(E2E.issues(files, replacing: "edits.csv", with: edits))
        #expect(found.contains { $0.location.hasPrefix("edits.csv:3") && $0.expected.contains("line 2") })
    }

    @Test("a key repeated in site.json is an error naming the key path and both lines")
    func repeatedSiteKey() throws {
        let files = E2E.files(try E2E.example())
        let site = String(decoding: files["site.json"]!, as: UTF8.self)
            .replacingFirst("\"idleMinimumMinutes\" : 2,", "\"idleMinimumMinutes\" : 2,\n    \"idleMinimumMinutes\" : 30,")
        let line = site.components(separatedBy: "\n").firstIndex { $0.contains("\"idleMinimumMinutes\" : 2,") }! + 1
        let found = try #require(E2E.issues(files, replacing: "site.json", with: site))
        let i = try #require(found.first { $0.field == "policies.idleMinimumMinutes" })
        #expect(i.location == "site.json:\(line + 1)" && i.expected.contains("line \(line)"))
    }

    @Test("a repeated key inside an array element names the element")
    func repeatedKeyInArray() throws {
        let files = E2E.files(try E2E.example())
        let site = String(decoding: files["site.json"]!, as: UTF8.self)
            .replacingFirst("\"ratingKW\" : 800,", "\"ratingKW\" : 800, \"ratingKW\" : 80,")
        let found = try #require(E2E.issues(files, replacing: "site.json", with: site))
        #expect(found.contains { $0.field == "meters[1].ratingKW" })
    }
}

/// Text fields that select rows (a pricing node, a vehicle) must be clean UTF-8 without control characters
/// or a byte-order mark: otherwise the row silently becomes "another node" and is ignored.
@Suite("Bytes in key fields")
struct FieldBytesTests {
    func pricesIssues(node: [UInt8]) throws -> [DatasetIssue]? {
        let files = E2E.files(try E2E.example())
        var bytes = files["prices.csv"]!
        // the second line starts with the resource's node: replace its node name
        let lineStart = bytes.firstIndex(of: 10)! + 1
        let comma = bytes[lineStart...].firstIndex(of: 44)!
        bytes.replaceSubrange(lineStart..<comma, with: node)
        var f = files
        f["prices.csv"] = bytes
        do {
            _ = try DatasetReader.read(files: f)
            return nil
        } catch {
            return error.issues
        }
    }

    static let node: [UInt8] = Array("LAAFB_7_N001".utf8)
    static let badNodes: [([UInt8], String)] = [
        (node + [0xFF], "\\xFF"),
        (node + [0x00], "\\x00"),
        ([0xEF, 0xBB, 0xBF] + node, "\\xEF\\xBB\\xBF"),
    ]

    @Test("invalid UTF-8, a NUL or a BOM in a prices.csv node is an error naming line, field and the escaped bytes", arguments: badNodes)
    func badNodeBytes(_ node: [UInt8], _ escaped: String) throws {
        let found = try #require(try pricesIssues(node: node))
        let i = try #require(found.first { $0.field == "node" })
        #expect(i.location == "prices.csv:2:1")
        #expect(i.value.contains(escaped))
        #expect(i.expected.contains("UTF-8"))
    }
}
