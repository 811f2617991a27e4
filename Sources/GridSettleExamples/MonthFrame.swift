import GridSettleCore

/// The calendar skeleton of one settlement month, computed once and shared by every resource of a fleet:
/// the period, the meter grid, the local days and, per meter interval, its local hour and day.
struct MonthFrame: Sendable {
    struct Day: Sendable {
        var date: LocalDate
        var start: Instant
        var end: Instant
        var dayType: DayType
        /// A working day: a weekday that is not a holiday. Awards, trips and EV charging happen on these.
        var isWorking: Bool { dayType == .weekday }
        var hours: Int { Int((end.secondsSinceEpoch - start.secondsSinceEpoch) / 3600) }
    }

    let zone: MarketTimeZone
    let calendar: MarketCalendar
    let period: SettlementPeriod
    let start: Instant
    let end: Instant
    let meterSeconds: Int64
    let meterGrid: IntervalGrid
    let days: [Day]
    /// Per meter interval: local clock time of its start in hours (0 ..< 24, fractional).
    let localHour: ContiguousArray<Double>
    /// Per meter interval: index into `days`.
    let dayIndex: ContiguousArray<Int32>

    var hourCount: Int { Int((end.secondsSinceEpoch - start.secondsSinceEpoch) / 3600) }
    var quarterCount: Int { hourCount * 4 }
    var fiveCount: Int { hourCount * 12 }

    init(year: Int, month: Int, intervalMinutes: Int, market: Market = .caiso) {
        precondition((1...12).contains(month), "month must be 1 … 12")
        precondition([1, 5, 15, 30, 60].contains(intervalMinutes), "intervalMinutes must be 1, 5, 15, 30 or 60")
        zone = market.timeZone
        calendar = MarketCalendar(market: market, years: (year - 1)...(year + 1))
        let first = LocalDate(year: year, month: month, day: 1)
        let next = month == 12 ? LocalDate(year: year + 1, month: 1, day: 1) : LocalDate(year: year, month: month + 1, day: 1)
        period = SettlementPeriod(start: first, end: next)
        let b = period.bounds(in: zone)
        start = b.start
        end = b.end
        meterSeconds = Int64(intervalMinutes) * 60
        meterGrid = IntervalGrid(start: start, end: end, seconds: meterSeconds)

        var days: [Day] = []
        var d = first
        while d < next {
            let bounds = zone.dayBounds(d)
            days.append(Day(date: d, start: bounds.start, end: bounds.end, dayType: calendar.dayType(d)))
            d = d.adding(days: 1)
        }
        self.days = days

        var hours = ContiguousArray<Double>()
        var dayIdx = ContiguousArray<Int32>()
        hours.reserveCapacity(meterGrid.count)
        dayIdx.reserveCapacity(meterGrid.count)
        var di = 0
        for i in 0..<meterGrid.count {
            let t = meterGrid.startOf(i)
            while t >= days[di].end { di += 1 }
            let local = zone.localTime(t)
            hours.append(Double(local.secondOfDay) / 3600)
            dayIdx.append(Int32(di))
        }
        localHour = hours
        dayIndex = dayIdx
    }

    /// The UTC instant of local wall-clock `hour:minute` on `day` (meant for working days, which are never
    /// daylight-saving change days; on those the earlier of two readings is used).
    func instant(_ day: Day, hour: Int, minute: Int = 0) -> Instant {
        let wall = day.date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60)
        let guess = Instant(secondsSinceEpoch: wall - zone.standardOffsetSeconds)
        return Instant(secondsSinceEpoch: wall - zone.offsetSeconds(at: guess))
    }

    @inline(__always) func hourIndex(_ t: Instant) -> Int { Int((t.secondsSinceEpoch - start.secondsSinceEpoch) / 3600) }
    @inline(__always) func quarterIndex(_ t: Instant) -> Int { Int((t.secondsSinceEpoch - start.secondsSinceEpoch) / 900) }
    @inline(__always) func fiveIndex(_ t: Instant) -> Int { Int((t.secondsSinceEpoch - start.secondsSinceEpoch) / 300) }
    @inline(__always) func meterIndex(_ t: Instant) -> Int { Int((t.secondsSinceEpoch - start.secondsSinceEpoch) / meterSeconds) }
}

/// Hermite smoothstep on `[0, 1]`, clamped: smooth ramps without transcendental functions.
@inline(__always)
func smoothstep(_ x: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    return x * x * (3 - 2 * x)
}

@inline(__always)
func clamp(_ x: Double, _ lo: Double, _ hi: Double) -> Double { x < lo ? lo : (x > hi ? hi : x) }

/// Rounds a Double quantity (kWh, MW, $) to an integer count of micro-units.
@inline(__always)
func micro(_ x: Double) -> Int64 { Int64((x * 1_000_000).rounded()) }

/// Rounds to a multiple of `step` micro-units.
@inline(__always)
func micro(_ x: Double, step: Int64) -> Int64 {
    let v = (x * 1_000_000 / Double(step)).rounded()
    return Int64(v) * step
}
