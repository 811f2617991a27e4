/// A billing cycle: the local days `[start, end)` one bill covers.
///
/// Calendar months are the default (and what SAM bills). Utilities read most meters on a read schedule, so
/// a cycle can start on any day: ``BillingCycle/cycles(readDates:)`` turns meter-read dates into cycles.
/// Seasonal prices that are set per month (flat demand period, tier limits) follow the cycle's
/// ``billMonth``, the month of its last day; TOU energy and demand follow each interval's own month.
public struct BillingCycle: Sendable, Hashable, CustomStringConvertible {
    /// First local day of the cycle.
    public var start: LocalDate
    /// The day after the last day.
    public var end: LocalDate

    public init(start: LocalDate, end: LocalDate) {
        precondition(start < end, "a billing cycle needs at least one day")
        self.start = start
        self.end = end
    }

    /// The calendar month `year-month`.
    public static func calendarMonth(year: Int, month: Int) -> BillingCycle {
        let next = month == 12 ? LocalDate(year: year + 1, month: 1, day: 1) : LocalDate(year: year, month: month + 1, day: 1)
        return BillingCycle(start: LocalDate(year: year, month: month, day: 1), end: next)
    }

    /// Twelve calendar months from January of `year`.
    public static func calendarYear(_ year: Int) -> [BillingCycle] { (1...12).map { calendarMonth(year: year, month: $0) } }

    /// Cycles between consecutive meter-read dates: a read on day d closes the cycle that ends the day before.
    /// Dates must be strictly increasing.
    public static func cycles(readDates: [LocalDate]) throws(BillingCycleError) -> [BillingCycle] {
        guard readDates.count >= 2 else { throw BillingCycleError(message: "need at least two read dates to make a cycle, got \(readDates.count)") }
        var out: [BillingCycle] = []
        for i in 1..<readDates.count {
            guard readDates[i - 1] < readDates[i] else {
                throw BillingCycleError(message: "read dates must increase: \(readDates[i - 1]) is followed by \(readDates[i])")
            }
            out.append(BillingCycle(start: readDates[i - 1], end: readDates[i]))
        }
        return out
    }

    public var days: Int { Int(end.daysSinceEpoch - start.daysSinceEpoch) }
    public var lastDay: LocalDate { end.adding(days: -1) }
    /// Month (1…12) whose seasonal prices apply: the month of the last day.
    public var billMonth: Int { lastDay.month }
    public var billYear: Int { lastDay.year }
    public var isCalendarMonth: Bool { start.day == 1 && end.day == 1 && days == LocalDate.daysInMonth(year: start.year, month: start.month) }

    public var description: String {
        isCalendarMonth ? String(start.description.prefix(7)) : "\(start)…\(lastDay)"
    }
}

public struct BillingCycleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
