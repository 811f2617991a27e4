import Foundation
@testable import GridSettleCore
import GridSettleFormats
import Testing

/// Extreme numbers in a dataset are refused where they are read (file, line, field, value, range) and again
/// by the validator that `settle` runs first, so neither `validate` nor `settle` can trap on them.
@Suite("Numbers in a dataset are bounded")
struct NumericBoundsTests {
    /// Reads the example with `name`'s text changed by `edit`; the issues, or nil when it read cleanly.
    func issues(_ name: String, _ edit: (String) -> String) throws -> [DatasetIssue]? {
        let files = E2E.files(try E2E.example())
        return E2E.issues(files, replacing: name, with: edit(files[name].map { String(decoding: $0, as: UTF8.self) } ?? ""))
    }

    /// Replaces the `column`-th field (0-based) of line `line` (1-based) of a CSV text.
    static func settingField(_ text: String, line: Int, column: Int, to value: String) -> String {
        var lines = text.components(separatedBy: "\n")
        var fields = lines[line - 1].components(separatedBy: ",")
        fields[column] = value
        lines[line - 1] = fields.joined(separator: ",")
        return lines.joined(separator: "\n")
    }

    /// Settling a changed in-memory dataset must throw ``DatasetInvalid`` naming `field`, never trap.
    func expectSettleRefuses(_ field: String, _ change: (inout Dataset) -> Void) throws {
        var d = try E2E.example()
        change(&d)
        #expect(DatasetValidator.validate(d).contains { $0.severity == .error && $0.field.contains(field) })
        do {
            _ = try SettlementEngine.settle(d)
            Issue.record("settle accepted an out-of-range \(field)")
        } catch {
            #expect(error.issues.contains { $0.field.contains(field) })
        }
    }

    @Test("an interval length of 153722867280912931 minutes in readings.csv is refused, not multiplied")
    func hugeIntervalMinutes() throws {
        let found = try #require(try issues("readings.csv") { Self.settingField($0, line: 2, column: 2, to: "153722867280912931") })
        #expect(found.contains { $0.location.hasPrefix("readings.csv:2") && $0.field == "interval_minutes" && $0.value == "153722867280912931" })
    }

    @Test("a meter intervalMinutes of Int64.max in site.json is refused")
    func siteIntervalMinutes() throws {
        let found = try #require(try issues("site.json") { $0.replacingFirst("\"intervalMinutes\" : 5", "\"intervalMinutes\" : 9223372036854775807") })
        #expect(found.contains { $0.location.hasPrefix("site.json") && $0.field == "meters[M1].intervalMinutes" && $0.value == "9223372036854775807" })
        try expectSettleRefuses("intervalMinutes") { $0.config.meters[0].intervalMinutes = Int.max }
    }

    @Test("policies.idleMinimumMinutes of 2e17 is refused by validate, not trapped on in settle")
    func idleMinimumMinutes() throws {
        let found = try #require(try issues("site.json") { $0.replacingFirst("\"idleMinimumMinutes\" : 2", "\"idleMinimumMinutes\" : 200000000000000000") })
        #expect(found.contains { $0.field == "policies.idleMinimumMinutes" && $0.value == "200000000000000000" && $0.expected.contains("1440") })
        try expectSettleRefuses("policies.idleMinimumMinutes") { $0.config.policies.idleMinimumMinutes = 200_000_000_000_000_000 }
    }

    @Test("one reading of 37145277330 kWh (a demand-charge overflow) is refused where it is read")
    func hugeReadingForDemand() throws {
        let found = try #require(try issues("readings.csv") { Self.settingField($0, line: 2, column: 3, to: "37145277330") })
        #expect(found.contains { $0.location == "readings.csv:2:4" && $0.field == "delivered_kwh" && $0.value == "37145277330" && $0.expected.contains("kWh") })
        try expectSettleRefuses("delivered_kwh") { $0.meters["M1"]!.delivered.microKWh[0] = 37_145_277_330_000_000 }
    }

    @Test("one reading of 9223372036854 kWh (a day-sum overflow) is refused where it is read")
    func hugeReadingForDaySums() throws {
        let found = try #require(try issues("readings.csv") { Self.settingField($0, line: 2, column: 3, to: "9223372036854") })
        #expect(found.contains { $0.location == "readings.csv:2:4" && $0.field == "delivered_kwh" && $0.value == "9223372036854" })
        try expectSettleRefuses("received_kwh") { $0.meters["M2"]!.received.microKWh[3] = 9_223_372_036_854_000_000 }
    }

