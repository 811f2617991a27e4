import Foundation
import GridSettleCore
import GridSettleFormats
import Testing

/// One test per class of bad input: each names file, line (and column where there is one), field, the
/// value seen and what was expected; nothing is dropped or changed silently.
@Suite("Bad input is reported precisely")
struct BadInputTests {
    static let header = "meter_id,interval_start,interval_minutes,delivered_kwh,received_kwh,quality\n"

    func readingsIssues(_ rows: String) throws -> [DatasetIssue] {
        let files = E2E.files(try E2E.example())
        let original = String(decoding: files["readings.csv"]!, as: UTF8.self)
        return try #require(E2E.issues(files, replacing: "readings.csv", with: original + rows))
    }

    /// The appended rows start at this line number.
    func firstAppendedLine() throws -> Int {
        let files = E2E.files(try E2E.example())
        return String(decoding: files["readings.csv"]!, as: UTF8.self).split(separator: "\n").count + 1
    }

    @Test("a timestamp without a UTC offset is refused (ambiguous on the fall-back day)")
    func localTimestamp() throws {
        let line = try firstAppendedLine()
        let issues = try readingsIssues("M1,2016-11-06T01:00:00,5,1,0,A\n")
        let i = try #require(issues.first)
        #expect(i.location == "readings.csv:\(line):2")
        #expect(i.field == "interval_start" && i.value == "2016-11-06T01:00:00" && i.expected.contains("offset"))
    }

    @Test("an interval start off the meter's grid is clock misalignment")
    func misaligned() throws {
        let issues = try readingsIssues("M1,2016-11-02T10:02:00Z,5,1,0,A\n")
        #expect(issues.contains { $0.field == "interval_start" && $0.value == "2016-11-02T10:02:00Z" && $0.expected.contains("clock misalignment") })
    }

    @Test("a duplicate row names the earlier line")
    func duplicate() throws {
        let issues = try readingsIssues("M1,2016-11-02T10:00:00Z,5,1,0,A\n")
        let i = try #require(issues.first { $0.expected.contains("duplicate") })
        #expect(i.expected.contains("line "))
    }

    @Test("an interval length that differs from the meter's (overlapping intervals)")
    func overlap() throws {
        let issues = try readingsIssues("M1,2016-11-02T10:00:00Z,15,1,0,A\n")
        #expect(issues.contains { $0.field == "interval_minutes" && $0.value == "15" && $0.expected.contains("M1") })
    }

    @Test("negative energy is refused, not clamped")
    func negative() throws {
        let issues = try readingsIssues("M1,2016-11-02T10:00:00Z,5,-1.5,0,A\n")
        #expect(issues.contains { $0.field == "delivered_kwh" && $0.value == "-1.5" && $0.expected.contains("≥ 0") })
    }

    @Test("more decimals than the engine keeps is refused, not rounded")
    func tooPrecise() throws {
        let issues = try readingsIssues("M1,2016-11-02T10:00:00Z,5,1.1234567,0,A\n")
        #expect(issues.contains { $0.field == "delivered_kwh" && $0.expected.contains("at most 6 decimals") })
    }

    @Test("an unknown meter id lists the known ones")
    func unknownMeter() throws {
        let issues = try readingsIssues("M9,2016-11-02T10:00:00Z,5,1,0,A\n")
        #expect(issues.contains { $0.field == "meter_id" && $0.value == "M9" && $0.expected.contains("M1") })
    }

    @Test("a row with the wrong number of fields, and a bad quality code")
    func rowShape() throws {
        let issues = try readingsIssues("M1,2016-11-02T10:00:00Z,5,1\nM1,2016-11-02T10:05:00Z,5,1,0,X\n")
        #expect(issues.contains { $0.field == "row" && $0.expected.contains("6 fields") })
        #expect(issues.contains { $0.field == "quality" && $0.value == "X" })
    }

