import Testing

@testable import GridSettleCore

/// The engine's rules that the test vectors do not reach: DST days, the event-day fallback, weighted days,
/// a zero window, and configuration errors.
@Suite("Baselines: rules")
struct BaselineRuleTests {
    static let zone = MarketTimeZone.losAngeles

    /// Hourly µkWh from local midnight of `from` for `days` local days; `kW(date, local hour, occurrence)`.
    static func hourly(from: LocalDate, days: Int, _ kW: (LocalDate, Int) -> Int64) -> EnergySeries {
        let grid = IntervalGrid(start: zone.startOfDay(from), end: zone.startOfDay(from.adding(days: days)), seconds: 3600)
        var e = ContiguousArray<Int64>()
        for i in 0..<grid.count {
            let local = zone.localTime(grid.startOf(i))
            e.append(kW(local.date, local.hour) * 1_000_000)
        }
        return EnergySeries(grid: grid, microKWh: e)
    }

    @Test func dstDaysAreAlignedByLocalClock() {
        // fall-back day 2024-11-03: the two 01:00 hours read 10 and 20 kW → slot 1 averages them (15 kW)
        var n = 0
        let s = Self.hourly(from: LocalDate(year: 2024, month: 11, day: 2), days: 3) { d, h in
            if d.day == 3 && h == 1 { n += 1; return n == 1 ? 10 : 20 }
            return 40
        }
        let p = DayProfiles(s, timeZone: Self.zone, slotMinutes: 60)
        #expect(p.profile(LocalDate(year: 2024, month: 11, day: 3))?[1] == 15_000_000)
        #expect(p.isComplete(LocalDate(year: 2024, month: 11, day: 3)))
        // spring-forward day 2024-03-10: no 02:00 slot, and the day is still complete
        let spring = DayProfiles(Self.hourly(from: LocalDate(year: 2024, month: 3, day: 9), days: 3) { _, _ in 40 }, timeZone: Self.zone, slotMinutes: 60)
        let day = LocalDate(year: 2024, month: 3, day: 10)
        #expect(spring.profile(day)?[2] == nil && spring.profile(day)?[3] == 40_000_000)
        #expect(spring.isComplete(day))
    }

    @Test func eventDaysAreAddedBackWhenTooFewLikeDays() {
        // data from Mon 2024-07-08; events on 07-10, 07-11, 07-12, 07-15; event day 07-17 → like days 07-16, 07-09, 07-08 (3 < 5)
        let events: Set<LocalDate> = [10, 11, 12, 15, 17].map { LocalDate(year: 2024, month: 7, day: $0) }.reduce(into: []) { $0.insert($1) }
        let s = Self.hourly(from: LocalDate(year: 2024, month: 7, day: 8), days: 10) { d, _ in Int64(d.day) }
        let input = BaselineInput(series: s, calendar: MarketCalendar(timeZone: Self.zone, holidays: []), eventDays: events)
        let start = Self.zone.startOfDay(LocalDate(year: 2024, month: 7, day: 17)).adding(seconds: 14 * 3600)
        let r = DayMatchingBaseline(BaselinePresets.caisoWeekday).baseline(input, event: BaselineEvent(start: start, end: start.adding(seconds: 3600)))
        #expect(r.fallback?.contains("2 event day(s) added back") == true)
        // the two most recent event days (07-15, 07-12) join 07-16, 07-09, 07-08
        #expect(Set(r.selected) == Set([16, 15, 12, 9, 8].map { LocalDate(year: 2024, month: 7, day: $0) }))
        #expect(r.decision(LocalDate(year: 2024, month: 7, day: 15))?.addedByFallback == true)
        #expect(r.decision(LocalDate(year: 2024, month: 7, day: 11))?.rank == nil)
        #expect(r.unadjusted[14] == 12_000_000)  // (16 + 15 + 12 + 9 + 8) / 5
    }

