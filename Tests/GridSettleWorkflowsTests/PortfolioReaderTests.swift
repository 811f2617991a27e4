import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleStore
import Testing

@testable import GridSettleFormats

/// A portfolio settles each (resource, period) exactly as the format 1 dataset of that resource and period.
@Suite struct PortfolioReaderTests {
    /// Each unit's statement, from the portfolio, against the statement of the same resource's own dataset
    /// read through the format 1 reader: byte-identical JSON.
    @Test func unitsSettleExactlyAsTheirFormatOneDatasets() throws {
        let fleet = try PortfolioFixture.fleet(3)
        let dir = try PortfolioFixture.portfolio(fleet)
        let p = try PortfolioReader.read(directory: dir, digest: InputDigest.sha256)
        let units = p.units(.allComplete)
        #expect(units.map(\.period) == Array(repeating: SettlementPeriod(start: LocalDate(year: 2016, month: 11, day: 1), end: LocalDate(year: 2016, month: 12, day: 1)), count: 3))
        for (k, unit) in units.enumerated() {
            let fromPortfolio = try SettlementEngine.settle(try p.dataset(unit)).statement
            let v1 = try DatasetReader.read(files: DatasetWriter.files(fleet[k], tariffJSON: PortfolioFixture.tariffJSON))
            let fromDataset = try SettlementEngine.settle(v1).statement
            #expect(fromPortfolio.resourceID == fleet[k].config.resource.id)
            #expect(StatementJSON.render(fromPortfolio) == StatementJSON.render(fromDataset))
        }
    }

    /// The statement's `awardPeriodHours` with the clock-hour award scope is the number of clock hours that hold
    /// a non-zero award, counted here from the awards themselves.
    @Test func awardPeriodHoursCountAwardHours() throws {
        let d = try PortfolioFixture.fleet(1)[0]
        #expect(d.config.policies.awardScope == .clockHour)
        let (start, end) = d.periodBounds
        var hours = Set<Int64>()
        for a in d.awards where a.microMW != 0 {
            var t = a.start.secondsSinceEpoch - ((a.start.secondsSinceEpoch % 3600) + 3600) % 3600
            while t < a.end.secondsSinceEpoch {
                if t >= start.secondsSinceEpoch && t < end.secondsSinceEpoch { hours.insert(t) }
                t += 3600
            }
        }
        let json = StatementJSON.render(try SettlementEngine.settle(d).statement)
        #expect(!hours.isEmpty)
        #expect(json.contains("\"awardPeriodHours\": \"\(hours.count).000000\""))
    }

