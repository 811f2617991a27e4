import Foundation
import Testing

@testable import GridSettleCore

// Bills SCE TOU-8 Option D (URDB 674e0b87201c6bd096007a5a) on synthetic 5-minute net-import months in
// America/Los_Angeles and checks every line against a reference computed here by straightforward code:
// the URDB JSON is read with Foundation's JSONSerialization, local time comes from Foundation's tz
// database (not from MarketTimeZone), holidays are listed by hand, and amounts are rounded to cents
// straight from the exact product. The same tariff read by GridSettleFormats.URDBReader is checked
// field for field against this JSON, and billed end to end, in GridSettleFormatsTests/URDBReaderTests.

// MARK: - The tariff, straight from the URDB JSON

/// Tests/GridSettleFormatsTests/Fixtures/urdb/, found from this file's path (no SwiftPM resources).
private let urdbFixtureDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("GridSettleFormatsTests/Fixtures/urdb")

/// The TOU-8 rate item as Foundation reads it.
private struct RawURDB {
    let item: [String: Any]

    init() throws {
        let url = urdbFixtureDirectory.appendingPathComponent("sce-tou-8-option-d-under-2kv.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let items = try #require(root["items"] as? [[String: Any]])
        item = try #require(items.first)
    }

    /// $ (Double from the JSON) → µ$; the rates have at most 5 decimals, so this is exact.
    static func micros(_ any: Any?) -> Int64 {
        guard let d = (any as? NSNumber)?.doubleValue else { return 0 }
        let r = (d * 1e6).rounded()
        precondition(abs(d * 1e6 - r) < 1e-6, "\(d) has more than 6 decimals")
        return Int64(r)
    }

    func rates(_ key: String) -> [Int64] {
        (item[key] as! [[[String: Any]]]).map { RawURDB.micros($0[0]["rate"]) + RawURDB.micros($0[0]["adj"]) }
    }

    func schedule(_ key: String) -> [[Int]] { (item[key] as! [[NSNumber]]).map { $0.map(\.intValue) } }

    var tariff: Tariff {
        Tariff(
            label: item["label"] as! String, utility: item["utility"] as! String, name: item["name"] as! String,
            energyRates: rates("energyratestructure"),
            energyWeekdaySchedule: schedule("energyweekdayschedule"),
            energyWeekendSchedule: schedule("energyweekendschedule"),
            demandRates: rates("demandratestructure"),
            demandWeekdaySchedule: schedule("demandweekdayschedule"),
            demandWeekendSchedule: schedule("demandweekendschedule"),
            flatDemandRates: rates("flatdemandstructure"),
            flatDemandMonths: (item["flatdemandmonths"] as! [NSNumber]).map(\.intValue),
            fixedMonthlyCharge: RawURDB.micros(item["fixedchargefirstmeter"]),
            demandWindowMinutes: 15, holidaysAsWeekends: true)
    }
}

// MARK: - Local time from the system tz database

private struct LocalParts {
    var year, month, day, hour, minute: Int
    /// 1 = Sunday … 7 = Saturday (Foundation).
    var weekday: Int
    var dateKey: String { String(format: "%04d-%02d-%02d", year, month, day) }
}

private let laCalendar: Calendar = {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = TimeZone(identifier: "America/Los_Angeles")!
    return c
}()

private func localParts(_ utcSeconds: Int64, _ cal: Calendar = laCalendar) -> LocalParts {
    let c = cal.dateComponents(
        [.year, .month, .day, .hour, .minute, .weekday], from: Date(timeIntervalSince1970: TimeInterval(utcSeconds)))
    return LocalParts(year: c.year!, month: c.month!, day: c.day!, hour: c.hour!, minute: c.minute!, weekday: c.weekday!)
}

/// UTC seconds of local midnight starting a date, from the tz database.
private func localMidnight(_ y: Int, _ m: Int, _ d: Int, _ cal: Calendar = laCalendar) -> Int64 {
    Int64(cal.date(from: DateComponents(year: y, month: m, day: d))!.timeIntervalSince1970)
}

/// A 5-minute series from one local day before the month to one day after, valued by `energy`.
private func fiveMinuteSeries(year: Int, month: Int, _ energy: (LocalParts) -> Int64) -> EnergySeries {
    let first = localMidnight(year, month, 1) - 86_400
    let next = month == 12 ? localMidnight(year + 1, 1, 1) : localMidnight(year, month + 1, 1)
    let grid = IntervalGrid(
        start: Instant(secondsSinceEpoch: first), end: Instant(secondsSinceEpoch: next + 86_400), seconds: 300)
    var e = ContiguousArray<Int64>()
    e.reserveCapacity(grid.count)
    for i in 0..<grid.count { e.append(energy(localParts(grid.startOf(i).secondsSinceEpoch))) }
    return EnergySeries(grid: grid, microKWh: e)
}

// MARK: - The reference bill

/// The bill computed the plain way: each interval's local hour and day type pick the period in the URDB
/// schedules; demand is the average of each UTC-aligned 15-minute window; amounts are rounded to cents
/// once, from the exact product.
private struct ReferenceBill {
    var energyMicroKWh: [Int: Int64] = [:]
    var exportMicroKWh: Int64 = 0
    var intervals = 0
    var touPeakMicroKW: [Int: Int64] = [:]
    var flatPeakMicroKW: Int64 = 0
    /// Line code → cents.
    var cents: [String: Int64] = [:]
    var totalCents: Int64 { cents.values.reduce(0, +) }

