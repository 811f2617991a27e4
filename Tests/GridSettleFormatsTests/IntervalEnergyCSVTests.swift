import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// The interval energy CSV of `gridsettle bill` (`interval_start,kwh`): the grid is inferred, gaps are
/// missing, and every kind of bad input is one exact, located message.
@Suite("Interval energy CSV")
struct IntervalEnergyCSVTests {
    static let header = "interval_start,kwh\n"
    /// Two more hourly rows, so that one bad row in a short file leaves 60 minutes the most common step.
    static let tail = "2018-01-01T03:00:00Z,3\n2018-01-01T04:00:00Z,4\n"

    func read(_ body: String, file: String = "load.csv", channel: IntervalEnergyCSV.Channel = .netImport) throws(DatasetInvalid) -> EnergySeries {
        try IntervalEnergyCSV.read(bytes: Array(body.utf8), file: file, channel: channel)
    }

    /// The messages of reading `body`, or nil if it read cleanly.
    func messages(_ body: String, file: String = "load.csv", channel: IntervalEnergyCSV.Channel = .netImport) -> [String]? {
        do {
            _ = try read(body, file: file, channel: channel)
            return nil
        } catch {
            return error.issues.map(\.description)
        }
    }

    func instant(_ text: String) -> Instant { TimestampParser.parse(text)! }

    @Test("a good hourly file with offsets across the DST change, negative values and CRLF")
    func goodFile() throws {
        let s = try read(
            Self.header.replacingOccurrences(of: "\n", with: "\r\n")
                + "2018-03-11T00:00:00-08:00,12.5\r\n2018-03-11T01:00:00-08:00,-3.25\r\n"
                + "2018-03-11T03:00:00-07:00,0.000001\r\n2018-03-11T04:00:00-07:00,7\r\n")
        #expect(s.grid == IntervalGrid(start: instant("2018-03-11T08:00:00Z"), seconds: 3600, count: 4))
        #expect(Array(s.microKWh) == [12_500_000, -3_250_000, 1, 7_000_000])
        #expect(s.quality.allSatisfy { $0 == .actual })
        #expect(s.missingCount == 0)
    }

    @Test("gaps become missing intervals, never zero; the interval is the most common step")
    func gapsAreMissing() throws {
        let s = try read(
            Self.header + "2018-01-01T00:00:00Z,1\n2018-01-01T00:15:00Z,2\n2018-01-01T01:00:00Z,3\n2018-01-01T01:15:00Z,4\n"
                + "2018-01-01T01:30:00Z,5\n")
        #expect(s.grid == IntervalGrid(start: instant("2018-01-01T00:00:00Z"), seconds: 900, count: 7))
        #expect(Array(s.quality) == [.actual, .actual, .missing, .missing, .actual, .actual, .actual])
        #expect(Array(s.microKWh) == [1_000_000, 2_000_000, 0, 0, 3_000_000, 4_000_000, 5_000_000])
        #expect(s.missingCount == 2)
        #expect(s.total == 15_000_000)
    }

