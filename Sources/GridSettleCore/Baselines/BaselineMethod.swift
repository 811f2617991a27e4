/// The parameters of one X-of-Y day-matching baseline (research baselines.md §1–§5a). Every ISO method is a
/// preset of this one engine (``BaselinePresets``), so a wrong `[U]` parameter is one line of configuration.
///
/// Day numbers are local days in the calendar's time zone; windows are local clock hours relative to the
/// event's start and end.
public struct BaselineMethod: Sendable, Hashable, Codable {
    /// What the method measures: each preset names it, so a site-load method is never silently run on a
    /// device meter or the other way round (``BaselineQuantity``).
    public var quantity: BaselineQuantity
    /// Which days count as "like" the event day.
    public enum DayPool: String, Sendable, Hashable, Codable {
        /// Monday–Friday that are not holidays.
        case weekdays
        /// Saturdays, Sundays and holidays, pooled (CAISO 4-in-4).
        case weekendsAndHolidays
        /// Saturdays that are not holidays (PJM).
        case saturdays
        /// Sundays and holidays (PJM).
        case sundaysAndHolidays
        /// The event day's own weekday name, holidays included (NYISO weekend: "no exclusions for holidays").
        case sameWeekdayName
        /// The event day's type: weekday → ``weekdays``, otherwise ``weekendsAndHolidays``.
        case likeEventDay
    }

    /// How X days are chosen from the Y candidates.
    public enum Ranking: String, Sendable, Hashable, Codable {
        /// The X most recent (X = Y for CAISO 10-in-10).
        case mostRecent
        /// The X with the highest mean load over the event window; ties go to the more recent day.
        case highestEventWindowLoad
        /// The X whose daily maximum temperature is closest to the event day's, `|Tmax(d) − Tmax(E)|`; ties go
        /// to the more recent day (ESDER 2 weather matching, research §2.6 `[U]`). Needs
        /// ``BaselineInput/dailyMaxTemperature``; a day without one is rejected as "no temperature".
        case closestDailyMaxTemperature

        /// Whether the ranking reads temperatures (the input must then carry them).
        public var needsTemperature: Bool { self == .closestDailyMaxTemperature }
    }

    /// What a temperature ranking does when the event day itself has no daily maximum temperature: there is
    /// nothing to match against, so the days cannot be ranked by weather. Either way the result's notes say so.
    public enum MissingEventTemperature: String, Sendable, Hashable, Codable {
        /// Rank the like days by recency instead (the X most recent, as CAISO's default baseline does); days
        /// without temperature are then not rejected.
        case mostRecent
        /// No baseline; the result's fallback says why.
        case noBaseline
    }

    /// Days whose event-window load is too low to represent normal operation.
    public enum LowUsageRule: Sendable, Hashable, Codable {
        /// PJM: a day whose mean event-window load is below `ppm` of the mean over the basis days, iterated
        /// until no more days drop (research §3).
        case belowShareOfBasis(ppm: Int64)
        /// NYISO: below `ppm` of the seed, the highest hourly load inside the event window over the `days`
        /// days before the event (research §4).
        case belowShareOfRecentPeak(ppm: Int64, days: Int)
    }

    /// What to do when fewer than ``minimumDays`` like days qualify.
    public enum Fallback: String, Sendable, Hashable, Codable {
        /// Add back this resource's own past event days of the pool, most recent first (CAISO [U]).
        case addEventDays
        /// A zero baseline: seed 002 Scenario B — the resource is a full-time market participant and is
        /// credited with its full output.
        case zeroBaseline
        /// No baseline; the result says why.
        case none
    }

    /// Same-day adjustment: the event day's actual load against the baseline over a window near the event.
    public enum Adjustment: Sendable, Hashable, Codable {
        case none
        /// `factor = Σ actual / Σ baseline` over the window, held to `[1 − cap, 1 + cap]` (ppm); a zero
        /// baseline sum leaves the factor at 1. `capPPM` nil = uncapped.
        case multiplicative(capPPM: Int64?)
        /// `offset = mean actual − mean baseline` over the window (kW), added to every interval; `capPPM`
        /// (of the mean baseline) limits it when given. PJM's symmetric additive adjustment has no cap.
        case additive(capPPM: Int64?)
    }

    /// A window of local clock time relative to the event: `[start − hoursBeforeStart, start − hoursBeforeStart
    /// + hours)` when before the event, `[end + hoursAfterEnd, … + hours)` when after it.
    public struct Window: Sendable, Hashable, Codable {
        public enum Anchor: String, Sendable, Hashable, Codable { case beforeStart, afterEnd }
        public var anchor: Anchor
        public var offsetHours: Int
        public var hours: Int

        /// `hours` hours starting `offsetHours` before the event starts: CAISO's [s−4h, s−1h) is `before(4, 3)`.
        public static func before(_ offsetHours: Int, _ hours: Int) -> Window { Window(anchor: .beforeStart, offsetHours: offsetHours, hours: hours) }
        /// `hours` hours starting `offsetHours` after the event ends.
        public static func after(_ offsetHours: Int, _ hours: Int) -> Window { Window(anchor: .afterEnd, offsetHours: offsetHours, hours: hours) }
    }