    init(raw: RawURDB, series: EnergySeries, year: Int, month: Int, holidays: Set<String>) {
        let item = raw.item
        let eRates = raw.rates("energyratestructure")
        let dRates = raw.rates("demandratestructure")
        let flatRates = raw.rates("flatdemandstructure")
        let eWeekday = raw.schedule("energyweekdayschedule"), eWeekend = raw.schedule("energyweekendschedule")
        let dWeekday = raw.schedule("demandweekdayschedule"), dWeekend = raw.schedule("demandweekendschedule")
        var windows: [Int64: (energy: Int64, parts: LocalParts)] = [:]
        func offDay(_ p: LocalParts) -> Bool { p.weekday == 1 || p.weekday == 7 || holidays.contains(p.dateKey) }
        for i in 0..<series.count {
            let t = series.grid.startOf(i).secondsSinceEpoch
            let p = localParts(t)
            guard p.year == year && p.month == month, series.quality[i] != .missing else { continue }
            intervals += 1
            let e = series.microKWh[i]
            let period = (offDay(p) ? eWeekend : eWeekday)[month - 1][p.hour]
            if e > 0 { energyMicroKWh[period, default: 0] += e } else { exportMicroKWh -= e }
            let w = t - t % 900
            let partsOfWindow = windows[w]?.parts ?? localParts(w)
            windows[w] = ((windows[w]?.energy ?? 0) + e, partsOfWindow)
        }
        for (_, w) in windows {
            let kw = max(0, w.energy) * 4  // µkWh over 15 min → µkW
            let dp = (offDay(w.parts) ? dWeekend : dWeekday)[month - 1][w.parts.hour]
            touPeakMicroKW[dp] = max(touPeakMicroKW[dp] ?? 0, kw)
            flatPeakMicroKW = max(flatPeakMicroKW, kw)
        }
        // µ × µ$ = 10⁻¹² $; cents = round(x / 10¹⁰), half up (all amounts here are positive)
        func toCents(_ a: Int64, _ b: Int64) -> Int64 { Int64((Int128(a) * Int128(b) + 5_000_000_000) / 10_000_000_000) }
        cents["FIXED"] = (RawURDB.micros(item["fixedchargefirstmeter"]) + 5_000) / 10_000
        for (p, kwh) in energyMicroKWh where kwh > 0 { cents["ENERGY-P\(p)"] = toCents(kwh, eRates[p]) }
        for (p, kw) in touPeakMicroKW where dRates[p] > 0 { cents["DEMAND-TOU-P\(p)"] = toCents(kw, dRates[p]) }
        let flatPeriod = (item["flatdemandmonths"] as! [NSNumber])[month - 1].intValue
        cents["DEMAND-FACILITY"] = toCents(flatPeakMicroKW, flatRates[flatPeriod])
    }
}

private func cents(_ line: BillLine?) -> Int64? { line.map { Money(micros: $0.amountMicros).cents } }

/// Every line of `bill` equals the reference to the cent, and there are no other lines.
private func expectMatches(_ bill: RetailBill, _ ref: ReferenceBill, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(Set(bill.lines.map(\.code)) == Set(ref.cents.keys), sourceLocation: sourceLocation)
    for line in bill.lines {
        #expect(cents(line) == ref.cents[line.code], "line \(line.code)", sourceLocation: sourceLocation)
    }
    for (p, kwh) in ref.energyMicroKWh where kwh > 0 {
        #expect(bill.line(code: "ENERGY-P\(p)")?.quantity == kwh, "kWh of period \(p)", sourceLocation: sourceLocation)
    }
    for (p, kw) in ref.touPeakMicroKW where ref.cents["DEMAND-TOU-P\(p)"] != nil {
        #expect(bill.line(code: "DEMAND-TOU-P\(p)")?.quantity == kw, "kW of demand period \(p)", sourceLocation: sourceLocation)
    }
    #expect(bill.line(code: "DEMAND-FACILITY")?.quantity == ref.flatPeakMicroKW, sourceLocation: sourceLocation)
    #expect(bill.uncreditedExportMicroKWh == ref.exportMicroKWh, sourceLocation: sourceLocation)
    #expect(bill.total.cents == ref.totalCents, sourceLocation: sourceLocation)
}

// MARK: - Profiles

/// July 2016: 360–504 kW base load with µkWh noise; exports on Sunday late mornings; a 900 kW weekday
/// on-peak window, a 1008 kW Saturday noon window (the facility peak), a 960 kW window on the 4 July
/// holiday at 18:00 (on-peak hours, but a holiday bills as a weekend), and one 5-minute 1500 kW spike
/// whose 15-minute average is only ≤ 836 kW.
private func julyProfile(_ p: LocalParts) -> Int64 {
    let slot = p.minute / 5
    var e = Int64(30 + (7 * p.hour + 11 * p.day + 3 * slot) % 13) * 1_000_000 + Int64((p.day * 37 + p.hour * 5 + slot) % 1000)
    if p.weekday == 1 && (p.hour == 11 || p.hour == 12) { e = -10_000_000 }
    guard p.year == 2016 && p.month == 7 else { return e }
    if p.day == 12 && p.hour == 17 && p.minute < 15 { e = 75_000_000 }  // Tue, 900 kW on-peak
    if p.day == 4 && p.hour == 18 && p.minute < 15 { e = 80_000_000 }  // Mon holiday, 960 kW
    if p.day == 9 && p.hour == 12 && p.minute < 15 { e = 84_000_000 }  // Sat noon, 1008 kW
    if p.day == 13 && p.hour == 18 && p.minute == 5 { e = 125_000_000 }  // Wed, 1500 kW for 5 minutes
    return e
}

/// January 2016 (winter: the weekday and weekend schedules are the same): a 700 kW window at 17:30 on
/// Wed 13 January (mid-peak demand period 16–21 h) and an 800 kW window at 03:00 on Wed 20 January (the
/// facility peak, in the $0 demand period).
private func januaryProfile(_ p: LocalParts) -> Int64 {
    var e = Int64(25 + (5 * p.hour + 3 * p.day + p.minute / 5) % 11) * 1_000_000 + Int64((p.day * 53 + p.minute) % 997)
    guard p.year == 2016 && p.month == 1 else { return e }
    if p.day == 13 && p.hour == 17 && (30..<45).contains(p.minute) { e = Int64(700_000_000 / 12) }
    if p.day == 13 && p.hour == 17 && p.minute == 30 { e = 700_000_000 / 4 - 2 * Int64(700_000_000 / 12) }
    if p.day == 20 && p.hour == 3 && p.minute < 15 { e = 800_000_000 / 12 + (p.minute == 0 ? 2 : 0) }
    return e
}

private let holidays2016: Set<String> = ["2016-01-01", "2016-05-30", "2016-07-04", "2016-09-05", "2016-11-24", "2016-12-26"]

@Suite("BillCalculator: SCE TOU-8 Option D")
struct BillCalculatorTests {
    private let raw: RawURDB
    private let tariff: Tariff
    private let calendar = MarketCalendar(market: .caiso)