    @Test("a wrong header names each bad column and the missing one")
    func wrongHeader() {
        #expect(messages("interval_start,kw\n2018-01-01T00:00:00Z,1\n") == [
            "load.csv:1:2: error: field 'header': saw 'kw'; expected one of the columns interval_start, kwh",
            "load.csv:1: error: field 'header': saw 'interval_start,kw'; expected a column named kwh",
        ])
    }

    @Test("an empty file")
    func emptyFile() {
        #expect(messages("") == ["load.csv:1: error: field 'header': saw (empty); expected a header row: interval_start,kwh"])
    }

    @Test("a value that is not a number, per channel")
    func badNumber() {
        let rows = "2018-01-01T00:00:00Z,1\n2018-01-01T01:00:00Z,1,5\n2018-01-01T02:00:00Z,2\n" + Self.tail
        #expect(messages(Self.header + rows.replacingOccurrences(of: "1,5", with: "1 kWh")) == [
            "load.csv:3:2: error: field 'kwh': saw '1 kWh'; expected energy in kWh, a decimal number (net import; negative = export)"
        ])
        #expect(messages(Self.header + rows.replacingOccurrences(of: "1,5", with: ""), file: "battery.csv", channel: .storage) == [
            "battery.csv:3:2: error: field 'kwh': saw (empty); expected energy in kWh, a decimal number (positive = discharge to the site, negative = charging)"
        ])
    }

    @Test("more than 6 decimals is refused, not rounded")
    func tooManyDecimals() {
        #expect(messages(Self.header + "2018-01-01T00:00:00Z,1\n2018-01-01T01:00:00Z,1.1234567\n2018-01-01T02:00:00Z,2\n" + Self.tail) == [
            "load.csv:3:2: error: field 'kwh': saw '1.1234567'; expected energy in kWh, a decimal number (net import; negative = export) "
                + "with at most 6 decimals (more would be rounded; GridSettle never rounds input)"
        ])
    }

    @Test("a timestamp without an offset is refused")
    func badTimestamp() {
        #expect(messages(Self.header + "2018-01-01T00:00:00Z,1\n2018-01-01T01:00:00,1\n2018-01-01T02:00:00Z,2\n" + Self.tail) == [
            "load.csv:3:1: error: field 'interval_start': saw '2018-01-01T01:00:00'; expected an ISO 8601 instant with Z or an offset, "
                + "e.g. 2016-11-06T09:00:00Z or 2016-11-06T01:00:00-08:00 on a whole minute"
        ])
    }

    @Test("a duplicate names the earlier line, also when written with another offset")
    func duplicate() {
        #expect(messages(Self.header + "2018-01-01T00:00:00Z,1\n2018-01-01T01:00:00Z,1\n2017-12-31T17:00:00-08:00,2\n") == [
            "load.csv:4:1: error: field 'interval_start': saw '2017-12-31T17:00:00-08:00'; expected one row per interval; line 3 already has this interval (duplicate)"
        ])
    }

    @Test("rows out of time order")
    func outOfOrder() {
        #expect(messages(Self.header + "2018-01-01T01:00:00Z,1\n2018-01-01T02:00:00Z,1\n2018-01-01T00:00:00Z,2\n2018-01-01T03:00:00Z,2\n") == [
            "load.csv:4:1: error: field 'interval_start': saw '2018-01-01T00:00:00Z'; expected rows in time order; line 3 before it has the later interval 2018-01-01T02:00:00Z"
        ])
    }

    @Test("a start off the inferred grid is clock misalignment")
    func misaligned() {
        #expect(messages(Self.header + "2018-01-01T00:00:00Z,1\n2018-01-01T00:15:00Z,1\n2018-01-01T00:37:00Z,1\n2018-01-01T00:45:00Z,1\n2018-01-01T01:00:00Z,1\n") == [
            "load.csv:4:1: error: field 'interval_start': saw '2018-01-01T00:37:00Z'; expected a start on the 15-minute grid of this file (:00, :15, :30 or :45 past the hour, UTC; clock misalignment?)"
        ])
        // every row off the hour: the first row is misaligned too
        #expect(messages(Self.header + "2018-01-01T00:30:00Z,1\n2018-01-01T01:30:00Z,1\n")?.first
            == "load.csv:2:1: error: field 'interval_start': saw '2018-01-01T00:30:00Z'; expected a start on the 60-minute grid of this file (:00 past the hour, UTC; clock misalignment?)")
    }

    @Test("an interval length other than 1, 5, 15, 30 or 60 minutes")
    func unsupportedStep() {
        #expect(messages(Self.header + "2018-01-01T00:00:00Z,1\n2018-01-01T00:10:00Z,1\n2018-01-01T00:20:00Z,1\n") == [
            "load.csv:3:1: error: field 'interval_start': saw '2018-01-01T00:10:00Z'; expected rows 1, 5, 15, 30 or 60 minutes apart; "
                + "the most common step between rows is 10 minutes (the interval length is inferred from consecutive rows)"
        ])
    }

    @Test("one row is too few to infer the interval")
    func tooFewRows() {
        #expect(messages(Self.header + "2018-01-01T00:00:00Z,1\n") == [
            "load.csv: error: field 'interval_start': saw '1 data row(s)'; expected at least two rows (the interval length is inferred from consecutive rows)"
        ])
    }

    @Test("a row with the wrong number of fields")
    func wrongFieldCount() {
        #expect(messages(Self.header + "2018-01-01T00:00:00Z,1\n2018-01-01T01:00:00Z,1,A\n2018-01-01T02:00:00Z,2\n" + Self.tail) == [
            "load.csv:3: error: field 'row': saw '2018-01-01T01:00:00Z,1,A'; expected 2 fields (interval_start,kwh), saw 3"
        ])
    }

    @Test("every error of a file in one pass, in line order")
    func allErrorsAtOnce() {
        let body = Self.header
            + "2018-01-01T00:00:00Z,1\n2018-01-01T01:00:00Z,x\n2018-01-01T02:00:00Z,1\n2018-01-01T02:00:00Z,1\n"
            + "2018-01-01T03:20:00Z,1\n2018-01-01T04:00:00Z,1\n2018-01-01T05:00:00Z,1\n2018-01-01T06:00:00Z,1\n2018-01-01T07:00:00Z,1\n"
        #expect(messages(body) == [
            "load.csv:3:2: error: field 'kwh': saw 'x'; expected energy in kWh, a decimal number (net import; negative = export)",
            "load.csv:5:1: error: field 'interval_start': saw '2018-01-01T02:00:00Z'; expected one row per interval; line 4 already has this interval (duplicate)",
            "load.csv:6:1: error: field 'interval_start': saw '2018-01-01T03:20:00Z'; expected a start on the 60-minute grid of this file (:00 past the hour, UTC; clock misalignment?)",
        ])
    }

    @Test("a file that cannot be read")
    func missingFile() {
        do {
            _ = try IntervalEnergyCSV.read(contentsOfFile: "/nonexistent/load.csv", channel: .netImport)
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.description) == [
                "/nonexistent/load.csv: error: field '(file)': saw 'no readable file'; expected an interval energy CSV file with the header interval_start,kwh"
            ])
        }
    }

    @Test("load and storage must share one grid; each difference is named")
    func sameGrid() throws {
        let load = try read(Self.header + "2018-01-01T00:00:00Z,1\n2018-01-01T01:00:00Z,1\n2018-01-01T02:00:00Z,1\n")
        let same = try read(Self.header + "2018-01-01T00:00:00Z,-1\n2018-01-01T01:00:00Z,0\n2018-01-01T02:00:00Z,1\n", file: "battery.csv", channel: .storage)
        try IntervalEnergyCSV.requireSameGrid(load: load, loadFile: "load.csv", storage: same, storageFile: "battery.csv")

        let other = try read(Self.header + "2018-01-01T00:15:00Z,1\n2018-01-01T00:30:00Z,1\n", file: "battery.csv", channel: .storage)
        do {
            try IntervalEnergyCSV.requireSameGrid(load: load, loadFile: "load.csv", storage: other, storageFile: "battery.csv")
            Issue.record("expected an error")
        } catch {
            let rule = "(load and storage must share one grid: the same first interval, interval length and last interval)"
            #expect(error.issues.map(\.description) == [
                "battery.csv: error: field 'interval length': saw '15 minutes'; expected 60 minutes, the interval length of load.csv \(rule)",
                "battery.csv: error: field 'first interval_start': saw '2018-01-01T00:15:00Z'; expected 2018-01-01T00:00:00Z, the first interval of load.csv \(rule)",
                "battery.csv: error: field 'last interval_start': saw '2018-01-01T00:30:00Z'; expected 2018-01-01T02:00:00Z, the last interval of load.csv \(rule)",
            ])
        }
    }
}
