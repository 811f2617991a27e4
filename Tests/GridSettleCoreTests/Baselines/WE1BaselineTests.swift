import Testing

@testable import GridSettleCore

/// Research baselines.md §10.1 "WE-1": a hand-checkable hourly table, event Wed 2024-07-17 hours 14–15,
/// holiday 07-04, prior event day 07-10, 07-08 a plant-shutdown day (10 kW). Every figure of the note's
/// expected-results table, for CAISO 10-in-10 (and variants B and C), PJM High 4 of 5 and NYISO 5 of 10.
@Suite("Baselines: WE-1 test vector")
struct WE1BaselineTests {
    static let zone = MarketTimeZone.losAngeles
    static let calendar = MarketCalendar(timeZone: zone, holidays: [LocalDate(year: 2024, month: 7, day: 4)])
    static func day(_ m: Int, _ d: Int) -> LocalDate { LocalDate(year: 2024, month: m, day: d) }
    static let eventDay = day(7, 17)

    /// h10…h15 kW of each listed weekday; every other hour of a listed weekday is 50 kW, weekends 30 kW flat.
    static let rows: [LocalDate: [Int64]] = {
        var r: [LocalDate: [Int64]] = [:]
        for d in [18, 19, 20, 21] { r[day(6, d)] = [100, 105, 110, 110, 120, 120] }
        r[day(6, 24)] = [90, 95, 100, 100, 110, 110]
        r[day(6, 25)] = [95, 100, 105, 105, 115, 115]
        r[day(6, 26)] = [100, 105, 110, 110, 120, 120]
        r[day(6, 27)] = [125, 130, 135, 135, 145, 145]
        r[day(6, 28)] = [130, 135, 140, 140, 150, 150]
        r[day(7, 1)] = [85, 90, 95, 95, 105, 105]
        r[day(7, 2)] = [100, 105, 110, 110, 120, 120]
        r[day(7, 3)] = [115, 120, 125, 125, 135, 135]
        r[day(7, 4)] = [40, 45, 50, 50, 60, 60]
        r[day(7, 5)] = [95, 100, 105, 105, 115, 115]
        r[day(7, 8)] = [10, 10, 10, 10, 10, 10]
        r[day(7, 9)] = [105, 110, 115, 115, 125, 125]
        r[day(7, 10)] = [60, 65, 70, 70, 80, 80]
        r[day(7, 11)] = [120, 125, 130, 130, 140, 140]
        r[day(7, 12)] = [90, 95, 100, 100, 110, 110]
        r[day(7, 15)] = [110, 115, 120, 120, 130, 130]
        r[day(7, 16)] = [100, 105, 110, 110, 120, 120]
        r[day(7, 17)] = [130, 135, 140, 100, 60, 60]
        return r
    }()

    /// Hourly µkWh from local midnight of `from` to the end of the event day.
    static func series(from: LocalDate = day(6, 18)) -> EnergySeries {
        let start = zone.startOfDay(from)
        let end = zone.startOfDay(eventDay.adding(days: 1))
        let grid = IntervalGrid(start: start, end: end, seconds: 3600)
        var e = ContiguousArray<Int64>()
        for i in 0..<grid.count {
            let local = zone.localTime(grid.startOf(i))
            let kW: Int64
            if let r = rows[local.date] {
                kW = r.first == 10 ? 10 : ((10...15).contains(local.hour) ? r[local.hour - 10] : 50)
            } else {
                kW = local.date.isWeekend ? 30 : 50
            }
            e.append(kW * 1_000_000)
        }
        return EnergySeries(grid: grid, microKWh: e)
    }

    static let event = BaselineEvent(
        start: zone.startOfDay(eventDay).adding(seconds: 14 * 3600), end: zone.startOfDay(eventDay).adding(seconds: 16 * 3600))

    func run(_ method: BaselineMethod, from: LocalDate = day(6, 18), outage: Set<LocalDate> = []) -> BaselineResult {
        let input = BaselineInput(series: Self.series(from: from), calendar: Self.calendar, eventDays: [Self.day(7, 10)], outageDays: outage)
        return DayMatchingBaseline(method).baseline(input, event: Self.event)
    }

    static func kW(_ v: Double) -> Int64 { Int64((v * 1_000_000).rounded()) }

