import GridSettleCore

/// One resource-year for the baseline benchmark (issue #4): a year (2023) of 15-minute site load in Los
/// Angeles time (35,040 intervals) and 50 event days, each a 14:00–18:00 dispatch on a summer or early-autumn
/// weekday. The load is generated from the resource number, so 10,000 resources need no stored input and
/// memory stays flat.
public enum BaselineYear {
    public static let zone = MarketTimeZone.losAngeles
    public static let calendar = MarketCalendar(market: .caiso)
    public static let firstDay = LocalDate(year: 2023, month: 1, day: 1)

    /// µkWh per 15 minutes: a daily shape (afternoon peak), a weekly shape and a per-resource scale and noise.
    public static func series(resource r: Int) -> EnergySeries {
        let start = zone.startOfDay(firstDay)
        let end = zone.startOfDay(LocalDate(year: 2024, month: 1, day: 1))
        let grid = IntervalGrid(start: start, end: end, seconds: 900)
        var e = ContiguousArray<Int64>(repeating: 0, count: grid.count)
        let scale = Int64(20 + r % 80)
        var state = UInt64(truncatingIfNeeded: r) &* 0x9E37_79B9_7F4A_7C15 | 1
        for i in 0..<grid.count {
            let quarter = i % 96
            let day = i / 96
            let peak: Int64 = quarter >= 48 && quarter < 76 ? 60 : (quarter >= 28 ? 35 : 20)
            let weekend: Int64 = (day + 0) % 7 == 0 || day % 7 == 6 ? 60 : 100  // 2023-01-01 is a Sunday
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Int64((state >> 40) % 200)
            // kW × 250,000 = µkWh per 15 minutes
            e[i] = (scale * peak * weekend / 100 + noise / 10) * 250_000
        }
        return EnergySeries(grid: grid, microKWh: e)
    }

    /// 50 weekday event days between June and October (the same days for every resource, shifted by its
    /// number so look-backs differ), 14:00–18:00 local.
    public static func events(resource r: Int) -> [BaselineEvent] {
        var out: [BaselineEvent] = []
        var d = LocalDate(year: 2023, month: 6, day: 1).adding(days: r % 7)
        while out.count < 50 {
            if !d.isWeekend && !calendar.holidays.contains(d) {
                let s = zone.startOfDay(d).adding(seconds: 14 * 3600)
                out.append(BaselineEvent(start: s, end: s.adding(seconds: 4 * 3600)))
                d = d.adding(days: 2)
            } else {
                d = d.adding(days: 1)
            }
        }
        return out
    }

    /// Baselines for all 50 events of one resource; returns the sum of the event reductions (µkWh) as a checksum.
    public static func run(resource r: Int, method: BaselineMethod = BaselinePresets.caisoWeekday) -> Int64 {
        let s = series(resource: r)
        let ev = events(resource: r)
        let days = Set(ev.map { zone.localTime($0.start).date })
        let input = BaselineInput(series: s, calendar: calendar, eventDays: days)
        let engine = DayMatchingBaseline(method)
        let profiles = DayProfiles(s, timeZone: zone, slotMinutes: method.profileMinutes)
        var total: Int64 = 0
        for e in ev { total &+= engine.baseline(input, profiles: profiles, event: e).loadReductionMicroKWh }
        return total
    }
}
