/// Monthly net benefits test (NBT) threshold prices: FERC Order 745 pays demand response the full LMP only
/// in hours whose LMP is at or above the month's threshold, the price above which the drop in LMP from the
/// reduction outweighs the cost to load of paying for it. Seed 002 ("Alternative Baseline Likely Dispatch")
/// prints one on-peak and one off-peak price per month and counts the workdays with LMP above the on-peak
/// price.
///
/// Prices are µ$/MWh, like ``PricePoint/microPrice``. CAISO publishes an on-peak and an off-peak "default net
/// benefits test threshold price" per month; PJM publishes one price per month, which is given here as equal
/// on-peak and off-peak prices `[U]`. The seed's off-peak prices are above its on-peak ones in most months,
/// so nothing here assumes an order between the two.
public struct NetBenefitsThresholds: Sendable, Hashable, Codable {
    /// A calendar month; the threshold of an hour is that of the local month of its trading day.
    public struct Month: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
        public var year: Int
        /// 1 … 12.
        public var month: Int

        public init(year: Int, month: Int) {
            self.year = year
            self.month = month
        }

        public init(_ date: LocalDate) { self.init(year: date.year, month: date.month) }

        public static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }

        /// `YYYY-MM`.
        public var description: String { String(LocalDate(year: year, month: month, day: 1).description.prefix(7)) }
    }

    /// One month's thresholds, µ$/MWh.
    public struct Prices: Sendable, Hashable, Codable {
        public var onPeakMicroPrice: Int64
        public var offPeakMicroPrice: Int64

        public init(onPeakMicroPrice: Int64, offPeakMicroPrice: Int64) {
            self.onPeakMicroPrice = onPeakMicroPrice
            self.offPeakMicroPrice = offPeakMicroPrice
        }

        /// One price for every hour (PJM's single monthly NBT price).
        public init(allHoursMicroPrice p: Int64) { self.init(onPeakMicroPrice: p, offPeakMicroPrice: p) }

        public func microPrice(_ period: Period) -> Int64 { period == .onPeak ? onPeakMicroPrice : offPeakMicroPrice }
    }

    public enum Period: String, Sendable, Hashable, Codable { case onPeak, offPeak }

    /// Which local hours use the on-peak price; every other hour uses the off-peak one.
    ///
    /// Hours are local clock hours, so the definition holds across DST: HE7 is 06:00–07:00 on the wall clock
    /// whatever the UTC offset, and the repeated 01:00 hour of the fall-back day (HE25) is off-peak whenever
    /// HE2 is.
    public struct OnPeakDefinition: Sendable, Hashable, Codable {
        /// First and last on-peak hour ending, 1 … 24 (HE7 = local 06:00–07:00).
        public var firstHourEnding: Int
        public var lastHourEnding: Int
        /// On-peak weekdays, 0 = Sunday … 6 = Saturday.
        public var weekdays: Set<Int>
        /// Whether the calendar's holidays are off-peak all day.
        public var holidaysAreOffPeak: Bool

        public init(firstHourEnding: Int, lastHourEnding: Int, weekdays: Set<Int>, holidaysAreOffPeak: Bool) {
            self.firstHourEnding = firstHourEnding
            self.lastHourEnding = lastHourEnding
            self.weekdays = weekdays
            self.holidaysAreOffPeak = holidaysAreOffPeak
        }

        /// NERC / WECC on-peak: HE7–HE22 (local 06:00–22:00), Monday–Saturday, holidays off-peak `[U]` — the
        /// default until the ISO's own definition for its NBT prices is confirmed. The holidays are the
        /// calendar's (``MarketCalendar/nercHolidays(years:)`` for `MarketCalendar(market:)`).
        public static let nerc = OnPeakDefinition(firstHourEnding: 7, lastHourEnding: 22, weekdays: [1, 2, 3, 4, 5, 6], holidaysAreOffPeak: true)

        /// The period of the local clock hour `hour` (0 … 23) of `date`.
        public func period(date: LocalDate, hour: Int, calendar: MarketCalendar) -> Period {
            if holidaysAreOffPeak && calendar.holidays.contains(date) { return .offPeak }
            guard weekdays.contains(date.weekday) else { return .offPeak }
            return hour + 1 >= firstHourEnding && hour + 1 <= lastHourEnding ? .onPeak : .offPeak
        }

        /// Why the definition cannot be used, or nil.
        public var problem: String? {
            if firstHourEnding < 1 || lastHourEnding > 24 || firstHourEnding > lastHourEnding {
                return "on-peak hours need 1 ≤ firstHourEnding ≤ lastHourEnding ≤ 24 (saw HE\(firstHourEnding)–HE\(lastHourEnding))"
            }
            if weekdays.contains(where: { !(0...6).contains($0) }) { return "on-peak weekdays must be 0 (Sunday) … 6 (Saturday)" }
            return nil
        }
    }

    public var monthly: [Month: Prices]
    public var onPeak: OnPeakDefinition

    public init(monthly: [Month: Prices], onPeak: OnPeakDefinition = .nerc) {
        self.monthly = monthly
        self.onPeak = onPeak
    }

    /// The threshold in µ$/MWh, or nil when the month has none.
    public func microPrice(_ month: Month, _ period: Period) -> Int64? { monthly[month]?.microPrice(period) }
}

