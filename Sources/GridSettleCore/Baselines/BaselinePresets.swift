/// The ISO and programme baselines as presets of ``BaselineMethod`` (research baselines.md §5a). Tags: `[V]`
/// read in a public source, `[R]` recalled from the primary document, `[U]` uncertain — a configurable
/// default to confirm against the current BPM / manual. docs/rules.md lists each with its source.
public enum BaselinePresets {
    /// CAISO Customer Load Baseline, weekday event: 10 most recent like weekdays in 45 days (10-in-10 `[V]`),
    /// minimum 5 `[U]` then event days added back `[U]`; load point adjustment = ratio over [s−4h, s−1h)
    /// `[R/U]`, capped ±20 % `[V]`.
    public static let caisoWeekday = BaselineMethod(
        name: "caiso-10-in-10", pool: .weekdays, lookbackDays: 45, candidateDays: 10, selectedDays: 10, ranking: .mostRecent,
        minimumDays: 5, fallback: .addEventDays, adjustment: .multiplicative(capPPM: 200_000), adjustmentWindows: [.before(4, 3)])

    /// CAISO weekend/holiday event: 4-in-4 over Saturdays, Sundays and holidays pooled `[R/U]`, minimum 2 `[U]`.
    public static let caisoWeekendHoliday = BaselineMethod(
        name: "caiso-4-in-4", pool: .weekendsAndHolidays, lookbackDays: 45, candidateDays: 4, selectedDays: 4, ranking: .mostRecent,
        minimumDays: 2, fallback: .addEventDays, adjustment: .multiplicative(capPPM: 200_000), adjustmentWindows: [.before(4, 3)])

    /// Seed 002's battery baseline: G_TYPICAL = the mean of the storage meter over the 10 most recent
    /// non-event like days in a 45-day look-back, 5-minute data averaged to the hour first (Scenario A); when
    /// 10 such days cannot be found, G_TYPICAL = 0 and the full output is credited (Scenario B). No same-day
    /// adjustment. Run it on the device meter; ``MeterGeneratorOutput`` turns it into performance.
    public static let seed002GTypical = BaselineMethod(
        name: "seed-002-g-typical", pool: .likeEventDay, lookbackDays: 45, candidateDays: 10, selectedDays: 10,
        ranking: .mostRecent, minimumDays: 10, fallback: .zeroBaseline, adjustment: .none, adjustmentWindows: [], profileMinutes: 60,
        quantity: .deviceOutput)

    /// CAISO Metering Generator Output: the device's typical output from the 10-in-10 day selection, no
    /// adjustment on the device `[U]`; exports are not credited (``MeterGeneratorOutput``) `[V]`.
    public static let caisoMGO = BaselineMethod(
        name: "caiso-mgo", pool: .likeEventDay, lookbackDays: 45, candidateDays: 10, selectedDays: 10, ranking: .mostRecent,
        minimumDays: 5, fallback: .addEventDays, adjustment: .none, adjustmentWindows: [], quantity: .deviceOutput)

    /// Residential day matching, weekday: the 5 highest of the 10 most recent like days `[V]` (PG&E); the
    /// adjustment over hours before and after the event, ratio capped ±40 % — all `[U]`.
    public static let residentialWeekday = BaselineMethod(
        name: "residential-5-in-10", pool: .weekdays, lookbackDays: 45, candidateDays: 10, selectedDays: 5,
        ranking: .highestEventWindowLoad, minimumDays: 5, fallback: .addEventDays, adjustment: .multiplicative(capPPM: 400_000),
        adjustmentWindows: [.before(4, 3), .after(1, 2)])

    /// Residential day matching, weekend/holiday: the 3 highest of the 5 most recent, weighted 0.5 / 0.3 / 0.2
    /// `[U]`.
    public static let residentialWeekend = BaselineMethod(
        name: "residential-3-in-5", pool: .weekendsAndHolidays, lookbackDays: 45, candidateDays: 5, selectedDays: 3,
        ranking: .highestEventWindowLoad, weightsPPM: [500_000, 300_000, 200_000], minimumDays: 3, fallback: .addEventDays,
        adjustment: .multiplicative(capPPM: 400_000), adjustmentWindows: [.before(4, 3), .after(1, 2)])

