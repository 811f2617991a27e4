/// The wholesale market a resource trades in. Each market has its own local time and conventions.
public enum Market: String, Codable, Sendable, Hashable, CaseIterable {
    case caiso = "CAISO"
    case pjm = "PJM"

    public var timeZone: MarketTimeZone {
        switch self {
        case .caiso: return .losAngeles
        case .pjm: return .newYork
        }
    }
}

/// Whether a local day is a working day, a weekend day or a holiday; tariffs and baselines key on it.
public enum DayType: String, Sendable, Hashable, Codable {
    case weekday, weekend, holiday
}

/// An hour-ending label on a trading day: HE1 … HE24, with HE25 for the repeated hour of the fall-back
/// day (CAISO OASIS places it between HE2 and HE3) and no HE3 on the spring-forward day.
public struct HourEnding: Hashable, Sendable, CustomStringConvertible {
    public var tradingDay: LocalDate
    /// 1 … 25.
    public var label: Int
    public var description: String { "\(tradingDay) HE\(label)" }
}

/// A market calendar: the market's time zone plus its holidays, kept as data.
///
/// Trading days, hour-ending labels and day types are derived from UTC instants here, never stored.
public struct MarketCalendar: Sendable, Hashable {
    public var market: Market?
    public var timeZone: MarketTimeZone
    /// Holidays as data. ``nercHolidays(years:)`` gives the usual set; a site file may replace it.
    public var holidays: Set<LocalDate>

    public init(market: Market, holidays: Set<LocalDate>? = nil, years: ClosedRange<Int> = 2000...2040) {
        self.market = market
        self.timeZone = market.timeZone
        self.holidays = holidays ?? MarketCalendar.nercHolidays(years: years)
    }

    public init(timeZone: MarketTimeZone, holidays: Set<LocalDate> = []) {
        self.market = nil
        self.timeZone = timeZone
        self.holidays = holidays
    }

    /// The trading day (local calendar date) an instant belongs to.
    public func tradingDay(of instant: Instant) -> LocalDate { timeZone.localTime(instant).date }

    public func dayType(_ date: LocalDate) -> DayType {
        if holidays.contains(date) { return .holiday }
        return date.isWeekend ? .weekend : .weekday
    }

    /// Number of hours in a trading day: 23, 24 or 25.
    public func hoursInDay(_ date: LocalDate) -> Int {
        let b = timeZone.dayBounds(date)
        return Int((b.end.secondsSinceEpoch - b.start.secondsSinceEpoch) / 3600)
    }

    /// The hour-ending label of the hour containing `instant`.
    ///
    /// Labels follow the local clock: the hour 00:00–01:00 is HE1. On the fall-back day the second 01:00
    /// hour is HE25; on the spring-forward day there is no HE3.
    public func hourEnding(of instant: Instant) -> HourEnding {
        let local = timeZone.localTime(instant)
        let day = local.date
        let start = timeZone.startOfDay(day)
        let elapsedHours = Int((instant.secondsSinceEpoch - start.secondsSinceEpoch) / 3600)
        let hours = hoursInDay(day)
        if hours == 25 && elapsedHours == 2 { return HourEnding(tradingDay: day, label: 25) }
        return HourEnding(tradingDay: day, label: local.hour + 1)
    }

    /// The UTC start of each hour of a trading day, in time order, with its label.
    public func hours(of date: LocalDate) -> [(start: Instant, label: HourEnding)] {
        let b = timeZone.dayBounds(date)
        return stride(from: b.start.secondsSinceEpoch, to: b.end.secondsSinceEpoch, by: 3600).map {
            let i = Instant(secondsSinceEpoch: $0)
            return (i, hourEnding(of: i))
        }
    }

    /// The usual NERC holidays (New Year's Day, Memorial Day, Independence Day, Labor Day, Thanksgiving,
    /// Christmas), moved to Monday when they fall on a Sunday. Used for TOU off-peak days by SCE and for
    /// baseline day selection; a site file may give its own list instead.
    public static func nercHolidays(years: ClosedRange<Int>) -> Set<LocalDate> {
        var out = Set<LocalDate>()
        for y in years {
            func observed(_ d: LocalDate) -> LocalDate { d.weekday == 0 ? d.adding(days: 1) : d }
            out.insert(observed(LocalDate(year: y, month: 1, day: 1)))
            out.insert(.nthWeekday(-1, weekday: 1, year: y, month: 5))
            out.insert(observed(LocalDate(year: y, month: 7, day: 4)))
            out.insert(.nthWeekday(1, weekday: 1, year: y, month: 9))
            out.insert(.nthWeekday(4, weekday: 4, year: y, month: 11))
            out.insert(observed(LocalDate(year: y, month: 12, day: 25)))
        }
        return out
    }
}