/// The net benefits test over one node's LMPs: which intervals and hours clear the month's threshold, and
/// which workdays have a passing hour (seed 002's "Dispatch Days").
///
/// A price passes when LMP ≥ threshold: FERC Order 745 pays the LMP "at or above" the threshold; the seed's
/// heading says "above", which differs only on an exact tie. A month without a threshold is an error that
/// lists the months, never a silent pass or fail.
public enum NetBenefitsTest {
    /// One interval LMP: µ$/MWh over `[start, start + seconds)`. The duration must divide an hour and the
    /// interval must lie inside one local clock hour (hourly, 15- and 5-minute prices do).
    public struct LMP: Sendable, Hashable {
        public var start: Instant
        public var seconds: Int64
        public var microPrice: Int64

        public init(start: Instant, seconds: Int64, microPrice: Int64) {
            self.start = start
            self.seconds = seconds
            self.microPrice = microPrice
        }

        /// From a dataset price; the caller picks the node, run and product (LMP).
        public init(_ p: PricePoint) { self.init(start: p.start, seconds: p.seconds, microPrice: p.microPrice) }
    }

    /// How an hour of sub-hourly prices passes `[U]`: the settlement rule of the ISO's DR program decides.
    public enum HourlyRule: String, Sendable, Hashable, Codable {
        /// Any interval in the hour passes.
        case anyInterval
        /// The time-weighted mean LMP of the hour passes (compared exactly: Σ price·s ≥ threshold·Σ s).
        case hourlyAverage
    }

    /// Which passing hours make a workday a dispatch day `[U]`: the brief counts any hour; the seed's
    /// column compares with the on-peak price, which may mean on-peak hours only.
    public enum DispatchDayHours: String, Sendable, Hashable, Codable {
        case allHours
        case onPeakHoursOnly
    }

    public struct IntervalResult: Sendable, Hashable {
        public var start: Instant
        public var seconds: Int64
        public var microPrice: Int64
        public var period: NetBenefitsThresholds.Period
        public var thresholdMicroPrice: Int64
        public var passes: Bool
    }

    /// One local clock hour holding at least one interval.
    public struct HourResult: Sendable, Hashable {
        /// UTC start of the local clock hour.
        public var start: Instant
        /// Trading day and label (HE25 for the repeated fall-back hour, no HE3 on the spring-forward day).
        public var hourEnding: HourEnding
        /// Local clock hour 0 … 23.
        public var localHour: Int
        public var period: NetBenefitsThresholds.Period
        public var thresholdMicroPrice: Int64
        /// Seconds of the hour with a price; an incomplete hour is averaged over what it has `[U]`.
        public var coveredSeconds: Int64
        /// Time-weighted mean LMP, µ$/MWh, rounded half away from zero (for display; the test is exact).
        public var averageMicroPrice: Int64
        public var anyIntervalPasses: Bool
        public var averagePasses: Bool
        /// The verdict under the chosen ``HourlyRule``.
        public var passes: Bool
    }

    /// A workday (Monday–Friday, not a holiday unless `holidaysAreWorkdays`) with at least one passing hour.
    public struct DaySummary: Sendable, Hashable {
        public var date: LocalDate
        public var passingHours: [HourResult]
        /// The passing hours' hour-ending labels, in time order.
        public var hourEndings: [Int] { passingHours.map(\.hourEnding.label) }
    }

    public struct Result: Sendable, Hashable {
        public var hourlyRule: HourlyRule
        public var dispatchDayHours: DispatchDayHours
        /// In time order.
        public var intervals: [IntervalResult]
        /// In time order.
        public var hours: [HourResult]
        /// Workdays with a passing hour, in date order.
        public var dispatchDays: [DaySummary]

        /// The seed's "Dispatch Days" for one month.
        public func dispatchDayCount(_ month: NetBenefitsThresholds.Month) -> Int {
            dispatchDays.reduce(0) { $0 + (NetBenefitsThresholds.Month($1.date) == month ? 1 : 0) }
        }

        /// The hours of one trading day, in time order.
        public func hours(of date: LocalDate) -> [HourResult] { hours.filter { $0.hourEnding.tradingDay == date } }
    }

    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// Months holding prices but no threshold, ascending.
        case missingThresholds([NetBenefitsThresholds.Month])
        case invalidInterval(start: Instant, seconds: Int64, reason: String)
        case invalidConfiguration(String)