    init() throws {
        raw = try RawURDB()
        tariff = raw.tariff
    }

    @Test func julySummerBillMatchesReferenceToTheCent() throws {
        let series = fiveMinuteSeries(year: 2016, month: 7, julyProfile)
        let bill = BillCalculator(tariff: tariff, calendar: calendar).bill(netImport: series, year: 2016, month: 7, label: "Jul")
        let ref = ReferenceBill(raw: raw, series: series, year: 2016, month: 7, holidays: holidays2016)
        expectMatches(bill, ref)
        #expect(ref.intervals == 31 * 288)

        // summer: energy periods 3 (off-peak), 4 (weekend/holiday mid-peak 16–21), 5 (weekday on-peak 16–21)
        #expect(Set(bill.lines.map(\.code)) == ["FIXED", "ENERGY-P3", "ENERGY-P4", "ENERGY-P5", "DEMAND-FACILITY", "DEMAND-TOU-P2"])
        // the on-peak demand is the Tuesday 17:00 window, 900 kW × $29.54
        let onPeak = try #require(bill.line(code: "DEMAND-TOU-P2"))
        #expect(onPeak.quantity == 900_000_000)
        #expect(onPeak.unitPrice == 29_540_000)
        #expect(cents(onPeak) == 2_658_600)
        let peakStart = Instant(secondsSinceEpoch: localMidnight(2016, 7, 12) + 17 * 3600)
        #expect(onPeak.runs == [IntervalRun(start: peakStart, seconds: 900, count: 1)])
        // the facility demand is the Saturday noon window, 1008 kW × $25.36 — not the 1500 kW 5-minute spike
        let facility = try #require(bill.line(code: "DEMAND-FACILITY"))
        #expect(facility.quantity == 1_008_000_000)
        #expect(cents(facility) == 2_556_288)
        #expect(cents(bill.line(code: "FIXED")) == 44_744)
        // exports (Sunday 11–13 h, 10 kWh per 5 minutes) are listed, not credited: 5 Sundays × 24 intervals
        #expect(bill.uncreditedExportMicroKWh == 5 * 24 * 10_000_000)
    }

