import Testing

@testable import GridSettleCore

/// ESDER 2 weather matching (research baselines.md §2.6) on a hand-made July: every like day reads its own
/// day-of-month in kW, so each expected baseline is a mean of day numbers computed by hand.
///
/// Event Wed 2024-07-17 14:00–15:00 Los Angeles, Tmax 90.0 °F. Like weekdays before it (07-04 is a holiday):
///
/// | day | 16 | 15 | 12 | 11 | 10 | 09 | 08 | 05 | 03 | 02 | 01 |
/// |---|---|---|---|---|---|---|---|---|---|---|---|
/// | Tmax °F | 95 | 91 | 89 | — | 90.5 | 80 | 90 | 91 | 99 | 85 | 70 |
/// | \|ΔT\| | 5 | 1 | 1 | — | 0.5 | 10 | 0 | 1 | 9 | 5 | 20 |
///
/// Closest first: 08 (0), 10 (0.5), then three days at 1 °F — 15, 12, 05 — where the tie goes to the more
/// recent, so 15 and 12 are in and 05 is not. 11 has no temperature: rejected as such.
@Suite("Baselines: weather matching")
struct WeatherBaselineTests {
    static let zone = MarketTimeZone.losAngeles
    static func day(_ d: Int) -> LocalDate { LocalDate(year: 2024, month: 7, day: d) }
    static let calendar = MarketCalendar(timeZone: zone, holidays: [day(4)])

    /// 07-01 … 07-17: like days read their day number in kW all day; the event day reads 12 kW before 13:00
    /// and 5 kW after.
    static func series() -> EnergySeries {
        BaselineRuleTests.hourly(from: day(1), days: 17) { d, h in d.day == 17 ? (h < 13 ? 12 : 5) : Int64(d.day) }
    }

    static let tmax: [Int: Int64] = [
        17: 90_000, 16: 95_000, 15: 91_000, 12: 89_000, 10: 90_500, 9: 80_000, 8: 90_000, 5: 91_000, 3: 99_000, 2: 85_000, 1: 70_000,
    ]

    static func temperatures(_ t: [Int: Int64] = tmax) -> DailyMaxTemperature {
        DailyMaxTemperature(milliF: Dictionary(uniqueKeysWithValues: t.map { (day($0.key), $0.value) }))
    }

    static let event: BaselineEvent = {
        let start = zone.startOfDay(day(17)).adding(seconds: 14 * 3600)
        return BaselineEvent(start: start, end: start.adding(seconds: 3600))
    }()

    @Test func theClosestDaysByMaximumTemperatureAreAveraged() throws {
        let input = BaselineInput(series: Self.series(), calendar: Self.calendar, dailyMaxTemperature: Self.temperatures())
        let engine = DayMatchingBaseline(BaselinePresets.caisoWeather)
        try engine.check(input)
        let r = engine.baseline(input, event: Self.event)
        #expect(r.method == "caiso-weather-4-of-90")
        #expect(r.selected == [8, 10, 15, 12].map(Self.day))
        #expect(r.decision(Self.day(5))?.rejection == .notSelected)  // tied at 1 °F with 15 and 12, but older
        #expect(r.decision(Self.day(11))?.rejection == .noTemperature)
        #expect(r.decision(Self.day(4))?.rejection == .holiday)
        #expect(r.decision(Self.day(8))?.dailyMaxTemperature == 90_000 && r.decision(Self.day(11))?.dailyMaxTemperature == nil)
        #expect(r.eventDayMaxTemperature == 90_000 && r.fallback == nil)
        // (8 + 10 + 15 + 12) / 4 = 11.25 kW in every slot
        #expect(r.unadjusted[14] == 11_250_000 && r.unadjusted[10] == 11_250_000)
        // ratio over 10:00–13:00: 3 × 12 / (3 × 11.25) = 1.0666…, inside ±20 % → 11.25 × 1.0666… = 12 kW
        #expect(r.adjustment.slots == [10, 11, 12] && r.adjustment.raw == 1_066_667 && !r.adjustment.capped)
        #expect(r.adjusted[14] == 12_000_000)
        #expect(r.loadReduction == [7_000_000] && r.loadReductionMicroKWh == 7_000_000)
    }