        public var description: String {
            switch self {
            case .missingThresholds(let m): return "no net benefits threshold for \(m.map(\.description).joined(separator: ", "))"
            case .invalidInterval(let s, let n, let why): return "LMP interval \(s) (\(n) s): \(why)"
            case .invalidConfiguration(let why): return why
            }
        }
    }

    /// Tests every interval and hour of `lmps` (one node) against `thresholds`, in `calendar`'s local time.
    ///
    /// `holidaysAreWorkdays` `[U]`: a dispatch day is Monday–Friday and, by default, not one of the calendar's
    /// holidays. The seed's counts of 20 (Nov-14) and 23 (Jan-13) exceed the 19 and 22 weekdays left after the
    /// NERC holidays (Thanksgiving, New Year's Day), so the seed may have counted holidays as workdays.
    public static func evaluate(
        lmps: [LMP], thresholds: NetBenefitsThresholds, calendar: MarketCalendar,
        hourlyRule: HourlyRule = .hourlyAverage, dispatchDayHours: DispatchDayHours = .allHours,
        holidaysAreWorkdays: Bool = false
    ) throws(Failure) -> Result {
        if let why = thresholds.onPeak.problem { throw .invalidConfiguration(why) }
        let sorted = lmps.sorted { $0.start < $1.start }

        // Group into local clock hours; an interval must not straddle one or overlap the previous interval.
        var groups: [(start: Instant, local: LocalDateTime, lmps: [LMP])] = []
        var previousEnd: Instant?
        for p in sorted {
            guard p.seconds > 0, 3600 % p.seconds == 0 else {
                throw .invalidInterval(start: p.start, seconds: p.seconds, reason: "the duration must divide an hour")
            }
            if let e = previousEnd, p.start < e {
                throw .invalidInterval(start: p.start, seconds: p.seconds, reason: "overlaps the previous interval")
            }
            previousEnd = p.start.adding(seconds: p.seconds)
            let local = calendar.timeZone.localTime(p.start)
            let intoHour = Int64(local.minute * 60 + local.second)
            guard intoHour % p.seconds == 0 else {
                throw .invalidInterval(start: p.start, seconds: p.seconds, reason: "crosses a local hour boundary")
            }
            let hourStart = p.start.adding(seconds: -intoHour)
            if let last = groups.last, last.start == hourStart {
                groups[groups.count - 1].lmps.append(p)
            } else {
                groups.append((hourStart, calendar.timeZone.localTime(hourStart), [p]))
            }
        }

        let missing = Set(groups.map { NetBenefitsThresholds.Month($0.local.date) }).filter { thresholds.monthly[$0] == nil }
        if !missing.isEmpty { throw .missingThresholds(missing.sorted()) }

        var intervals: [IntervalResult] = []
        var hours: [HourResult] = []
        intervals.reserveCapacity(sorted.count)
        hours.reserveCapacity(groups.count)
        for g in groups {
            let period = thresholds.onPeak.period(date: g.local.date, hour: g.local.hour, calendar: calendar)
            let t = thresholds.microPrice(NetBenefitsThresholds.Month(g.local.date), period)!
            var weighted: Int128 = 0
            var seconds: Int64 = 0
            var anyPasses = false
            for p in g.lmps {
                let passes = p.microPrice >= t
                anyPasses = anyPasses || passes
                weighted += Int128(p.microPrice) * Int128(p.seconds)
                seconds += p.seconds
                intervals.append(IntervalResult(start: p.start, seconds: p.seconds, microPrice: p.microPrice, period: period,
                                                thresholdMicroPrice: t, passes: passes))
            }
            let averagePasses = weighted >= Int128(t) * Int128(seconds)
            hours.append(HourResult(
                start: g.start, hourEnding: calendar.hourEnding(of: g.start), localHour: g.local.hour, period: period,
                thresholdMicroPrice: t, coveredSeconds: seconds,
                averageMicroPrice: Rounding.int64(Rounding.divideHalfAwayFromZero(weighted, by: Int128(seconds))),
                anyIntervalPasses: anyPasses, averagePasses: averagePasses,
                passes: hourlyRule == .anyInterval ? anyPasses : averagePasses))
        }

        var days: [DaySummary] = []
        for h in hours where h.passes && (dispatchDayHours == .allHours || h.period == .onPeak) {
            let date = h.hourEnding.tradingDay
            guard (1...5).contains(date.weekday), holidaysAreWorkdays || !calendar.holidays.contains(date) else { continue }
            if days.last?.date == date { days[days.count - 1].passingHours.append(h) } else { days.append(DaySummary(date: date, passingHours: [h])) }
        }
        return Result(hourlyRule: hourlyRule, dispatchDayHours: dispatchDayHours, intervals: intervals, hours: hours, dispatchDays: days)
    }
}