    @Test("every problem in every file is reported at once")
    func allAtOnce() throws {
        var files = E2E.files(try E2E.example())
        files["readings.csv"] = Array((String(decoding: files["readings.csv"]!, as: UTF8.self) + "M1,2016-11-02T10:00:00,5,1,0,A\n").utf8)
        files["awards.csv"] = Array((String(decoding: files["awards.csv"]!, as: UTF8.self) + "OTHER,DA,RU,2016-11-02T10:00:00Z,60,1\n").utf8)
        files["prices.csv"] = Array((String(decoding: files["prices.csv"]!, as: UTF8.self) + "LAAFB_7_N001,DA,LMP,2016-11-02T10:00:00Z,60,abc\n").utf8)
        do {
            _ = try DatasetReader.read(files: files)
            Issue.record("expected errors")
        } catch {
            let locations = Set(error.issues.map { $0.location.split(separator: ":").first.map(String.init) ?? "" })
            #expect(locations.isSuperset(of: ["readings.csv", "awards.csv", "prices.csv"]))
            #expect(error.issues.contains { $0.field == "resource_id" && $0.value == "OTHER" })
            #expect(error.issues.contains { $0.field == "price" && $0.value == "abc" })
        }
    }

    @Test("a misspelled policy in site.json is an error, never ignored")
    func unknownSiteKey() throws {
        let files = E2E.files(try E2E.example())
        let site = String(decoding: files["site.json"]!, as: UTF8.self).replacingFirst("\"retailAdjustment\"", "\"retailAdjustmnet\"")
        let issues = try #require(E2E.issues(files, replacing: "site.json", with: site))
        #expect(issues.contains { $0.field == "policies.retailAdjustmnet" && $0.expected.contains("retailAdjustment") })
    }

    @Test("a bad enum value in site.json names the field path and the value")
    func badEnum() throws {
        let files = E2E.files(try E2E.example())
        let site = String(decoding: files["site.json"]!, as: UTF8.self).replacingFirst("\"addBackOnly\"", "\"addBackTwice\"")
        let issues = try #require(E2E.issues(files, replacing: "site.json", with: site))
        let i = try #require(issues.first)
        #expect(i.location == "site.json" && i.field == "policies.retailAdjustment" && i.value == "addBackTwice")
    }

    @Test("a round-trip efficiency outside (0, 1] is refused with an explanation")
    func badEfficiency() throws {
        let files = E2E.files(try E2E.example())
        let site = String(decoding: files["site.json"]!, as: UTF8.self).replacingFirst("\"roundTripEfficiency\" : 0.85", "\"roundTripEfficiency\" : 1.05")
        let issues = try #require(E2E.issues(files, replacing: "site.json", with: site))
        #expect(issues.contains { $0.field == "resource.roundTripEfficiency" && $0.value == "1.05" })
    }

    @Test("missing RTD prices are found before anything is settled")
    func missingPrices() throws {
        let files = E2E.files(try E2E.example())
        let prices = String(decoding: files["prices.csv"]!, as: UTF8.self).split(separator: "\n").filter { !$0.contains(",RTD,LMP,2016-11-03T") }.joined(separator: "\n") + "\n"
        let issues = try #require(E2E.issues(files, replacing: "prices.csv", with: prices))
        #expect(issues.contains { $0.location == "prices.csv" && $0.value.contains("288 five-minute interval(s)") })
    }

    @Test("a missing required file is named")
    func missingFile() throws {
        var files = E2E.files(try E2E.example())
        files["signals.csv"] = nil
        do {
            _ = try DatasetReader.read(files: files)
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.contains { $0.location == "signals.csv" })
        }
    }

    @Test("an unknown CSV column is reported with its column number")
    func unknownColumn() throws {
        let files = E2E.files(try E2E.example())
        let issues = try #require(E2E.issues(files, replacing: "signals.csv", with: "resource_id,signal,start,end,colour\n"))
        #expect(issues.contains { $0.location == "signals.csv:1:5" && $0.value == "colour" })
    }
}

extension String {
    func replacingFirst(_ a: String, _ b: String) -> String {
        guard let r = range(of: a) else { return self }
        return replacingCharacters(in: r, with: b)
    }
}

