import Testing

@testable import GridSettleCore

/// Seed 002 ("PDR Energy Baseline Alternative", 27 Oct 2015), slide 7: measurements at HE 15:00 on the ten
/// prior workdays and the dispatch day 22 Sep 2014. G is the storage meter (charging positive), N the site
/// meter, L = N − G the facility load. G_TYPICAL = mean of G over the 10 days = −37 kW; P = −(G − G_TYPICAL)
/// = 174 kW. The data are 5-minute and vary inside the hour, so the test also checks "5-minute data averaged
/// to the hour and then over the days".
@Suite("Seed 002 battery baseline (G_TYPICAL)")
struct Seed002BaselineTests {
    static let calendar = MarketCalendar(timeZone: .losAngeles, holidays: [LocalDate(year: 2014, month: 9, day: 1)])
    static let dispatch = LocalDate(year: 2014, month: 9, day: 22)

    /// (day of September, N kW, G kW, L kW) at HE 15:00, as printed in the seed.
    static let table: [(Int, Int64, Int64, Int64)] = [
        (8, 723, -28, 751), (9, 723, -28, 751), (10, 723, -15, 738), (11, 719, -8, 727), (12, 723, -27, 751),
        (15, 723, -127, 851), (16, 723, -66, 789), (17, 723, -50, 773), (18, 723, -21, 743), (19, 723, 0, 700),
        (22, 543, -211, 754),
    ]

    /// 5-minute µkWh from 2014-09-08 00:00 to 2014-09-23 00:00 local; `kW(day, hour)` gives the hour's mean kW,
    /// spread unevenly over the twelve 5-minute intervals (their sum is exactly the hour's energy).
    static func series(_ kW: (Int, Int) -> Int64, missing: Set<Int> = []) -> EnergySeries {
        let start = MarketTimeZone.losAngeles.startOfDay(LocalDate(year: 2014, month: 9, day: 8))
        let grid = IntervalGrid(start: start, seconds: 300, count: 15 * 288)
        var e = ContiguousArray<Int64>()
        var q = ContiguousArray<DataQuality>()
        for i in 0..<grid.count {
            let day = 8 + i / 288
            let hour = (i % 288) / 12
            let k = Int64(i % 12)
            let hourMicroKWh = kW(day, hour) * 1_000_000
            // uneven inside the hour: ±(k − 6) × 83,333 µkWh around the mean; the last interval is fixed below
            let v = hourMicroKWh / 12 + (k - 6) * 83_333
            e.append(v)
            q.append(missing.contains(i) ? .missing : .actual)
        }
        // make each hour's sum exact: fix the last interval of every hour
        for h in stride(from: 0, to: grid.count, by: 12) {
            let day = 8 + h / 288
            let hour = (h % 288) / 12
            let target = kW(day, hour) * 1_000_000
            let partial = e[h..<(h + 11)].reduce(0, +)
            e[h + 11] = target - partial
        }
        for i in 0..<grid.count where q[i] == .missing { e[i] = 0 }
        return EnergySeries(grid: grid, microKWh: e, quality: q)
    }

    static func value(_ day: Int, _ hour: Int, _ pick: ((Int, Int64, Int64, Int64)) -> Int64, other: Int64) -> Int64 {
        guard hour == 14, let row = table.first(where: { $0.0 == day }) else { return other + Int64((day * 7 + hour * 3) % 11) }
        return pick(row)
    }

    /// The storage meter G (charging positive) and the site meter N.
    static let g = series { d, h in value(d, h, { $0.2 }, other: -5) }
    static let n = series { d, h in value(d, h, { $0.1 }, other: 600) }
    static let event = BaselineEvent(
        start: MarketTimeZone.losAngeles.startOfDay(dispatch).adding(seconds: 13 * 3600),
        end: MarketTimeZone.losAngeles.startOfDay(dispatch).adding(seconds: 16 * 3600))

    /// Device output = −G (discharge positive), the quantity the preset is run on.
    static func output(_ g: EnergySeries) -> EnergySeries {
        var o = g
        for i in o.microKWh.indices { o.microKWh[i] = -o.microKWh[i] }
        return o
    }