    /// PJM Customer Baseline Load, weekday: High 4 of the 5 most recent like weekdays in 45 days, low-usage
    /// days (< 25 % of the basis mean) replaced until stable; symmetric additive adjustment over the 3 hours
    /// ending 1 hour before the event, uncapped `[R]`. Too few days: event days added back `[U]`.
    public static let pjmWeekday = BaselineMethod(
        name: "pjm-high-4-of-5", pool: .weekdays, lookbackDays: 45, candidateDays: 5, selectedDays: 4,
        ranking: .highestEventWindowLoad, lowUsage: .belowShareOfBasis(ppm: 250_000), minimumDays: 5, fallback: .addEventDays,
        adjustment: .additive(capPPM: nil), adjustmentWindows: [.before(4, 3)])

    /// PJM Saturday: High 2 of the 3 most recent Saturdays `[R]`.
    public static let pjmSaturday = BaselineMethod(
        name: "pjm-saturday-2-of-3", pool: .saturdays, lookbackDays: 45, candidateDays: 3, selectedDays: 2,
        ranking: .highestEventWindowLoad, minimumDays: 3, fallback: .addEventDays, adjustment: .additive(capPPM: nil),
        adjustmentWindows: [.before(4, 3)])

    /// PJM Sunday and NERC holiday: High 2 of the 3 most recent Sundays/holidays `[R]`.
    public static let pjmSundayHoliday = BaselineMethod(
        name: "pjm-sunday-holiday-2-of-3", pool: .sundaysAndHolidays, lookbackDays: 45, candidateDays: 3, selectedDays: 2,
        ranking: .highestEventWindowLoad, minimumDays: 3, fallback: .addEventDays, adjustment: .additive(capPPM: nil),
        adjustmentWindows: [.before(4, 3)])

    /// NYISO average-day CBL, weekday: from the second day before the event, the 10 most recent like weekdays
    /// in 30 days, low-usage days (< 25 % of the 30-day event-window peak) out; the 5 highest; weather-sensitive
    /// adjustment = ratio over the 2 hours starting 4 hours before the event, ±20 % `[R/U]`. Too few days: no
    /// baseline `[U]` (the research has the fallback open).
    public static let nyisoWeekday = BaselineMethod(
        name: "nyiso-5-of-10", pool: .weekdays, lookbackDays: 30, skipDaysBeforeEvent: 1, candidateDays: 10, selectedDays: 5,
        ranking: .highestEventWindowLoad, lowUsage: .belowShareOfRecentPeak(ppm: 250_000, days: 30), minimumDays: 5,
        fallback: .none, adjustment: .multiplicative(capPPM: 200_000), adjustmentWindows: [.before(4, 2)])

    /// NYISO weekend: the 2 highest of the 3 most recent same-name days, with no exclusion of holidays or event
    /// days `[V]`; same adjustment `[R]`.
    public static let nyisoWeekend = BaselineMethod(
        name: "nyiso-weekend-2-of-3", pool: .sameWeekdayName, lookbackDays: 30, candidateDays: 3, selectedDays: 2,
        ranking: .highestEventWindowLoad, excludeHolidays: false, excludeEventDays: false, minimumDays: 2, fallback: .none,
        adjustment: .multiplicative(capPPM: 200_000), adjustmentWindows: [.before(4, 2)])

    /// CAISO ESDER 2 weather matching (research §2.6 and §5a, all `[U]`): of the like days (the event day's type
    /// `[U]`) in a 90-day look-back `[U]` — every one is a candidate (90 `[U]`: the look-back, not a count, is
    /// the limit) — the 4 `[U]` whose daily maximum temperature is closest to the event day's, ties to the more
    /// recent day (the SLAC PG&E study's "4-of-90 by max temperature" `[V]`, the tie rule `[U]`). Same-day
    /// adjustment as the CAISO load point adjustment: ratio over [s−4h, s−1h) `[U]`, capped ±20 % `[U]`.
    /// Minimum 4 days `[U]`, then event days with a temperature added back `[U]`. An event day without a
    /// temperature falls back to the 4 most recent like days `[U]`, and the result says so.
    public static let caisoWeather = BaselineMethod(
        name: "caiso-weather-4-of-90", pool: .likeEventDay, lookbackDays: 90, candidateDays: 90, selectedDays: 4,
        ranking: .closestDailyMaxTemperature, minimumDays: 4, fallback: .addEventDays, adjustment: .multiplicative(capPPM: 200_000),
        adjustmentWindows: [.before(4, 3)], missingEventTemperature: .mostRecent)

    public static let all: [BaselineMethod] = [
        caisoWeekday, caisoWeekendHoliday, seed002GTypical, caisoMGO, residentialWeekday, residentialWeekend, pjmWeekday,
        pjmSaturday, pjmSundayHoliday, nyisoWeekday, nyisoWeekend, caisoWeather,
    ]

    public static func named(_ name: String) -> BaselineMethod? { all.first { $0.name == name } }
}