    /// Meter data split by meter into readings/, read in blocks of a few kilobytes on several cores, gives the
    /// same units as one readings.csv read whole.
    @Test func readingsSplitIntoFilesAndSmallBlocksReadTheSame() throws {
        let fleet = try PortfolioFixture.fleet(2)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "split")
        let whole = try PortfolioReader.read(directory: dir, digest: InputDigest.sha256)
        let all = PortfolioFixture.text(dir, "readings.csv").split(separator: "\n", omittingEmptySubsequences: false)
        let header = String(all[0])
        var byMeter: [String: [Substring]] = [:]
        for row in all.dropFirst() where !row.isEmpty { byMeter[String(row.prefix { $0 != "," }), default: []].append(row) }
        try FileManager.default.removeItem(atPath: (dir as NSString).appendingPathComponent("readings.csv"))
        for (meter, rows) in byMeter {
            try PortfolioFixture.write(dir, "readings/\(meter).csv", ([header] + rows.map(String.init)).joined(separator: "\n") + "\n")
        }
        let split = try PortfolioReader.read(directory: dir, parallelism: 3, blockSize: 4096, digest: InputDigest.sha256)
        for (a, b) in zip(whole.units(.allComplete), split.units(.allComplete)) {
            #expect(a == b)
            let da = try whole.dataset(a)
            let db = try split.dataset(b)
            #expect(da.meters == db.meters)
        }
        #expect(split.fileDigests.count == whole.fileDigests.count - 1 + byMeter.count)
    }

    /// A header and lines longer than a block are read whole: the block grows to the next line break. Before, a
    /// block that held no line break was carried over unread, forever (a series-layout row is longer than the small
    /// blocks tests and the fuzzers read in).
    @Test(.timeLimit(.minutes(1))) func linesLongerThanABlockAreRead() throws {
        let dir = PortfolioFixture.temporaryDirectory("long-lines")
        let header = "h" + String(repeating: "x", count: 100)
        let rows = (0..<40).map { k in "r\(k)," + String(repeating: "y", count: k % 3 == 0 ? 90 : 3) }
        let path = dir + "/f.csv"
        try Data(([header] + rows).joined(separator: "\n").utf8 + [10]).write(to: URL(fileURLWithPath: path))
        for blockSize in [1, 16, 50, 64, 1000, CSVBlockReader.blockSize] {
            var seen: [String] = []
            let r = CSVBlockReader.read(
                path: path, name: "f.csv", columns: ["h"], parallelism: 2, blockSize: blockSize, digest: { _ in [] },
                parse: { bytes, firstLine in (String(decoding: bytes, as: UTF8.self), firstLine) },
                collect: { text, firstLine in
                    let all = text.split(separator: "\n").map(String.init)
                    #expect(all.first == header)
                    // each block's first row is numbered as the file's own line
                    #expect(firstLine == 2 + seen.count)
                    seen += all.dropFirst()
                })
            #expect(r.issues.isEmpty)
            #expect(seen == rows, "block size \(blockSize)")
        }
    }

    /// The block reader's line count (eight bytes at a time) against a plain count, on bytes of every value
    /// at every alignment and length.
    @Test func lineBreaksAreCountedExactly() {
        var rng = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000] {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in Bool.random(using: &rng) ? UInt8(10) : UInt8.random(in: 0...255, using: &rng) }
                for start in 0..<min(3, length + 1) {
                    let slice = Array(bytes[start...])
                    #expect(slice.withUnsafeBufferPointer { CSVBlockReader.lineBreaks($0) } == slice.filter { $0 == 10 }.count)
                }
            }
        }
    }

    /// A bad row deep in a file read in small blocks is reported with the file's own line number.
    @Test func errorsNameTheFileLineAcrossBlocks() throws {
        let fleet = try PortfolioFixture.fleet(1)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "lines")
        var lines = PortfolioFixture.text(dir, "readings.csv").split(separator: "\n").map(String.init)
        lines[5000] = lines[5000].replacingOccurrences(of: ",A", with: ",Q")
        lines[7000] = "NO-SUCH-METER" + lines[7000].drop { $0 != "," }
        try PortfolioFixture.write(dir, "readings.csv", lines.joined(separator: "\n") + "\n")
        do {
            _ = try PortfolioReader.read(directory: dir, parallelism: 2, blockSize: 2048, digest: InputDigest.sha256)
            Issue.record("a bad quality code and an unknown meter must be refused")
        } catch {
            let where_ = error.issues.map(\.location)
            #expect(where_.contains("readings.csv:5001:6"))
            #expect(where_.contains("readings.csv:7001:1"))
            #expect(error.issues.first { $0.location == "readings.csv:7001:1" }?.value == "NO-SUCH-METER")
        }
    }

    /// A second row for one meter interval in another file is named with both places; a row between grid
    /// points is clock misalignment. Both are found by the unit, which knows the grid.
    @Test func duplicateAndMisalignedRowsAreRefusedByTheUnit() throws {
        let fleet = try PortfolioFixture.fleet(1)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "dup")
        let rows = PortfolioFixture.text(dir, "readings.csv").split(separator: "\n").map(String.init)
        let meter = fleet[0].config.meters[0].id
        try PortfolioFixture.write(dir, "readings/extra.csv", [rows[0], rows[1], "\(meter),2016-11-02T10:02:00Z,5,1,0,A"].joined(separator: "\n") + "\n")
        let p = try PortfolioReader.read(directory: dir, digest: InputDigest.sha256)
        do {
            _ = try p.dataset(p.units(.allComplete)[0])
            Issue.record("a duplicate and a misaligned row must be refused")
        } catch {
            #expect(error.issues.contains { $0.location == "readings/extra.csv:2" && $0.expected.contains("readings.csv:2 already has meter \(meter)") })
            #expect(error.issues.contains { $0.location == "readings/extra.csv:3" && $0.expected.contains("clock misalignment") })
        }
    }

    /// A site-level refusal raised while a unit settles names the unit's site file, not format 1's `site.json`:
    /// prior peaks that end two months before the period.
    @Test func refusalsWhileSettlingNameTheSiteFile() throws {
        let fleet = try PortfolioFixture.fleet(1)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "site-file")
        let name = "sites/\(fleet[0].config.site.id).json"
        var site = try #require(try JSONSerialization.jsonObject(with: Data(PortfolioFixture.text(dir, name).utf8)) as? [String: Any])
        var tariff = try #require(site["tariff"] as? [String: Any])
        tariff["priorPeaks"] = [["month": "2016-09", "kW": 100]]
        site["tariff"] = tariff
        try PortfolioFixture.write(dir, name, String(decoding: try JSONSerialization.data(withJSONObject: site), as: UTF8.self))
        let p = try PortfolioReader.read(directory: dir, digest: InputDigest.sha256)
        let d = try p.dataset(p.units(.allComplete)[0])
        #expect(d.siteFile == name)
        do {
            _ = try SettlementEngine.settle(d)
            Issue.record("prior peaks that do not reach the period must be refused")
        } catch {
            #expect(error.issues.contains { $0.location == name && $0.field.hasPrefix("tariff.priorPeaks") }, "\(error.issues)")
            #expect(!error.issues.contains { $0.location == "site.json" })
        }
    }

    /// Refused with the place named: `(file, field)` of the issue each change must cause.
    func refused(_ change: (String, [Dataset]) throws -> Void, _ expect: ([DatasetIssue], [Dataset]) -> Bool) throws {
        let fleet = try PortfolioFixture.fleet(2)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "refused")
        try change(dir, fleet)
        do {
            _ = try PortfolioReader.read(directory: dir, digest: InputDigest.sha256)
            Issue.record("the portfolio must be refused")
        } catch {
            #expect(expect(error.issues, fleet), "\(error.issues.prefix(5))")
        }
    }

    /// A number too large for any range (more than 19 digits) names the range, as one just outside it does: in the
    /// readings (read last, so on their own) and in the awards.
    @Test func aHugeNumberIsRefusedWithItsRange() throws {
        try refused({ dir, fleet in
            let meter = fleet[0].config.meters[0].id
            try PortfolioFixture.write(dir, "readings/huge.csv",
                                       "meter_id,interval_start,interval_minutes,delivered_kwh,received_kwh,quality\n\(meter),2016-11-02T10:00:00Z,5,123456789012345678901,0,A\n")
        }, { issues, _ in
            issues.contains { $0.location.hasPrefix("readings/huge.csv:2:") && $0.field == "delivered_kwh" && $0.expected.contains("kWh between 0 and ") }
        })
        try refused({ dir, fleet in
            try PortfolioFixture.write(dir, "awards.csv", PortfolioFixture.text(dir, "awards.csv") + "\(fleet[0].config.resource.id),DA,EN,2016-11-30T08:00:00Z,60,99999999999999999999999\n")
        }, { issues, _ in
            issues.contains { $0.location.hasPrefix("awards.csv:") && $0.field == "mw" && $0.expected.contains("MW between -1000 and 1000") }
        })
    }

    @Test func aSiteFileHasNoPeriod() throws {
        try refused({ dir, fleet in
            let file = "sites/\(fleet[0].config.site.id).json"
            try PortfolioFixture.write(dir, file, PortfolioFixture.text(dir, file).replacingOccurrences(
                of: "\"formatVersion\" : 2,", with: "\"formatVersion\" : 2,\n  \"period\" : {\"start\" : \"2016-11-01\", \"end\" : \"2016-12-01\"},"))
        }, { issues, fleet in issues.contains { $0.location == "sites/\(fleet[0].config.site.id).json" && $0.field == "period" } })
    }

    @Test func aMeterIdBelongsToOneSite() throws {
        try refused({ dir, fleet in
            let file = "sites/\(fleet[1].config.site.id).json"
            try PortfolioFixture.write(dir, file, PortfolioFixture.text(dir, file).replacingOccurrences(of: fleet[1].config.meters[2].id, with: fleet[0].config.meters[2].id))
        }, { issues, fleet in
            issues.contains { $0.location == "sites/\(fleet[1].config.site.id).json" && $0.field == "meters.id" && $0.value == fleet[0].config.meters[2].id }
        })
    }

    @Test func recordsNameAResourceOfThePortfolio() throws {
        try refused({ dir, _ in
            try PortfolioFixture.write(dir, "awards.csv", PortfolioFixture.text(dir, "awards.csv") + "NOBODY,DA,EN,2016-11-01T08:00:00Z,60,1\n")
        }, { issues, _ in issues.contains { $0.location.hasPrefix("awards.csv:") && $0.field == "resource_id" && $0.value == "NOBODY" } })
    }

    /// temperature.csv and baseline_series.csv in a portfolio need the `resource_id` column format 1's lack.
    @Test func baselineInputsNeedAResourceColumn() throws {
        for (file, header) in [("temperature.csv", "interval_start,temperature_f"), ("baseline_series.csv", "interval_start,interval_end,baseline_kw")] {
            try refused({ dir, _ in try PortfolioFixture.write(dir, file, header + "\n") },
                        { issues, _ in issues.contains { $0.location.hasPrefix(file) && $0.description.contains("resource_id") } })
        }
    }

    @Test func manifestMustSayFormatTwo() throws {
        let dir = try PortfolioFixture.portfolio(try PortfolioFixture.fleet(1), tag: "manifest")
        try PortfolioFixture.write(dir, "portfolio.json", "{\"formatVersion\": 1, \"owner\": \"x\"}")
        do {
            _ = try PortfolioReader.read(directory: dir, digest: InputDigest.sha256)
            Issue.record("format 1 in portfolio.json must be refused")
        } catch {
            #expect(error.issues.contains { $0.field == "formatVersion" && $0.expected == "2" })
            #expect(error.issues.contains { $0.field == "owner" })
        }
    }

    /// Months named at run time: a month with no readings is the unit's error, not a silent empty statement.
    @Test func periodsAreChosenWhenSettling() throws {
        #expect(PeriodSelection("2016-11") == .months(first: YearMonth(year: 2016, month: 11), last: YearMonth(year: 2016, month: 11)))
        #expect(PeriodSelection("2016-11..2017-01") == .months(first: YearMonth(year: 2016, month: 11), last: YearMonth(year: 2017, month: 1)))
        for bad in ["2016-13", "2016-1", "2016-11..2016-10", "2016-11..", "16-11", "2016-11.2016-12", "", "2016-+1", "+016-11", "1899-12", "2016-11-01"] { #expect(PeriodSelection(bad) == nil, "\(bad)") }
        let p = try PortfolioReader.read(directory: try PortfolioFixture.portfolio(try PortfolioFixture.fleet(1), tag: "periods"), digest: InputDigest.sha256)
        let units = p.units(PeriodSelection("2016-10..2016-11")!)
        #expect(units.count == 2)
        #expect(throws: DatasetInvalid.self) { try p.dataset(units[0]) }
        #expect(try p.dataset(units[1]).config.period.start == LocalDate(year: 2016, month: 11, day: 1))
    }
}