    /// L = N − G from the hourly profiles. The slide's printed L agrees with its own N and G on 7 of the 11
    /// days; on 9/12, 9/15 and 9/18 it is 1 kW off (the readings were presumably rounded for the slide) and on
    /// 9/19 it prints 700 where N − G = 723 − 0 = 723. The engine computes L; the differences are pinned here.
    @Test func facilityLoadIsSiteMinusStorage() {
        let gp = DayProfiles(Self.g, timeZone: .losAngeles, slotMinutes: 60)
        let np = DayProfiles(Self.n, timeZone: .losAngeles, slotMinutes: 60)
        let printedMinusComputed: [Int: Int64] = [12: 1, 15: 1, 18: -1, 19: -23]
        for (day, n, g, l) in Self.table {
            let d = LocalDate(year: 2014, month: 9, day: day)
            let computed = np.profile(d)![14]! - gp.profile(d)![14]!
            #expect(computed == (n - g) * 1_000_000, "L on 9/\(day)")
            #expect(l * 1_000_000 - computed == (printedMinusComputed[day] ?? 0) * 1_000_000, "printed L on 9/\(day)")
        }
    }

    @Test func scenarioA_tenNonEventDays() {
        let input = BaselineInput(series: Self.output(Self.g), calendar: Self.calendar, eventDays: [Self.dispatch])
        let r = DayMatchingBaseline(BaselinePresets.seed002GTypical).baseline(input, event: Self.event)
        #expect(r.fallback == nil)
        #expect(r.selected == [19, 18, 17, 16, 15, 12, 11, 10, 9, 8].map { LocalDate(year: 2014, month: 9, day: $0) })
        #expect(r.slotMinutes == 60 && r.eventSlots == 13..<16)
        // G_TYPICAL at HE 15:00 = −37 kW (output +37); on the dispatch day G = −211 kW (output 211)
        #expect(r.unadjusted[14] == 37_000_000)
        #expect(r.actual[14] == 211_000_000)
        let p = MeterGeneratorOutput.performance(r)
        #expect(p[14 - 13] == 174_000_000)  // P = −(G − G_TYPICAL) = −(−211 + 37) = 174 kW
        // the audit: weekends are not like days, 9/1–9/7 have no data, nothing else was looked past
        #expect(r.decision(LocalDate(year: 2014, month: 9, day: 20))?.rejection == .notLikeDay)
        #expect(r.decision(LocalDate(year: 2014, month: 9, day: 5))?.rejection == .incompleteData)
        #expect(r.decision(LocalDate(year: 2014, month: 9, day: 1))?.rejection == .holiday)
        #expect(r.adjustment.kind == .none)
    }

    @Test func scenarioB_fewerThanTenDaysGivesAZeroBaseline() {
        // one 5-minute gap on 9/10 makes that day incomplete: only 9 like days in the look-back
        let gap = 2 * 288 + 100
        let input = BaselineInput(series: Self.output(Self.series({ d, h in Self.value(d, h, { $0.2 }, other: -5) }, missing: [gap])),
                                  calendar: Self.calendar, eventDays: [Self.dispatch])
        let r = DayMatchingBaseline(BaselinePresets.seed002GTypical).baseline(input, event: Self.event)
        #expect(r.decision(LocalDate(year: 2014, month: 9, day: 10))?.rejection == .incompleteData)
        #expect(r.fallback?.contains("zero baseline") == true)
        #expect(r.selected.isEmpty)
        #expect(r.unadjusted.allSatisfy { $0 == 0 })
        #expect(MeterGeneratorOutput.performance(r)[1] == 211_000_000)  // the full output is credited
    }

    @Test func exportsBeyondTheSiteLoadEarnNoCreditUnderMGO() {
        let input = BaselineInput(series: Self.output(Self.g), calendar: Self.calendar, eventDays: [Self.dispatch])
        let r = DayMatchingBaseline(BaselinePresets.seed002GTypical).baseline(input, event: Self.event)
        // gross load 150 kW at HE 15: only 150 of the 211 kW output is credited → 150 − 37 = 113 kW
        var gross = [Int64?](repeating: 700_000_000, count: 24)
        gross[14] = 150_000_000
        #expect(MeterGeneratorOutput.performance(r, grossLoad: gross)[1] == 113_000_000)
    }
}