    @Test func holidayBillsOnTheWeekendSchedule() throws {
        let series = fiveMinuteSeries(year: 2016, month: 7, julyProfile)
        let withHolidays = BillCalculator(tariff: tariff, calendar: calendar).bill(netImport: series, year: 2016, month: 7, label: "")
        let noHolidays = BillCalculator(tariff: tariff, calendar: MarketCalendar(market: .caiso, holidays: []))
            .bill(netImport: series, year: 2016, month: 7, label: "")
        // 4 July 2016 is a Monday: as a holiday its 18:00 960 kW window is in the $0 demand period
        #expect(withHolidays.line(code: "DEMAND-TOU-P2")?.quantity == 900_000_000)
        #expect(noHolidays.line(code: "DEMAND-TOU-P2")?.quantity == 960_000_000)
        // and its 16–21 h energy moves from on-peak (5) to weekend mid-peak (4)
        var holidayPeakHours: Int64 = 0
        for i in 0..<series.count {
            let p = localParts(series.grid.startOf(i).secondsSinceEpoch)
            if p.month == 7 && p.day == 4 && (16..<21).contains(p.hour) { holidayPeakHours += series.microKWh[i] }
        }
        #expect(holidayPeakHours > 0)
        let d4 = (withHolidays.line(code: "ENERGY-P4")?.quantity ?? 0) - (noHolidays.line(code: "ENERGY-P4")?.quantity ?? 0)
        let d5 = (noHolidays.line(code: "ENERGY-P5")?.quantity ?? 0) - (withHolidays.line(code: "ENERGY-P5")?.quantity ?? 0)
        #expect(d4 == holidayPeakHours)
        #expect(d5 == holidayPeakHours)
        // the reference without holidays agrees too
        expectMatches(noHolidays, ReferenceBill(raw: raw, series: series, year: 2016, month: 7, holidays: []))
        // the rate in force at 17:00 on the holiday is the weekend mid-peak rate 0.14085 + 0.00114
        let calc = BillCalculator(tariff: tariff, calendar: calendar)
        #expect(calc.energyRate(at: Instant(secondsSinceEpoch: localMidnight(2016, 7, 4) + 17 * 3600)) == 141_990)
        #expect(calc.energyRate(at: Instant(secondsSinceEpoch: localMidnight(2016, 7, 5) + 17 * 3600)) == 151_860)
    }

