/// How a DSO forecasts an interface's net load for the next local day: the similar-day method and its
/// policies, as data, so a forecast can be reproduced from the method and the history alone.
///
/// The method (docs/dso-operations.md §1):
/// 1. **Like days.** Walk back from the target day, skipping ``skipDaysBeforeTarget`` days (a day-ahead
///    forecast is issued before the day before is over), through ``lookbackDays``; keep days of the target's
///    day type (weekday, weekend or holiday from the ``MarketCalendar``) that are complete and not excluded,
///    most recent first, until ``likeDays`` are found.
/// 2. **Too few.** With fewer than ``minimumDays``, ``fallback`` decides: widen (a holiday borrows weekend
///    days, then any day type fills up), or give no forecast. Never a zero-filled day.
/// 3. **Average by local slot.** Each slot of the target day is the mean of the same local clock slot over
///    the chosen days that have a value there (``DayProfiles``: DST days are aligned by wall clock, not by
///    interval index), µkW rounded half away from zero. A slot no chosen day has a value for is
///    unforecastable.
/// 4. **PV apart.** When PV members report their own output, gross load (net + PV) is averaged over the
///    like days, each member's PV over its ``pvDays`` most recent complete days of any day type (the sun
///    keeps no calendar) or taken from a supplied PV forecast, and net = gross − Σ PV.
public struct InterfaceForecastMethod: Sendable, Hashable, Codable {
    /// What to do when fewer than ``minimumDays`` like days qualify.
    public enum Fallback: String, Sendable, Hashable, Codable {
        /// Widen the pool in a fixed order until ``minimumDays`` are found: a holiday first borrows weekend
        /// days (holidays load like weekends), then days of any type fill up to ``likeDays``, most recent
        /// first. The forecast's notes and each day's ``LikeDayTier`` say which days were borrowed.
        case widen
        /// No forecast for the day: every slot is unforecastable and the notes say why.
        case unforecastable
    }

    /// N: like days averaged.
    public var likeDays: Int
    /// Days of a PV member's own output averaged (most recent complete days, any day type). A member needs
    /// at least `min(minimumDays, pvDays)` of them, or a supplied forecast for every slot.
    public var pvDays: Int
    /// Calendar days searched back from the target day (45, as the CAISO and PJM baselines).
    public var lookbackDays: Int
    /// Days right before the target that are never used: 1 by default, because the day-ahead forecast is
    /// made while the day before is still running (CAISO's day-ahead market closes at 10:00 the day before).
    public var skipDaysBeforeTarget: Int
    /// Fewer like days than this triggers the ``fallback``.
    public var minimumDays: Int
    public var fallback: Fallback
    /// Slot length in minutes (5, 15, 30 or 60); nil = the net-load series' own interval. Every series
    /// read (net and PV) must have an interval that divides it.
    public var slotMinutes: Int?

    public init(
        likeDays: Int = 5, pvDays: Int = 3, lookbackDays: Int = 45, skipDaysBeforeTarget: Int = 1, minimumDays: Int = 3,
        fallback: Fallback = .widen, slotMinutes: Int? = nil
    ) {
        self.likeDays = likeDays
        self.pvDays = pvDays
        self.lookbackDays = lookbackDays
        self.skipDaysBeforeTarget = skipDaysBeforeTarget
        self.minimumDays = minimumDays
        self.fallback = fallback
        self.slotMinutes = slotMinutes
    }

    /// The defaults: 5 like days, 3 PV days, 45-day look-back skipping the day before, at least 3 days, widen.
    public static let standard = InterfaceForecastMethod()

    /// Why the method cannot run as configured, or nil.
    public var problem: String? {
        if likeDays < 1 { return "likeDays must be at least 1 (saw \(likeDays))" }
        if pvDays < 1 { return "pvDays must be at least 1 (saw \(pvDays))" }
        if minimumDays < 1 || minimumDays > likeDays { return "minimumDays must be between 1 and likeDays (saw \(minimumDays) of \(likeDays))" }
        if skipDaysBeforeTarget < 0 { return "skipDaysBeforeTarget must not be negative (saw \(skipDaysBeforeTarget))" }
        if lookbackDays <= skipDaysBeforeTarget {
            return "lookbackDays (\(lookbackDays)) must exceed skipDaysBeforeTarget (\(skipDaysBeforeTarget))"
        }
        if let m = slotMinutes, ![5, 15, 30, 60].contains(m) { return "slotMinutes must be 5, 15, 30 or 60 (saw \(m))" }
        return nil
    }
}

/// Why a forecast could not be set up: a bad method, or a series whose interval does not divide the slot.
public struct InterfaceForecastError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