    @Test func weightedDaysFollowTheirRank() {
        // weekend event Sun 2024-07-21; the five most recent weekend days carry 10, 20, 30, 40, 50 kW
        let loads: [Int: Int64] = [20: 10, 14: 20, 13: 30, 7: 40, 6: 50]
        let s = Self.hourly(from: LocalDate(year: 2024, month: 7, day: 1), days: 21) { d, _ in loads[d.day] ?? 5 }
        let input = BaselineInput(series: s, calendar: MarketCalendar(timeZone: Self.zone, holidays: []))
        let start = Self.zone.startOfDay(LocalDate(year: 2024, month: 7, day: 21)).adding(seconds: 15 * 3600)
        var method = BaselinePresets.residentialWeekend
        method.adjustment = .none
        let r = DayMatchingBaseline(method).baseline(input, event: BaselineEvent(start: start, end: start.adding(seconds: 3600)))
        // the 3 highest of the 5: 50, 40, 30 kW weighted 0.5 / 0.3 / 0.2 → 25 + 12 + 6 = 43 kW
        #expect(r.selected.map(\.day) == [6, 7, 13])
        #expect(r.unadjusted[15] == 43_000_000)
    }

    @Test func aZeroBaselineOverTheWindowLeavesTheFactorAtOne() {
        let s = Self.hourly(from: LocalDate(year: 2024, month: 7, day: 1), days: 17) { d, h in d.day == 17 ? 9 : (h < 13 ? 0 : 7) }
        let input = BaselineInput(series: s, calendar: MarketCalendar(timeZone: Self.zone, holidays: []))
        let start = Self.zone.startOfDay(LocalDate(year: 2024, month: 7, day: 16)).adding(seconds: 14 * 3600)
        let r = DayMatchingBaseline(BaselinePresets.caisoWeekday).baseline(input, event: BaselineEvent(start: start, end: start.adding(seconds: 3600)))
        #expect(r.adjustment.applied == 1_000_000 && r.adjustment.note?.contains("factor 1") == true)
        #expect(r.adjusted[14] == 7_000_000)
    }

    @Test func anEventOutsideTheDataOrPastMidnightIsNoted() {
        let s = Self.hourly(from: LocalDate(year: 2024, month: 7, day: 1), days: 10) { _, _ in 5 }
        let input = BaselineInput(series: s, calendar: MarketCalendar(timeZone: Self.zone, holidays: []))
        let engine = DayMatchingBaseline(BaselinePresets.caisoWeekday)
        let late = Self.zone.startOfDay(LocalDate(year: 2024, month: 7, day: 25)).adding(seconds: 14 * 3600)
        let r = engine.baseline(input, event: BaselineEvent(start: late, end: late.adding(seconds: 3600)))
        #expect(r.notes.contains { $0.contains("not in the meter data") } && r.loadReduction.allSatisfy { $0 == nil })
        let night = Self.zone.startOfDay(LocalDate(year: 2024, month: 7, day: 9)).adding(seconds: 22 * 3600)
        let r2 = engine.baseline(input, event: BaselineEvent(start: night, end: night.adding(seconds: 4 * 3600)))
        #expect(r2.notes.contains { $0.contains("past midnight") } && r2.eventSlots == 22..<24)
        let toMidnight = engine.baseline(input, event: BaselineEvent(start: night, end: night.adding(seconds: 2 * 3600)))
        #expect(toMidnight.notes.isEmpty && toMidnight.eventSlots == 22..<24)
    }

    @Test func badParametersAreExplained() {
        var m = BaselinePresets.pjmWeekday
        m.selectedDays = 6
        #expect(m.problem?.contains("selectedDays") == true)
        m = BaselinePresets.residentialWeekend
        m.weightsPPM = [500_000, 500_000, 100_000]
        #expect(m.problem?.contains("1,000,000") == true)
        #expect(BaselinePresets.all.allSatisfy { $0.problem == nil })
        #expect(Set(BaselinePresets.all.map(\.name)).count == BaselinePresets.all.count)
    }
}
