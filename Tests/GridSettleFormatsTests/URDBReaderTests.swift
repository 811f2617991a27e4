import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// Tests/GridSettleFormatsTests/Fixtures/urdb/ (copies of shared/fixtures/public/urdb, see SOURCES.md there).
private let fixtureDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/urdb")

private let sce = TariffReference(urdbFile: "sce-tou-8-option-d-under-2kv.json", demandWindowMinutes: 15, holidaysAsWeekends: true)

private func readFixture(_ name: String, reference: TariffReference = sce) throws(URDBReadError) -> URDBReadResult {
    try URDBReader.read(contentsOfFile: fixtureDirectory.appendingPathComponent(name).path, reference: reference)
}

private func read(_ json: String, file: String = "test.json", reference: TariffReference = sce) throws(URDBReadError) -> URDBReadResult {
    try URDBReader.read(data: Array(json.utf8), file: file, reference: reference)
}

/// The error thrown by reading `json`, or nil.
private func readError(_ json: String, file: String = "bad.json") -> URDBReadError? {
    do {
        _ = try read(json, file: file)
        return nil
    } catch {
        return error
    }
}

/// Schedules as Foundation reads them, for comparison with the reader.
private func foundationItem(_ name: String) throws -> [String: Any] {
    let root = try #require(
        try JSONSerialization.jsonObject(with: Data(contentsOf: fixtureDirectory.appendingPathComponent(name))) as? [String: Any])
    return try #require((root["items"] as? [[String: Any]])?.first)
}

/// The single-tier view of a tariff, for compact expectations.
extension Tariff {
    fileprivate var demandRates: [Int64] { touDemand?.periods.map { $0[0].price } ?? [] }
    fileprivate var demandWeekdaySchedule: [[Int]] { touDemand?.weekdaySchedule ?? [] }
    fileprivate var demandWeekendSchedule: [[Int]] { touDemand?.weekendSchedule ?? [] }
    fileprivate var flatDemandRates: [Int64] { flatDemand?.periods.map { $0[0].price } ?? [] }
    fileprivate var flatDemandMonths: [Int] { flatDemand?.months ?? [] }
    fileprivate var fixedMonthlyCharge: Int64 { fixedCharge.unit == .perMonth ? fixedCharge.amount : 0 }
    fileprivate var energyWeekdaySchedule: [[Int]] { energy.weekdaySchedule }
    fileprivate var energyWeekendSchedule: [[Int]] { energy.weekendSchedule }
}

private func matrix(_ item: [String: Any], _ key: String) -> [[Int]] {
    ((item[key] as? [[NSNumber]]) ?? []).map { $0.map(\.intValue) }
}

// MARK: - Synthetic rates for malformed and unsupported input

private let summerRow = "[3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,5,5,5,5,5,3,3,3]"
private let winterRow = "[1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,2,2,2,2,2,1,1,1]"
private func rows(_ r: [String]) -> String { "[" + r.joined(separator: ",") + "]" }
private let energySchedule = rows((1...12).map { (6...9).contains($0) ? summerRow : winterRow })
private let zeroSchedule = rows([String](repeating: "[" + [String](repeating: "0", count: 24).joined(separator: ",") + "]", count: 12))

/// A TOU-8-like rate as JSON text; `fields` replace or add members (raw JSON text), `nil` removes one.
private func rateJSON(_ fields: [String: String?] = [:]) -> String {
    var members: [(String, String)] = [
        ("label", "\"t0\""), ("utility", "\"Test Utility\""), ("name", "\"Test rate\""),
        (
            "energyratestructure",
            "[[{\"unit\":\"kWh\",\"rate\":0.08859,\"adj\":0.00114}],[{\"rate\":0.12217,\"adj\":0.00114}],[{\"rate\":0.12314}],"
                + "[{\"rate\":0.11229}],[{\"rate\":0.14085}],[{\"rate\":0.15072}]]"
        ),
        ("energyweekdayschedule", energySchedule), ("energyweekendschedule", energySchedule),
        ("demandratestructure", "[[{\"rate\":0}],[{\"rate\":8.83}]]"),
        ("demandweekdayschedule", zeroSchedule), ("demandweekendschedule", zeroSchedule),
        ("flatdemandstructure", "[[{\"rate\":25.36}]]"), ("flatdemandmonths", "[0,0,0,0,0,0,0,0,0,0,0,0]"),
        ("fixedchargefirstmeter", "447.44"), ("fixedchargeunits", "\"$/month\""),
    ]
    for (k, v) in fields.sorted(by: { $0.key < $1.key }) {
        if let i = members.firstIndex(where: { $0.0 == k }) {
            if let v { members[i].1 = v } else { members.remove(at: i) }
        } else if let v {
            members.append((k, v))
        }
    }
    return "{\"items\":[{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}]}"
}