@Suite("Cross-file validation")
struct CrossFileValidationTests {
    @Test("row errors and cross-file errors are reported in one pass")
    func onePass() throws {
        let files = E2E.files(try E2E.example())
        var f = files
        f["readings.csv"] = Array((String(decoding: files["readings.csv"]!, as: UTF8.self) + "M1,2016-11-02T10:00:00,5,1,0,A\n").utf8)
        f["site.json"] = Array(String(decoding: files["site.json"]!, as: UTF8.self).replacingFirst("\"roundTripEfficiency\" : 0.85", "\"roundTripEfficiency\" : 1.2").utf8)
        do {
            _ = try DatasetReader.read(files: f)
            Issue.record("expected errors")
        } catch {
            #expect(error.issues.contains { $0.field == "interval_start" && $0.location.hasPrefix("readings.csv:") })
            #expect(error.issues.contains { $0.field == "resource.roundTripEfficiency" })
        }
    }

    @Test("an edit that targets no interval of the meter is an error at load time")
    func badEditTarget() throws {
        let files = E2E.files(try E2E.example())
        let edits = "meter_id,interval_start,channel,new_kwh,reason,editor\nM1,2016-11-02T10:02:00Z,delivered,1,typo fix,ana\nM7,2016-11-02T10:00:00Z,delivered,1,x,ana\n"
        let issues = try #require(E2E.issues(files, replacing: "edits.csv", with: edits))
        #expect(issues.contains { $0.location == "edits.csv:2" && $0.field == "interval_start" })
        #expect(issues.contains { $0.location == "edits.csv:3" && $0.field == "meter_id" && $0.value == "M7" })
    }

    @Test("a valid edit is applied and logged with the old value")
    func editApplied() throws {
        let files = E2E.files(try E2E.example())
        var f = files
        f["edits.csv"] = Array("meter_id,interval_start,channel,new_kwh,reason,editor\nM1,2016-11-02T10:00:00Z,delivered,33.5,meter swap,ana\n".utf8)
        let d = try DatasetReader.read(files: f)
        let r = try SettlementEngine.settle(d)
        let e = try #require(r.vee.audit.first { $0.action == .edit })
        #expect(e.newMicroKWh == 33_500_000 && e.oldMicroKWh == d.meters["M1"]!.delivered.microKWh[d.meters["M1"]!.grid.index(startingAt: e.interval)!])
        #expect(r.statement.dataQuality.first { $0.meterID == "M1" }?.edited == 1)
    }

    @Test("a meter in site.json without any reading is an error")
    func meterWithoutRows() throws {
        let files = E2E.files(try E2E.example())
        let readings = String(decoding: files["readings.csv"]!, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("EVSE,") }.joined(separator: "\n") + "\n"
        let issues = try #require(E2E.issues(files, replacing: "readings.csv", with: readings))
        #expect(issues.contains { $0.field == "meter_id" && $0.value == "EVSE" })
    }

    @Test("a price with the wrong interval length for its market is refused")
    func priceLength() throws {
        let files = E2E.files(try E2E.example())
        let prices = String(decoding: files["prices.csv"]!, as: UTF8.self) + "LAAFB_7_N001,RTD,LMP,2016-12-01T07:55:00Z,15,30\n"
        let issues = try #require(E2E.issues(files, replacing: "prices.csv", with: prices))
        #expect(issues.contains { $0.field == "interval_minutes" && $0.value == "15" && $0.expected.contains("RTD") })
    }

    @Test("a bad enum in site.json lists the allowed values; tariff defaults may be left out")
    func enumsAndDefaults() throws {
        let files = E2E.files(try E2E.example())
        let site = String(decoding: files["site.json"]!, as: UTF8.self)
        let bad = site.replacingFirst("\"retailMaster\"", "\"master\"")
        let issues = try #require(E2E.issues(files, replacing: "site.json", with: bad))
        #expect(issues.first?.expected.contains("retailMaster, storage") == true)
        let noDefaults = site.replacingFirst("\"demandWindowMinutes\" : 15,", "")
        #expect(E2E.issues(files, replacing: "site.json", with: noDefaults) == nil)
    }
}