    @Test func anEventDayWithoutTemperatureFallsBackAsConfigured() {
        var t = Self.tmax
        t[17] = nil
        let input = BaselineInput(series: Self.series(), calendar: Self.calendar, dailyMaxTemperature: Self.temperatures(t))
        // the preset: the 4 most recent like days, 11 included (temperature plays no part now)
        let r = DayMatchingBaseline(BaselinePresets.caisoWeather).baseline(input, event: Self.event)
        #expect(r.selected == [16, 15, 12, 11].map(Self.day))
        #expect(r.notes.contains { $0.contains("2024-07-17 has no daily maximum temperature") && $0.contains("most recent") })
        #expect(r.unadjusted[14] == 13_500_000)  // (16 + 15 + 12 + 11) / 4
        // configured to give no baseline instead
        var method = BaselinePresets.caisoWeather
        method.missingEventTemperature = .noBaseline
        let none = DayMatchingBaseline(method).baseline(input, event: Self.event)
        #expect(none.selected.isEmpty && none.unadjusted.allSatisfy { $0 == nil })
        #expect(none.fallback == "the event day has no daily maximum temperature to match: no baseline")
        #expect(none.notes == ["the event day 2024-07-17 has no daily maximum temperature (no reading that day)"])
    }

    @Test func withoutTemperaturesTheMethodIsAnError() {
        let input = BaselineInput(series: Self.series(), calendar: Self.calendar)
        let engine = DayMatchingBaseline(BaselinePresets.caisoWeather)
        #expect(throws: BaselineInputError.self) { try engine.check(input) }
        #expect(DayMatchingBaseline(BaselinePresets.caisoWeekday).baseline(input, event: Self.event).days.allSatisfy { $0.dailyMaxTemperature == nil })
        let r = engine.baseline(input, event: Self.event)
        #expect(r.selected.isEmpty && r.fallback?.contains("was given no temperatures") == true)
    }

    @Test func tooFewDaysAddBackEventDaysThatHaveATemperature() {
        // temperatures for 08, 10, 12, 15 only; 12, 15 and 16 are event days → 2 candidates (10, 08) < 4;
        // 16 has no temperature, so 15 and 12 are added back
        let t: [Int: Int64] = [17: 90_000, 15: 91_000, 12: 89_000, 10: 90_500, 8: 90_000]
        let input = BaselineInput(
            series: Self.series(), calendar: Self.calendar, eventDays: [Self.day(12), Self.day(15), Self.day(16), Self.day(17)],
            dailyMaxTemperature: Self.temperatures(t))
        let r = DayMatchingBaseline(BaselinePresets.caisoWeather).baseline(input, event: Self.event)
        #expect(r.fallback?.contains("2 like day(s) with a temperature") == true && r.fallback?.contains("2 event day(s) added back") == true)
        #expect(r.selected == [8, 10, 15, 12].map(Self.day))
        #expect(r.decision(Self.day(15))?.addedByFallback == true && r.decision(Self.day(16))?.addedByFallback == false)
        #expect(r.decision(Self.day(16))?.rejection == .eventDay)
    }

    @Test func dailyMaximumNeedsEveryLocalHour() {
        // hourly readings from local 2024-03-09 00:00 to 03-12 00:00 (03-10 is the 23-hour day); the value is
        // the local hour in °F, except local 03-10 00:00 reads 100 °F and local 03-11 15:00 is missing
        let from = Self.zone.startOfDay(LocalDate(year: 2024, month: 3, day: 9))
        let to = Self.zone.startOfDay(LocalDate(year: 2024, month: 3, day: 12))
        var readings: [TemperatureReading] = []
        var t = from
        while t < to {
            let local = Self.zone.localTime(t)
            if !(local.date.day == 11 && local.hour == 15) {
                let f = local.date.day == 10 && local.hour == 0 ? 100 : Int64(local.hour)
                readings.append(TemperatureReading(start: t, milliF: f * 1000))
            }
            t = t.adding(seconds: 3600)
        }
        #expect(readings.count == 24 + 23 + 23)
        let m = DailyMaxTemperature(Array(readings.reversed()), timeZone: Self.zone)  // order does not matter
        #expect(m[LocalDate(year: 2024, month: 3, day: 9)] == 23_000)  // the 100 °F reading is the next local day's
        #expect(m[LocalDate(year: 2024, month: 3, day: 10)] == 100_000)  // 23 hours: complete
        #expect(m[LocalDate(year: 2024, month: 3, day: 11)] == nil && m.partialDays[LocalDate(year: 2024, month: 3, day: 11)] == 23)
    }

    @Test func thePresetIsListedAndValid() {
        let p = BaselinePresets.caisoWeather
        #expect(BaselinePresets.named("caiso-weather-4-of-90") == p && p.problem == nil)
        #expect(p.pool == .likeEventDay && p.lookbackDays == 90 && p.candidateDays == 90 && p.selectedDays == 4 && p.minimumDays == 4)
        #expect(p.adjustment == .multiplicative(capPPM: 200_000) && p.adjustmentWindows == [.before(4, 3)] && p.fallback == .addEventDays)
    }
}