/// `energySchedule` with one row replaced.
private func energySchedule(row m: Int, _ row: String) -> String {
    rows((1...12).map { $0 == m + 1 ? row : ((6...9).contains($0) ? summerRow : winterRow) })
}

@Suite("URDBReader")
struct URDBReaderTests {
    // MARK: fixtures

    @Test func readsSCETOU8OptionD() throws {
        let r = try readFixture("sce-tou-8-option-d-under-2kv.json")
        let t = r.tariff
        #expect(t.label == "674e0b87201c6bd096007a5a")
        #expect(t.utility == "Southern California Edison Co")
        #expect(t.name == "Time-Of-Use - General Service - Large: TOU-8, Option D (Under 2 kV)")
        // rate + adj, exactly: 0.08859 + 0.00114 = 0.08973 $/kWh
        #expect(t.energyRates == [89_730, 123_310, 124_280, 113_430, 141_990, 151_860])
        #expect(t.energyPeriodNames == [])
        #expect(t.demandRates == [0, 8_830_000, 29_540_000])
        #expect(t.flatDemandRates == [25_360_000])
        #expect(t.flatDemandMonths == [Int](repeating: 0, count: 12))
        #expect(t.fixedMonthlyCharge == 447_440_000)
        #expect(t.demandWindowMinutes == 15)
        #expect(t.holidaysAsWeekends == true)
        let item = try foundationItem("sce-tou-8-option-d-under-2kv.json")
        #expect(t.energyWeekdaySchedule == matrix(item, "energyweekdayschedule"))
        #expect(t.energyWeekendSchedule == matrix(item, "energyweekendschedule"))
        #expect(t.demandWeekdaySchedule == matrix(item, "demandweekdayschedule"))
        #expect(t.demandWeekendSchedule == matrix(item, "demandweekendschedule"))
        // summer weekday 16–21 h is on-peak (5), the same hours on weekends mid-peak (4)
        #expect(t.energyWeekdaySchedule[6][16] == 5)
        #expect(t.energyWeekendSchedule[6][16] == 4)
        #expect(t.demandWeekdaySchedule[6][16] == 2)
        #expect(t.demandWeekendSchedule[6][16] == 0)
        // the only thing left out: the reactive power charge, a warning
        #expect(
            r.notices == [
                URDBNotice(
                    file: fixtureDirectory.appendingPathComponent("sce-tou-8-option-d-under-2kv.json").path,
                    field: "items[0].demandreactivepowercharge", value: "0.66", severity: .excluded,
                    message: "reactive power charge ($/kVAR) excluded from the bill: the engine has no kVAR data")
            ])
        #expect(r.isSupported)
        #expect(try r.requireSupported() == t)
        // the reference decides window and holidays
        let other = try readFixture(
            "sce-tou-8-option-d-under-2kv.json",
            reference: TariffReference(urdbFile: "x", demandWindowMinutes: 30, holidaysAsWeekends: false))
        #expect(other.tariff.demandWindowMinutes == 30)
        #expect(other.tariff.holidaysAsWeekends == false)
    }

    @Test func readsSCETOUEV9WithLabelsAndNoTOUDemand() throws {
        let r = try readFixture("sce-tou-ev-9-below-2kv.json")
        let t = r.tariff
        #expect(t.label == "6757525f259975f54b0eccbf")
        #expect(t.energyRates == [117_900, 201_350, 382_250, 191_280, 342_340, 513_240])
        #expect(t.energyPeriodNames == ["Winter Super-Off-Peak", "Winter Off-Peak", "Winter Mid-Peak", "Summer Off-Peak", "Summer Mid-Peak", "Summer On-Peak"])
        #expect(t.energyPeriodName(5) == "Summer On-Peak")
        #expect(t.demandRates.isEmpty && t.demandWeekdaySchedule.isEmpty && t.demandWeekendSchedule.isEmpty)
        #expect(t.flatDemandRates == [0])
        #expect(t.fixedMonthlyCharge == 447_440_000)
        #expect(r.notices.map(\.field) == ["items[0].demandreactivepowercharge"])
        #expect(r.notices.map(\.value) == ["0.52"])
        #expect(r.notices.map(\.severity) == [.excluded])
    }

    @Test func readsLADWPA3WithNetMetering() throws {
        let r = try readFixture("ladwp-a-3.json")
        let t = r.tariff
        #expect(t.label == "67c1f1c74737dd843e060fe8")
        #expect(t.energyRates == [142_970, 159_630, 159_630, 138_550, 158_640, 164_900])
        #expect(t.demandRates == [0, 3_300_000, 4_300_000, 9_700_000])
        #expect(t.flatDemandRates == [8_851_000])  // 4.56 + 4.291
        #expect(t.fixedMonthlyCharge == 75_000_000)
        let item = try foundationItem("ladwp-a-3.json")
        #expect(t.energyWeekdaySchedule == matrix(item, "energyweekdayschedule"))
        #expect(t.demandWeekdaySchedule == matrix(item, "demandweekdayschedule"))
        #expect(t.exportRule == .netMetering)
        #expect(r.notices.isEmpty)
        #expect(r.isSupported)
    }

    @Test func readsConEdSC9WithNetMetering() throws {
        let r = try readFixture("coned-sc-9-zone-j-nyc.json")
        let t = r.tariff
        #expect(t.label == "67b78db9c1ba7352cd0c0853")
        #expect(t.energyRates == [132_710])  // 0.10171 + 0.031
        #expect(t.demandRates == [0, 27_750_000, 27_400_000, 50_180_000])
        #expect(t.flatDemandRates == [7_510_000, 26_200_000])
        #expect(t.flatDemandMonths == [0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0])
        #expect(t.fixedMonthlyCharge == 71_000_000)
        #expect(t.exportRule == .netMetering)
        #expect(r.notices.isEmpty)
    }

    // MARK: malformed input

    @Test func missingItemsIsAnError() throws {
        let e = try #require(readError("{\"item\": []}"))
        #expect(e.field == "items")
        #expect(e.description == "bad.json: items: saw no such field; expected a URDB API response {\"items\": [rate]} with one rate")
        #expect(readError("{\"items\": []}")?.description == "bad.json: items: saw 0 rates; expected exactly one rate (fetch one rate with getpage=<label>)")
        #expect(readError("[1]")?.field == "(document)")
    }

    @Test func wrongScheduleShapeIsAnError() throws {
        let elevenRows = rows((1...11).map { _ in winterRow })
        #expect(
            readError(rateJSON(["energyweekdayschedule": elevenRows]))?.description
                == "bad.json: items[0].energyweekdayschedule: saw 11 rows; expected a 12×24 matrix of energy period indices (12 months × 24 hours)")
        let long = "[1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,2,2,2,2,2,1,1,1,1,1]"
        #expect(
            readError(rateJSON(["energyweekdayschedule": energySchedule(row: 3, long)]))?.description
                == "bad.json: items[0].energyweekdayschedule[3][24]: saw 1; expected no entry: a month row has 24 hours, [0]…[23] (row has 26)")
        let short = "[1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,2,2,2,2,2,1,1]"
        #expect(
            readError(rateJSON(["energyweekendschedule": energySchedule(row: 11, short)]))?.description
                == "bad.json: items[0].energyweekendschedule[11]: saw 23 entries; expected 24 hourly energy period indices")
        #expect(
            readError(rateJSON(["demandweekdayschedule": "\"none\""]))?.description
                == "bad.json: items[0].demandweekdayschedule: saw \"none\"; expected a 12×24 matrix of demand period indices (12 months × 24 hours)")
        #expect(readError(rateJSON(["flatdemandmonths": "[0,0,0]"]))?.description
            == "bad.json: items[0].flatdemandmonths: saw 3 entries; expected 12 values (flat demand period index), one per month")
    }

    @Test func missingScheduleIsAnError() {
        #expect(
            readError(rateJSON(["energyweekendschedule": nil]))?.description
                == "bad.json: items[0].energyweekendschedule: saw no such field; expected a 12×24 matrix of energy period indices (12 months × 24 hours)")
        #expect(readError(rateJSON(["demandweekdayschedule": nil]))?.field == "items[0].demandweekdayschedule")
        #expect(readError(rateJSON(["energyratestructure": nil]))?.field == "items[0].energyratestructure")
        #expect(readError(rateJSON(["flatdemandmonths": nil]))?.field == "items[0].flatdemandmonths")
    }

    @Test func periodIndexOutOfRangeIsAnError() {
        let bad = "[3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,6,5,5,5,5,3,3,3]"
        #expect(
            readError(rateJSON(["energyweekdayschedule": energySchedule(row: 6, bad)]))?.description
                == "bad.json: items[0].energyweekdayschedule[6][16]: saw 6; expected an energy period index 0…5 (the rate structure has 6 periods)")
        let demand = rows((0..<12).map { m in
            "[" + (0..<24).map { h in m == 2 && h == 5 ? "2" : "0" }.joined(separator: ",") + "]"
        })
        #expect(
            readError(rateJSON(["demandweekendschedule": demand]))?.description
                == "bad.json: items[0].demandweekendschedule[2][5]: saw 2; expected a demand period index 0…1 (the rate structure has 2 periods)")
        #expect(readError(rateJSON(["flatdemandmonths": "[0,0,0,0,0,1,0,0,0,0,0,0]"]))?.field == "items[0].flatdemandmonths[5]")
        #expect(readError(rateJSON(["energyweekdayschedule": energySchedule(row: 0, winterRow.replacingOccurrences(of: "[1,", with: "[-1,"))]))?.field
            == "items[0].energyweekdayschedule[0][0]")
        #expect(readError(rateJSON(["energyweekdayschedule": energySchedule(row: 0, winterRow.replacingOccurrences(of: "[1,", with: "[1.5,"))]))?.value
            == "1.5")
    }

    @Test func nonNumericOrInexactRateIsAnError() {
        let s = "[[{\"rate\":0.08859}],[{\"rate\":0.1}],[{\"rate\":\"0.12314\"}],[{\"rate\":0.1}],[{\"rate\":0.1}],[{\"rate\":0.1}]]"
        #expect(
            readError(rateJSON(["energyratestructure": s]))?.description
                == "bad.json: items[0].energyratestructure[2][0].rate: saw \"0.12314\"; expected a number")
        let fine = "[[{\"rate\":0.08859}],[{\"rate\":0.1}],[{\"rate\":0.1,\"adj\":0.0000001}],[{\"rate\":0.1}],[{\"rate\":0.1}],[{\"rate\":0.1}]]"
        #expect(
            readError(rateJSON(["energyratestructure": fine]))?.description
                == "bad.json: items[0].energyratestructure[2][0].adj: saw 0.0000001; expected a number with at most 6 decimals from −1000000 to 1000000 (a rate in $/kWh)")
        #expect(readError(rateJSON(["fixedchargefirstmeter": "true"]))?.field == "items[0].fixedchargefirstmeter")
        #expect(readError(rateJSON(["energyratestructure": "[]"]))?.field == "items[0].energyratestructure")
        #expect(readError(rateJSON(["demandratestructure": "[[]]"]))?.field == "items[0].demandratestructure[0]")
    }

    @Test func syntaxErrorNamesTheLine() {
        let e = readError("{\"items\": [\n  {\"label\": 1,,}]}")
        #expect(e?.field == "JSON text at line 2, column 15 (byte 26)")
        #expect(e?.expected == "a member name in quotes")
        #expect(readError("{\"items\": [")?.value == "end of file")
    }

    // MARK: exact numbers

    @Test func ratesAreExactDecimals() throws {
        let s = "[[{\"rate\":8.859e-2,\"adj\":1.14E-3}],[{\"rate\":0.12217000000,\"adj\":-0.00114}],[{\"rate\":0}],[{\"adj\":0.5}],[{\"rate\":1e0}],[{\"rate\":123456.123456}]]"
        let t = try read(rateJSON(["energyratestructure": s])).tariff
        #expect(t.energyRates == [89_730, 121_030, 0, 500_000, 1_000_000, 123_456_123_456])
        #expect(URDBDecimal.fixed("0.1", scale: 6) == 100_000)
        #expect(URDBDecimal.fixed("-0.0000005", scale: 6) == nil)
        #expect(URDBDecimal.fixed("0.00000000", scale: 6) == 0)
        #expect(URDBDecimal.fixed("1e30", scale: 6) == nil)
        #expect(URDBDecimal.fixed("447.44", scale: 6) == 447_440_000)
    }

    @Test func legacyFixedMonthlyChargeAndDemandWindow() throws {
        let legacy = try read(rateJSON(["fixedchargefirstmeter": nil, "fixedchargeunits": nil, "fixedmonthlycharge": "259.2"]))
        #expect(legacy.tariff.fixedMonthlyCharge == 259_200_000)
        #expect(legacy.notices.isEmpty)
        #expect(try read(rateJSON(["demandwindow": "\"15\""])).notices.isEmpty)
        let w = try read(rateJSON(["demandwindow": "30"]))
        #expect(w.notices.map(\.field) == ["items[0].demandwindow"])
        #expect(w.notices.map(\.severity) == [.unsupported])
    }

    // MARK: every URDB feature, read into the model

    @Test func readsTiersRatchetsCoincidentMinimumAndExportRules() throws {
        let tiers = "[[{\"rate\":0.1,\"max\":20000,\"unit\":\"kWh\"},{\"rate\":0.12,\"max\":1e38}],[{\"rate\":0.1,\"unit\":\"kWh daily\",\"max\":30},{\"rate\":0.2}],"
            + "[{\"rate\":0.1,\"sell\":0.05}],[{\"rate\":0.1}],[{\"rate\":0.1}],[{\"rate\":0.1}]]"
        let r = try read(
            rateJSON([
                "energyratestructure": tiers,
                "demandratestructure": "[[{\"rate\":0}],[{\"rate\":8.83,\"max\":100},{\"rate\":9}]]",
                "lookbackpercent": "0.8", "lookbackrange": "11",
                "coincidentratestructure": "[[{\"rate\":0.79}]]",
                "coincidentschedule": zeroSchedule,
                "mincharge": "10", "minchargeunits": "\"$/month\"",
                "dgrules": "\"Net Billing Hourly\"",
                "fixedchargeunits": "\"$/day\"",
                "demandreactivepowercharge": "0.66",
                "fueladjustmentsmonthly": "[0.01]",
                "demandunits": "\"kVA\"",
            ]))
        let t = r.tariff
        #expect(t.energy.periods[0] == [EnergyTier(limit: 20_000_000_000, price: 100_000), EnergyTier(price: 120_000)])
        #expect(t.energy.periods[1] == [EnergyTier(limit: 30_000_000, unit: .kWhDaily, price: 100_000), EnergyTier(unit: .kWhDaily, price: 200_000)])
        #expect(t.energy.periods[2] == [EnergyTier(price: 100_000, sell: 50_000)])
        #expect(t.touDemand?.periods[1] == [DemandTier(limit: 100_000_000, price: 8_830_000), DemandTier(price: 9_000_000)])
        #expect(t.ratchet == DemandRatchet(percentByMonth: [Int64](repeating: 800_000, count: 12), lookbackCycles: 11))
        #expect(t.coincidentDemand?.periods == [[DemandTier(price: 790_000)]])
        #expect(t.minimumCharge == PeriodicCharge(amount: 10_000_000, unit: .perMonth))
        #expect(t.fixedCharge == PeriodicCharge(amount: 447_440_000, unit: .perDay))
        #expect(t.exportRule == .netBillingHourly)
        let got = r.notices.map { "\($0.severity.rawValue) \($0.field) = \($0.value)" }
        #expect(
            got == [
                "unsupported items[0].demandunits = \"kVA\"",
                "excluded items[0].demandreactivepowercharge = 0.66",
                "excluded items[0].fueladjustmentsmonthly = [0.01]",
            ])
        let e = #expect(throws: URDBUnsupportedError.self) { try r.requireSupported() }
        #expect(e?.notices.count == 1)
        // v7 ratchet percentages per month, as fractions or percent
        let v7 = try read(rateJSON(["demandratchetpercentage": "[0,0,0,0,0,80,80,80,0.8,0,0,0]"])).tariff
        #expect(v7.ratchet?.percentByMonth == [0, 0, 0, 0, 0, 800_000, 800_000, 800_000, 800_000, 0, 0, 0])
        // v8 look-back months
        let months = "[false,false,false,false,false,true,true,true,true,false,false,false]"
        let v8 = try read(rateJSON(["lookbackpercent": "0.5", "lookbackmonths": months])).tariff
        #expect(v8.ratchet?.lookbackMonths == [false, false, false, false, false, true, true, true, true, false, false, false])
        #expect(v8.ratchet?.lookbackCycles == 12)
    }

    @Test func badTiersAndUnitsAreErrors() {
        #expect(
            readError(rateJSON(["energyratestructure": "[[{\"rate\":0.1,\"max\":200},{\"rate\":0.2,\"max\":100},{\"rate\":0.3}]]"]))?.description
                == "bad.json: items[0].energyratestructure[0][1].max: saw 100; expected a tier limit above the previous tier's (limits are cumulative)")
        #expect(
            readError(rateJSON(["energyratestructure": "[[{\"rate\":0.1},{\"rate\":0.2}]]"]))?.field == "items[0].energyratestructure[0][0]")
        #expect(
            readError(rateJSON(["energyratestructure": "[[{\"rate\":0.1,\"unit\":\"therms\"}]]"]))?.description
                == "bad.json: items[0].energyratestructure[0][0].unit: saw \"therms\"; expected one of \"kWh\", \"kWh daily\", \"kWh/kW\", \"kWh/kW daily\"")
        #expect(readError(rateJSON(["fixedchargeunits": "\"$/week\""]))?.field == "items[0].fixedchargeunits")
        #expect(readError(rateJSON(["dgrules": "\"Net Magic\""]))?.field == "items[0].dgrules")
    }

    @Test func zeroValuedOptionalChargesAreNotReported() throws {
        let r = try read(
            rateJSON([
                "mincharge": "0", "minmonthlycharge": "0", "demandratchetpercentage": "[0,0,0,0,0,0,0,0,0,0,0,0]",
                "lookbackpercent": "0", "lookbackrange": "0", "coincidentratestructure": "[]",
                "demandreactivepowercharge": "0", "energyattrs": "[]", "usenetmetering": "false",
                "energyratestructure":
                    "[[{\"rate\":0.1,\"sell\":0}],[{\"rate\":0.1}],[{\"rate\":0.1}],[{\"rate\":0.1}],[{\"rate\":0.1}],[{\"rate\":0.1}]]",
            ]))
        #expect(r.notices == [])
    }

    // MARK: PySAM cross-check

    /// SCE TOU-8 read by the reader and billed by the engine, against NREL PySAM 7.1.1.post1
    /// (Utilityrate5), whose numbers below were printed by `scripts/pysam_tou8_month.py` (run with
    /// `pip install nrel-pysam`). PySAM has no holidays and no DST and treats 1 January as a Monday, so the
    /// engine bills 2018 (which starts on a Monday) in a fixed UTC−8 zone with no holidays; the hourly load
    /// makes PySAM's per-step demand the 60-minute average.
    @Test func matchesPySAMForJanuaryAndJuly2018() throws {
        let reference = TariffReference(urdbFile: "sce-tou-8-option-d-under-2kv.json", demandWindowMinutes: 60, holidaysAsWeekends: false)
        let tariff = try readFixture("sce-tou-8-option-d-under-2kv.json", reference: reference).tariff
        let zone = MarketTimeZone(identifier: "UTC-8 fixed", standardOffsetSeconds: -8 * 3600, observesDST: false)
        let calc = BillCalculator(tariff: tariff, calendar: MarketCalendar(timeZone: zone, holidays: []))
        // load(d, h) = 500 + 20·((7h + 11d) mod 17) + 200 on Wednesdays (d mod 7 = 2) at 17:00, kW = kWh per hour
        let grid = IntervalGrid(start: Instant(utc: LocalDate(year: 2018, month: 1, day: 1), hour: 8), seconds: 3600, count: 8760)
        var e = ContiguousArray<Int64>()
        for k in 0..<8760 {
            let d = k / 24, h = k % 24
            e.append(Int64(500 + 20 * ((7 * h + 11 * d) % 17) + (d % 7 == 2 && h == 17 ? 200 : 0)) * 1_000_000)
        }
        let series = EnergySeries(grid: grid, microKWh: e)
        func cents(_ b: RetailBill, _ code: String) -> Int64? { b.line(code: code).map { Money(micros: $0.amountMicros).cents } }

        // PySAM month 1: energy 55273.92 (periods 1–3: 163920 kWh $14708.54, 225100 kWh $27757.08,
        // 103060 kWh $12808.30), dcTOU 8830.00, dcFlat 25360.00, fixed 447.44, total 89911.36
        let jan = calc.bill(netImport: series, year: 2018, month: 1, label: "Jan 2018")
        #expect(jan.line(code: "ENERGY-P0")?.quantity == 163_920_000_000)
        #expect(jan.line(code: "ENERGY-P1")?.quantity == 225_100_000_000)
        #expect(jan.line(code: "ENERGY-P2")?.quantity == 103_060_000_000)
        #expect(cents(jan, "ENERGY-P0") == 1_470_854)
        #expect(cents(jan, "ENERGY-P1") == 2_775_708)
        #expect(cents(jan, "ENERGY-P2") == 1_280_830)
        #expect(cents(jan, "DEMAND-TOU-P1") == 883_000)
        #expect(cents(jan, "DEMAND-FACILITY") == 2_536_000)
        #expect(cents(jan, "FIXED") == 44_744)
        #expect(jan.total.cents == 8_991_136)

        // PySAM month 7: energy 59452.90 (periods 4–6: 388440 kWh $44060.75, 29580 kWh $4200.06,
        // 73700 kWh $11192.08), dcTOU 27176.80, dcFlat 23331.20, fixed 447.44, total 110408.34
        let jul = calc.bill(netImport: series, year: 2018, month: 7, label: "Jul 2018")
        #expect(jul.line(code: "ENERGY-P3")?.quantity == 388_440_000_000)
        #expect(jul.line(code: "ENERGY-P4")?.quantity == 29_580_000_000)
        #expect(jul.line(code: "ENERGY-P5")?.quantity == 73_700_000_000)
        #expect(cents(jul, "ENERGY-P3") == 4_406_075)
        #expect(cents(jul, "ENERGY-P4") == 420_006)
        #expect(cents(jul, "ENERGY-P5") == 1_119_208)
        #expect(cents(jul, "DEMAND-TOU-P2") == 2_717_680)
        #expect(jul.line(code: "DEMAND-TOU-P2")?.quantity == 920_000_000)
        #expect(cents(jul, "DEMAND-FACILITY") == 2_333_120)
        // PySAM adds the exact energy charges before rounding (59452.8954 → 59452.90); the engine rounds each
        // line (44060.75 + 4200.06 + 11192.08 = 59452.89), so its total is one cent below PySAM's 110408.34.
        let energyExact = jul.lines.filter { $0.kind == .energy }.reduce(Money.zero) { $0 + Money(micros: $1.amountMicros) }
        #expect(energyExact.cents == 5_945_290)
        #expect(jul.total.cents == 11_040_834 - 1)
    }
}