    @Test func januaryWinterBillMatchesReferenceToTheCent() throws {
        let series = fiveMinuteSeries(year: 2016, month: 1, januaryProfile)
        let bill = BillCalculator(tariff: tariff, calendar: calendar).bill(netImport: series, year: 2016, month: 1, label: "Jan")
        expectMatches(bill, ReferenceBill(raw: raw, series: series, year: 2016, month: 1, holidays: holidays2016))
        #expect(Set(bill.lines.map(\.code)) == ["FIXED", "ENERGY-P0", "ENERGY-P1", "ENERGY-P2", "DEMAND-FACILITY", "DEMAND-TOU-P1"])
        // winter mid-peak demand 700 kW × $8.83; facility 800 kW × $25.36
        #expect(bill.line(code: "DEMAND-TOU-P1")?.quantity == 700_000_000)
        #expect(cents(bill.line(code: "DEMAND-TOU-P1")) == 618_100)
        #expect(bill.line(code: "DEMAND-FACILITY")?.quantity == 800_000_000)
        #expect(cents(bill.line(code: "DEMAND-FACILITY")) == 2_028_800)
        #expect(bill.uncreditedExportMicroKWh == 0)
    }

    /// 1 kWh every 5 minutes: each period's kWh is its interval count.
    private func constantBill(month: Int) -> (RetailBill, ReferenceBill) {
        let series = fiveMinuteSeries(year: 2016, month: month) { _ in 1_000_000 }
        let bill = BillCalculator(tariff: tariff, calendar: calendar).bill(netImport: series, year: 2016, month: month, label: "")
        return (bill, ReferenceBill(raw: raw, series: series, year: 2016, month: month, holidays: holidays2016))
    }

    @Test func springForwardMonthBills8916Intervals() {
        let (bill, ref) = constantBill(month: 3)
        expectMatches(bill, ref)
        #expect(ref.intervals == 8916)
        let energy = bill.lines.filter { $0.kind == .energy }
        #expect(energy.reduce(0) { $0 + $1.quantity } == 8916 * 1_000_000)
        #expect(energy.reduce(0) { $0 + $1.runs.reduce(0) { $0 + $1.count } } == 8916)
        // winter: 8–16 h super-off-peak (0), 16–21 h mid-peak (1 in demand, 2 in energy), rest off-peak (1);
        // 13 March has no 02:00 hour
        #expect(bill.line(code: "ENERGY-P0")?.quantity == Int64(31 * 8 * 12 * 1_000_000))
        #expect(bill.line(code: "ENERGY-P1")?.quantity == Int64((31 * 11 - 1) * 12 * 1_000_000))
        #expect(bill.line(code: "ENERGY-P2")?.quantity == Int64(31 * 5 * 12 * 1_000_000))
        // demand: a constant 12 kW
        #expect(bill.line(code: "DEMAND-FACILITY")?.quantity == 12_000_000)
    }

