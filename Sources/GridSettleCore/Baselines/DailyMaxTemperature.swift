/// One outdoor temperature reading (dataset file `temperature.csv`), for weather-matching baselines
/// (research baselines.md §2.6). Kept exact in milli-°F: the ranking compares temperatures, and a `Double`
/// compare would make the chosen days depend on binary rounding of the input text.
public struct TemperatureReading: Sendable, Hashable {
    /// When the reading was taken (or its interval starts; the format does not say which, and the daily
    /// maximum does not need to know).
    public var start: Instant
    /// °F × 1000.
    public var milliF: Int64
    /// `file:line` it was read from.
    public var source: String

    public init(start: Instant, milliF: Int64, source: String = "") {
        self.start = start
        self.milliF = milliF
        self.source = source
    }
}

/// The daily maximum temperature per local day (the site calendar's zone), what ESDER 2 weather matching
/// ranks days by (research §2.6 `[U]`).
///
/// Completeness rule `[D]` (the research gives none): a day has a maximum only when its readings cover
/// **every local hour** of the day — 24 hours, 23 on the spring-forward day, 25 on the fall-back day, counted
/// as elapsed hours from local midnight. A maximum over part of a day (a logger that stopped at noon) would
/// understate the day's heat and pull the wrong days into the baseline, so such a day has no maximum and is
/// listed in ``partialDays``; the engine then rejects it as "no temperature", never silently.
public struct DailyMaxTemperature: Sendable, Hashable {
    /// milli-°F by local day, for the days whose readings cover every local hour.
    public var milliF: [LocalDate: Int64]
    /// Days with some readings but not one in every local hour: the number of hours covered.
    public var partialDays: [LocalDate: Int]

    public init(milliF: [LocalDate: Int64], partialDays: [LocalDate: Int] = [:]) {
        self.milliF = milliF
        self.partialDays = partialDays
    }

    /// The maxima of `readings` (any order) per local day of `tz`.
    public init(_ readings: [TemperatureReading], timeZone tz: MarketTimeZone) {
        struct Day {
            var max: Int64
            /// Bit h = a reading in elapsed hour h after local midnight (at most 25 hours).
            var hours: UInt32
            var length: Int
        }
        var days: [LocalDate: Day] = [:]
        // consecutive readings mostly share a day: keep its bounds instead of recomputing them per reading
        var current: (date: LocalDate, start: Int64, end: Int64)? = nil
        for r in readings {
            let t = r.start.secondsSinceEpoch
            if current == nil || t < current!.start || t >= current!.end {
                let date = tz.localTime(r.start).date
                let (s, e) = tz.dayBounds(date)
                current = (date, s.secondsSinceEpoch, e.secondsSinceEpoch)
            }
            let c = current!
            let bit = UInt32(1) << UInt32((t - c.start) / 3600)
            if var d = days[c.date] {
                d.max = Swift.max(d.max, r.milliF)
                d.hours |= bit
                days[c.date] = d
            } else {
                days[c.date] = Day(max: r.milliF, hours: bit, length: Int((c.end - c.start) / 3600))
            }
        }
        var values: [LocalDate: Int64] = [:]
        var partial: [LocalDate: Int] = [:]
        for (date, d) in days {
            if d.hours == (UInt32(1) << UInt32(d.length)) - 1 {
                values[date] = d.max
            } else {
                partial[date] = d.hours.nonzeroBitCount
            }
        }
        self.init(milliF: values, partialDays: partial)
    }

    public subscript(_ date: LocalDate) -> Int64? { milliF[date] }
}