// MARK: - Ranges and limits (docs/rules.md "URDB ranges and limits")

@Suite("URDBReaderBounds")
struct URDBReaderBoundsTests {
    /// `energyratestructure` with its first tier replaced by `tier` (raw JSON), the other five periods as usual.
    static func energy(firstTier tier: String) -> String {
        "[[\(tier)],[{\"rate\":0.12217}],[{\"rate\":0.12314}],[{\"rate\":0.11229}],[{\"rate\":0.14085}],[{\"rate\":0.15072}]]"
    }

    @Test func rateAndAdjustmentBeyondTheRangeAreRefusedNotAdded() {
        // Each fits in 64 bits of µ$, their sum does not: this used to trap adding them.
        let sum = readError(rateJSON(["energyratestructure": Self.energy(firstTier: "{\"rate\":9000000000000,\"adj\":9000000000000}")]))
        #expect(sum?.field == "items[0].energyratestructure[0][0].rate")
        #expect(sum?.expected.contains("from −1000000 to 1000000") == true)
        // Too big for fixed point at all: the expectation names the range, not only the decimals.
        let huge = readError(rateJSON(["energyratestructure": Self.energy(firstTier: "{\"rate\":1e308}")]))
        #expect(huge?.field == "items[0].energyratestructure[0][0].rate")
        #expect(huge?.value == "1e308")
        #expect(huge?.expected.contains("from −1000000 to 1000000") == true)
        // A sell rate and a fixed charge are bounded too.
        let sell = readError(rateJSON(["energyratestructure": Self.energy(firstTier: "{\"rate\":0.1,\"sell\":-2000000}")]))
        #expect(sell?.field == "items[0].energyratestructure[0][0].sell")
        let fixed = readError(rateJSON(["fixedchargefirstmeter": "9000000000000"]))
        #expect(fixed?.field == "items[0].fixedchargefirstmeter")
        // In range: read exactly.
        #expect(readError(rateJSON(["energyratestructure": Self.energy(firstTier: "{\"rate\":999999.5,\"adj\":-999999.5}")])) == nil)
    }