    public var name: String
    public var pool: DayPool
    /// Calendar days searched back from the day before the event (45 for CAISO and PJM) `[R]`.
    public var lookbackDays: Int
    /// Days right before the event that are skipped (NYISO skips the day before: 1) `[R]`.
    public var skipDaysBeforeEvent: Int
    /// Y: like days taken, most recent first.
    public var candidateDays: Int
    /// X: days averaged, chosen from the Y by ``ranking``.
    public var selectedDays: Int
    public var ranking: Ranking
    /// Weights of the X days in rank order, ppm summing to 10⁶ (residential weekend 3-of-5 `[U]`); nil =
    /// plain average.
    public var weightsPPM: [Int64]?
    public var excludeHolidays: Bool
    public var excludeEventDays: Bool
    public var excludeOutageDays: Bool
    /// A day with a missing interval is not a like day (CAISO "meter data complete" `[U]`).
    public var excludeIncompleteDays: Bool
    public var lowUsage: LowUsageRule?
    /// Fewer like days than this triggers the ``fallback``.
    public var minimumDays: Int
    public var fallback: Fallback
    public var adjustment: Adjustment
    /// Adjustment windows (their union), relative to the event.
    public var adjustmentWindows: [Window]
    /// Profiles are averaged to this many minutes first (seed 002: 5-minute data to the hour); nil = the
    /// meter's own interval.
    public var profileMinutes: Int?
    /// Only read by ``Ranking/closestDailyMaxTemperature``: the event day has no daily maximum temperature.
    public var missingEventTemperature: MissingEventTemperature

    public init(
        name: String, pool: DayPool, lookbackDays: Int, skipDaysBeforeEvent: Int = 0, candidateDays: Int, selectedDays: Int,
        ranking: Ranking, weightsPPM: [Int64]? = nil, excludeHolidays: Bool = true, excludeEventDays: Bool = true,
        excludeOutageDays: Bool = true, excludeIncompleteDays: Bool = true, lowUsage: LowUsageRule? = nil, minimumDays: Int,
        fallback: Fallback, adjustment: Adjustment, adjustmentWindows: [Window], profileMinutes: Int? = nil,
        quantity: BaselineQuantity = .siteLoad, missingEventTemperature: MissingEventTemperature = .noBaseline
    ) {
        self.quantity = quantity
        self.name = name
        self.pool = pool
        self.lookbackDays = lookbackDays
        self.skipDaysBeforeEvent = skipDaysBeforeEvent
        self.candidateDays = candidateDays
        self.selectedDays = selectedDays
        self.ranking = ranking
        self.weightsPPM = weightsPPM
        self.excludeHolidays = excludeHolidays
        self.excludeEventDays = excludeEventDays
        self.excludeOutageDays = excludeOutageDays
        self.excludeIncompleteDays = excludeIncompleteDays
        self.lowUsage = lowUsage
        self.minimumDays = minimumDays
        self.fallback = fallback
        self.adjustment = adjustment
        self.adjustmentWindows = adjustmentWindows
        self.profileMinutes = profileMinutes
        self.missingEventTemperature = missingEventTemperature
    }

    /// Why the method cannot run as configured, or nil.
    public var problem: String? {
        if lookbackDays < 1 { return "lookbackDays must be at least 1 (saw \(lookbackDays))" }
        if candidateDays < 1 || selectedDays < 1 || selectedDays > candidateDays {
            return "need 1 ≤ selectedDays ≤ candidateDays (saw \(selectedDays) of \(candidateDays))"
        }
        if minimumDays < 0 || minimumDays > candidateDays { return "minimumDays must be between 0 and candidateDays (saw \(minimumDays))" }
        if let w = weightsPPM, w.count != selectedDays || w.reduce(0, +) != 1_000_000 || w.contains(where: { $0 < 0 }) {
            return "weightsPPM must give \(selectedDays) non-negative weights summing to 1,000,000 ppm (saw \(w))"
        }
        if let m = profileMinutes, ![5, 15, 30, 60].contains(m) { return "profileMinutes must be 5, 15, 30 or 60 (saw \(m))" }
        if adjustmentWindows.contains(where: { $0.hours < 1 || $0.offsetHours < 0 }) { return "adjustment windows need hours ≥ 1 and offsets ≥ 0" }
        return nil
    }
}

/// The quantity a baseline is of.
public enum BaselineQuantity: String, Sendable, Hashable, CaseIterable, Codable {
    /// The retail master meter's net import (delivered − received): load baselines (CAISO CLB, PJM, NYISO).
    case siteLoad = "site-load"
    /// The storage meter's output (received − delivered, discharge positive): MGO and seed 002.
    case deviceOutput = "device-output"
}