    @Test func fallBackMonthBills8652Intervals() {
        let (bill, ref) = constantBill(month: 11)
        expectMatches(bill, ref)
        #expect(ref.intervals == 8652)
        #expect(bill.lines.filter { $0.kind == .energy }.reduce(0) { $0 + $1.quantity } == 8652 * 1_000_000)
        // 6 November repeats 01:00, an off-peak hour
        #expect(bill.line(code: "ENERGY-P1")?.quantity == Int64((30 * 11 + 1) * 12 * 1_000_000))
        #expect(bill.line(code: "ENERGY-P0")?.quantity == Int64(30 * 8 * 12 * 1_000_000))
        #expect(bill.line(code: "ENERGY-P2")?.quantity == Int64(30 * 5 * 12 * 1_000_000))
    }

    @Test func missingIntervalsAreCountedNotBilled() {
        var series = fiveMinuteSeries(year: 2016, month: 7) { _ in 2_000_000 }
        let first = series.grid.index(startingAt: Instant(secondsSinceEpoch: localMidnight(2016, 7, 1)))!
        for i in first..<(first + 10) { series.quality[i] = .missing }
        series.quality[first + 20] = .estimated
        let bill = BillCalculator(tariff: tariff, calendar: calendar).bill(netImport: series, year: 2016, month: 7, label: "")
        #expect(bill.missingIntervals == 10)
        #expect(bill.estimatedIntervals == 1)
        #expect(bill.lines.filter { $0.kind == .energy }.reduce(0) { $0 + $1.quantity } == (31 * 288 - 10) * 2_000_000)
    }

    @Test func lineRoundsOnceToCentsFromTheExactProduct() {
        // 1 µ$/kWh: 4 999.9996 kWh cost 0.0049999996 $ → 0.00 $ (rounding to µ$ first would give 0.005000 → 0.01)
        func oneIntervalBill(_ microKWh: Int64) -> RetailBill {
            let flat = [[Int]](repeating: [Int](repeating: 0, count: 24), count: 12)
            let t = Tariff(
                label: "t", utility: "u", name: "n", energyRates: [1], energyWeekdaySchedule: flat,
                energyWeekendSchedule: flat, demandRates: [], demandWeekdaySchedule: [], demandWeekendSchedule: [],
                flatDemandRates: [], flatDemandMonths: [], fixedMonthlyCharge: 0, demandWindowMinutes: 15,
                holidaysAsWeekends: true)
            let grid = IntervalGrid(start: Instant(utc: LocalDate(year: 2016, month: 7, day: 5), hour: 12), seconds: 300, count: 1)
            return BillCalculator(tariff: t, calendar: MarketCalendar(timeZone: .losAngeles))
                .bill(netImport: EnergySeries(grid: grid, microKWh: [microKWh]), year: 2016, month: 7, label: "")
        }
        let below = oneIntervalBill(4_999_999_600).line(code: "ENERGY-P0")!
        #expect(below.amountMicros == 4_999)
        #expect(Money(micros: below.amountMicros).cents == 0)
        let half = oneIntervalBill(5_000_000_000).line(code: "ENERGY-P0")!
        #expect(half.amountMicros == 5_000)
        #expect(Money(micros: half.amountMicros).cents == 1)
        // a tariff without TOU demand (no demand schedules) bills without TOU demand lines
        #expect(oneIntervalBill(1).lines.allSatisfy { $0.kind != .touDemand && $0.kind != .facilityDemand })
    }
}