    @Test func tierLimitsOutsideTheRangeAreRefused() {
        // Not the last tier: a limit of 1e9 kWh or more is the tools' "no limit" and belongs on the last tier.
        let big = readError(rateJSON(["energyratestructure": Self.energy(firstTier: "{\"rate\":0.1,\"max\":4611686018427},{\"rate\":0.2}")]))
        #expect(big?.field == "items[0].energyratestructure[0][0].max")
        let negative = readError(rateJSON(["energyratestructure": Self.energy(firstTier: "{\"rate\":0.1,\"max\":-1},{\"rate\":0.2}")]))
        #expect(negative?.field == "items[0].energyratestructure[0][0].max")
    }

    @Test func demandWindowOutsideOneDayIsAnError() {
        // 2^62 minutes used to be read and only compared with the site file's window.
        let e = readError(rateJSON(["demandwindow": "4611686018427387904"]))
        #expect(e?.field == "items[0].demandwindow")
        #expect(e?.expected.contains("1440") == true)
        #expect(readError(rateJSON(["demandwindow": "0"]))?.field == "items[0].demandwindow")
    }

    @Test func ratchetPercentagesAreNotTruncated() throws {
        // 80.000001 % is 800 000.01 parts per million: it used to be cut to 800 000 without a word.
        let months = "[" + [String](repeating: "80.000001", count: 12).joined(separator: ",") + "]"
        #expect(readError(rateJSON(["demandratchetpercentage": months]))?.field == "items[0].demandratchetpercentage[0]")
        #expect(readError(rateJSON(["lookbackpercent": "80.000001"]))?.field == "items[0].lookbackpercent")
        // Whole parts per million read exactly, as a percentage or a fraction.
        let exact = try read(rateJSON(["lookbackpercent": "80.0001"]))
        #expect(exact.tariff.ratchet?.percentByMonth.first == 800_001)
        #expect(try read(rateJSON(["lookbackpercent": "0.800001"])).tariff.ratchet?.percentByMonth.first == 800_001)
    }

    @Test func minimumBillingDemandThatOverflowsIsAnError() {
        // The site file's minimum billing demand in kW is scaled to µkW here; Int.max kW used to trap.
        let reference = TariffReference(urdbFile: "t.json", demandWindowMinutes: 15, minimumBillingDemandKW: Int.max)
        var thrown: URDBReadError? = nil
        do { _ = try read(rateJSON(), reference: reference) } catch { thrown = error }
        #expect(thrown?.field.contains("minimumBillingDemandKW") == true)
        #expect(thrown?.value == String(Int.max))
    }
}