    @Test func caiso10in10() {
        let r = run(BaselinePresets.caisoWeekday)
        #expect(r.selected == [(7, 16), (7, 15), (7, 12), (7, 11), (7, 9), (7, 8), (7, 5), (7, 3), (7, 2), (7, 1)].map { Self.day($0.0, $0.1) })
        #expect(r.decision(Self.day(7, 10))?.rejection == .eventDay)
        #expect(r.decision(Self.day(7, 4))?.rejection == .holiday)
        #expect(r.decision(Self.day(7, 13))?.rejection == .notLikeDay)
        #expect(r.decision(Self.day(6, 28))?.rejection == .beyondCandidates)
        #expect(Array(r.unadjusted[10...12]) == [93_000_000, 97_500_000, 102_000_000])
        #expect(r.unadjusted[14] == 111_000_000 && r.unadjusted[15] == 111_000_000)
        // raw 135 / 97.5 = 1.384615 → capped at 1.2
        #expect(r.adjustment.kind == .multiplicative && r.adjustment.slots == [10, 11, 12])
        #expect(r.adjustment.raw == 1_384_615 && r.adjustment.applied == 1_200_000 && r.adjustment.capped)
        #expect(r.adjusted[14] == 133_200_000 && r.adjusted[15] == 133_200_000)
        #expect(r.loadReductionMicroKWh == 146_400_000)  // 2 × 73.2 kWh
    }

    @Test func caisoVariantB_outageDay() {
        let r = run(BaselinePresets.caisoWeekday, outage: [Self.day(7, 8)])
        #expect(r.decision(Self.day(7, 8))?.rejection == .outage)
        #expect(r.selected.last == Self.day(6, 28) && r.selected.count == 10)
        #expect(Array(r.unadjusted[10...12]) == [105_000_000, 110_000_000, 115_000_000] && r.unadjusted[14] == 125_000_000)
        #expect(r.adjustment.raw == 1_227_273 && r.adjustment.applied == 1_200_000)
        #expect(r.adjusted[14] == 150_000_000)
        #expect(r.loadReductionMicroKWh == 180_000_000)
    }

    @Test func caisoVariantC_sevenDaysOfData() {
        let r = run(BaselinePresets.caisoWeekday, from: Self.day(7, 5))
        #expect(r.selected == [(7, 16), (7, 15), (7, 12), (7, 11), (7, 9), (7, 8), (7, 5)].map { Self.day($0.0, $0.1) })
        #expect(r.fallback == nil)  // 7 ≥ the minimum of 5
        #expect(r.decision(Self.day(7, 3))?.rejection == .incompleteData)
        #expect(Array(r.unadjusted[10...12]) == [90_000_000, 94_285_714, 98_571_429] && r.unadjusted[14] == 107_142_857)
        #expect(r.adjustment.raw == 1_431_818 && r.adjustment.applied == 1_200_000)
        #expect(r.adjusted[14] == 128_571_428)  // 107.142857 × 1.2, rounded once
        #expect(r.loadReductionMicroKWh == 137_142_856)  // 2 × 68.571428
    }

    @Test func pjmHigh4of5() {
        let r = run(BaselinePresets.pjmWeekday)
        // window 07-16, 15, 12, 11, 09 → keep 07-11, 07-15, 07-09, 07-16 (drop 07-12)
        #expect(r.selected == [(7, 11), (7, 15), (7, 9), (7, 16)].map { Self.day($0.0, $0.1) })
        #expect(r.decision(Self.day(7, 12))?.rejection == .notSelected)
        #expect(Array(r.unadjusted[10...12]) == [108_750_000, 113_750_000, 118_750_000] && r.unadjusted[14] == 128_750_000)
        // SAA = 135 − 113.75 = +21.25 kW
        #expect(r.adjustment.kind == .additive && r.adjustment.raw == 21_250_000 && !r.adjustment.capped)
        #expect(r.adjusted[14] == 150_000_000)
        #expect(r.loadReductionMicroKWh == 180_000_000)
    }

    @Test func nyiso5of10() {
        let r = run(BaselinePresets.nyisoWeekday)
        #expect(r.decision(Self.day(7, 16))?.rejection == .skippedBeforeEvent)
        // seed 150 kW (06-28) → threshold 37.5 kW → 07-08 is a low-usage day
        #expect(r.decision(Self.day(7, 8))?.rejection == .lowUsage)
        let window = [(7, 15), (7, 12), (7, 11), (7, 9), (7, 5), (7, 3), (7, 2), (7, 1), (6, 28), (6, 27)].map { Self.day($0.0, $0.1) }
        #expect(r.days.filter { $0.rank != nil || $0.rejection == .notSelected }.map(\.date) == window)
        #expect(r.selected == [(6, 28), (6, 27), (7, 11), (7, 3), (7, 15)].map { Self.day($0.0, $0.1) })
        #expect(r.unadjusted[10] == 120_000_000 && r.unadjusted[11] == 125_000_000 && r.unadjusted[14] == 140_000_000)
        // 132.5 / 122.5 = 1.081633, inside the cap
        #expect(r.adjustment.slots == [10, 11] && r.adjustment.raw == 1_081_633 && r.adjustment.applied == 1_081_633 && !r.adjustment.capped)
        #expect(r.adjusted[14] == 151_428_571)
        #expect(r.loadReductionMicroKWh == 182_857_142)  // 2 × 91.428571
    }
}