    @Test("tariff.demandWindowMinutes and tariff.minimumBillingDemandKW at Int64.max are refused")
    func tariffExtremes() throws {
        let window = try #require(try issues("site.json") { $0.replacingFirst("\"demandWindowMinutes\" : 15", "\"demandWindowMinutes\" : 9223372036854775807") })
        #expect(window.contains { $0.field == "tariff.demandWindowMinutes" && $0.value == "9223372036854775807" })
        let minimum = try #require(try issues("site.json") {
            $0.replacingFirst("\"demandWindowMinutes\" : 15", "\"demandWindowMinutes\" : 15, \"minimumBillingDemandKW\" : 9223372036854775807")
        })
        #expect(minimum.contains { $0.field == "tariff.minimumBillingDemandKW" && $0.value == "9223372036854775807" })
        try expectSettleRefuses("demandWindowMinutes") { $0.tariff.demandWindowMinutes = Int.max }
        try expectSettleRefuses("minimumBillingDemandKW") { $0.config.tariff.minimumBillingDemandKW = Int.max }
    }

    @Test("a meter rating of 1e300 kW is refused")
    func hugeRating() throws {
        let found = try #require(try issues("site.json") { $0.replacingFirst("\"ratingKW\" : 1500", "\"ratingKW\" : 1e300") })
        #expect(found.contains { $0.field == "meters[M1].ratingKW" && $0.expected.contains("1000000") })
        try expectSettleRefuses("ratingKW") { $0.config.meters[0].ratingKW = 1e300 }
    }

    @Test("record files: award MW, prices, trips, mileage and edits outside their ranges are refused by line")
    func recordRanges() throws {
        let award = try #require(try issues("awards.csv") { Self.settingField($0, line: 2, column: 5, to: "9223372036854") })
        #expect(award.contains { $0.location.hasPrefix("awards.csv:2") && $0.field == "mw" })
        let price = try #require(try issues("prices.csv") { Self.settingField($0, line: 2, column: 5, to: "9223372036854") })
        #expect(price.contains { $0.location.hasPrefix("prices.csv:2") && $0.field == "price" })
        let trip = try #require(try issues("trips.csv") { Self.settingField($0, line: 2, column: 4, to: "9223372036854") })
        #expect(trip.contains { $0.location.hasPrefix("trips.csv:2") && $0.field == "driven_kwh" })
        let mileage = try #require(try issues("mileage.csv") { Self.settingField($0, line: 2, column: 4, to: "9223372036854") })
        #expect(mileage.contains { $0.location.hasPrefix("mileage.csv:2") && $0.field == "instructed_mileage_mw" })
        let edit = try #require(try issues("edits.csv") { _ in
            "meter_id,interval_start,channel,new_kwh,reason,editor\nM1,2016-11-02T10:00:00Z,delivered,9223372036854,meter swap,ana\n"
        })
        #expect(edit.contains { $0.location.hasPrefix("edits.csv:2") && $0.field == "new_kwh" })
    }

    @Test("site.json doubles: initial inventory, idle threshold and capacity of 1e300 are refused")
    func siteDoubles() throws {
        let inventory = try #require(try issues("site.json") { $0.replacingFirst("\"initialInventoryKWh\" : 500", "\"initialInventoryKWh\" : 1e300") })
        #expect(inventory.contains { $0.field == "resource.initialInventoryKWh" })
        let threshold = try #require(try issues("site.json") { $0.replacingFirst("\"idleThresholdKW\" : 20", "\"idleThresholdKW\" : 1e300") })
        #expect(threshold.contains { $0.field == "policies.idleThresholdKW" })
        try expectSettleRefuses("resource.initialInventoryKWh") { $0.config.resource.initialInventoryKWh = 1e300 }
        try expectSettleRefuses("policies.maxEstimatedGapIntervals") { $0.config.policies.maxEstimatedGapIntervals = Int.max }
    }

    @Test("a round-trip efficiency of 1e-7 (zero in millionths, a divisor of the inventory pools) is refused")
    func tinyEfficiency() throws {
        let found = try #require(try issues("site.json") { $0.replacingFirst("\"roundTripEfficiency\" : 0.85", "\"roundTripEfficiency\" : 1e-7") })
        #expect(found.contains { $0.field == "resource.roundTripEfficiency" && $0.expected.contains("0.01") })
        try expectSettleRefuses("resource.roundTripEfficiency") { $0.config.resource.roundTripEfficiency = 1e-7 }
    }

    @Test("PJM opening pools of 1e300 kWh are refused before settlement")
    func pjmPools() throws {
        var d = try PJMDatasetTests.example()
        d.config.pjm!.openingWholesaleKWh = 1e300
        #expect(DatasetValidator.validate(d).contains { $0.field == "pjm.openingWholesaleKWh" })
        #expect(throws: DatasetInvalid.self) { try SettlementEngine.settle(d) }
    }

    @Test("checked minutes: a policy minimum beyond Int64 seconds is longer than any run, not a trap")
    func checkedMinutes() {
        #expect(LedgerBuilder.seconds(minutes: 2) == 120)
        #expect(LedgerBuilder.seconds(minutes: 200_000_000_000_000_000) == Int64.max)
        #expect(Units.microThreshold(1e300) == Int64.max && Units.microThreshold(-1e300) == Int64.min && Units.microThreshold(1.5) == 1_500_000)
    }
}
