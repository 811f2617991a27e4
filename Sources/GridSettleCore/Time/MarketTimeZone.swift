/// A North American market time zone with its daylight-saving rule, computed without a tz database.
///
/// CAISO trades in America/Los_Angeles and PJM in America/New_York. Both follow the US rule: since 2007
/// daylight time runs from the second Sunday of March at 02:00 standard time to the first Sunday of
/// November at 02:00 daylight time; from 1987 to 2006 it ran from the first Sunday of April to the last
/// Sunday of October. The rule is pure arithmetic, so the core needs no Foundation; tests cross-check it
/// against the system tz database hour by hour.
public struct MarketTimeZone: Hashable, Sendable, CustomStringConvertible {
    /// IANA identifier, e.g. `America/Los_Angeles`.
    public var identifier: String
    /// Offset of standard time from UTC in seconds (negative west of Greenwich).
    public var standardOffsetSeconds: Int64
    /// Whether the zone observes US daylight-saving time.
    public var observesDST: Bool

    public init(identifier: String, standardOffsetSeconds: Int64, observesDST: Bool = true) {
        self.identifier = identifier
        self.standardOffsetSeconds = standardOffsetSeconds
        self.observesDST = observesDST
    }

    public static let losAngeles = MarketTimeZone(identifier: "America/Los_Angeles", standardOffsetSeconds: -8 * 3600)
    public static let newYork = MarketTimeZone(identifier: "America/New_York", standardOffsetSeconds: -5 * 3600)
    public static let utc = MarketTimeZone(identifier: "UTC", standardOffsetSeconds: 0, observesDST: false)
    public static let chicago = MarketTimeZone(identifier: "America/Chicago", standardOffsetSeconds: -6 * 3600)
    public static let denver = MarketTimeZone(identifier: "America/Denver", standardOffsetSeconds: -7 * 3600)
    public static let phoenix = MarketTimeZone(identifier: "America/Phoenix", standardOffsetSeconds: -7 * 3600, observesDST: false)

    /// The zones a site file may name (US rules since 2007; Phoenix keeps standard time).
    public static let known: [MarketTimeZone] = [.newYork, .chicago, .denver, .phoenix, .losAngeles, .utc]

    public static func named(_ identifier: String) -> MarketTimeZone? { known.first { $0.identifier == identifier } }

    public var description: String { identifier }

    /// The UTC instants at which daylight time starts and ends in `year`.
    public func dstTransitions(year: Int) -> (start: Instant, end: Instant)? {
        guard observesDST, year >= 1987 else { return nil }
        let startDate: LocalDate
        let endDate: LocalDate
        if year >= 2007 {
            startDate = .nthWeekday(2, weekday: 0, year: year, month: 3)
            endDate = .nthWeekday(1, weekday: 0, year: year, month: 11)
        } else {
            startDate = .nthWeekday(1, weekday: 0, year: year, month: 4)
            endDate = .nthWeekday(-1, weekday: 0, year: year, month: 10)
        }
        // 02:00 local standard time, and 02:00 local daylight time (= 01:00 standard).
        let start = Instant(secondsSinceEpoch: startDate.daysSinceEpoch * 86_400 + 7200 - standardOffsetSeconds)
        let end = Instant(secondsSinceEpoch: endDate.daysSinceEpoch * 86_400 + 3600 - standardOffsetSeconds)
        return (start, end)
    }

    /// Whether daylight time is in force at `instant`.
    public func isDaylightTime(_ instant: Instant) -> Bool {
        let year = Instant(secondsSinceEpoch: instant.secondsSinceEpoch + standardOffsetSeconds).utc.date.year
        guard let t = dstTransitions(year: year) else { return false }
        return instant >= t.start && instant < t.end
    }

    /// Offset from UTC in force at `instant`, in seconds.
    public func offsetSeconds(at instant: Instant) -> Int64 {
        standardOffsetSeconds + (isDaylightTime(instant) ? 3600 : 0)
    }

    /// The local wall-clock time of `instant`.
    public func localTime(_ instant: Instant) -> LocalDateTime {
        LocalDateTime(secondsSinceLocalEpoch: instant.secondsSinceEpoch + offsetSeconds(at: instant))
    }

    /// The UTC instant of local midnight starting `date`. Midnight is never skipped or repeated in US zones.
    public func startOfDay(_ date: LocalDate) -> Instant { startOfDay(daysSinceEpoch: date.daysSinceEpoch) }

    /// The UTC instant of local midnight starting the day `daysSinceEpoch` days after 1970-01-01.
    public func startOfDay(daysSinceEpoch day: Int64) -> Instant {
        let guess = Instant(secondsSinceEpoch: day * 86_400 - standardOffsetSeconds)
        return Instant(secondsSinceEpoch: day * 86_400 - offsetSeconds(at: guess))
    }

    /// The instants `[start, end)` of a local day: 23, 24 or 25 hours long.
    public func dayBounds(_ date: LocalDate) -> (start: Instant, end: Instant) {
        (startOfDay(date), startOfDay(date.adding(days: 1)))
    }
}
