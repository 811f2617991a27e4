import Testing

@testable import GridSettleCore

/// The bill pass has a fast path for whole, regular days (RegularDayPass.swift) and a general path for
/// everything else. These tests run both on the same data — DST days, partial days, gaps, estimates, edits,
/// exports, 5/15/60-minute data and 15/30/60-minute demand windows — and require identical determinants
/// (energy per period, peaks and where they are, coincident sums, lineage runs, counts), and that the fast
/// path was actually taken.
@Suite("Bill pass: fast path equals general path")
struct FastPathTests {
    /// A TOU tariff whose energy, demand and coincident periods change at different hours, so blocks of hours
    /// start and end everywhere; weekends and holidays differ.
    static func tariff(window: Int, exportRule: ExportRule) -> Tariff {
        let weekday = [[Int]](repeating: (0..<24).map { $0 < 8 ? 0 : $0 < 16 ? 1 : $0 < 21 ? 2 : 0 }, count: 12)
        let weekend = [[Int]](repeating: (0..<24).map { $0 < 12 ? 0 : 1 }, count: 12)
        let demandWeekday = [[Int]](repeating: (0..<24).map { $0 >= 14 && $0 < 20 ? 1 : 0 }, count: 12)
        let coincident = [[Int]](repeating: (0..<24).map { $0 == 17 || $0 == 18 ? 0 : -1 }, count: 12)
        return Tariff(
            label: "fast-path", utility: "u", name: "three periods",
            energy: EnergyCharges(
                periods: [[EnergyTier(price: 90_000)], [EnergyTier(limit: 400_000_000, price: 120_000), EnergyTier(price: 150_000)], [EnergyTier(price: 300_000)]],
                weekdaySchedule: weekday, weekendSchedule: weekend),
            touDemand: TOUDemandCharges(periods: [[DemandTier(price: 1_000_000)], [DemandTier(price: 9_000_000)]], weekdaySchedule: demandWeekday, weekendSchedule: TariffFixtures.allZero),
            flatDemand: FlatDemandCharges(periods: [[DemandTier(price: 5_000_000)]], months: [Int](repeating: 0, count: 12)),
            coincidentDemand: CoincidentDemandCharges(periods: [[DemandTier(price: 3_000_000)]], schedule: coincident, determinant: .average),
            fixedCharge: .none, minimumCharge: .none, ratchet: nil, exportRule: exportRule, demandWindowMinutes: window,
            holidaysAsWeekends: true, tierAllocation: .proportional, dailyChargeDays: .cycleDays)
    }

    /// Los Angeles time from 2018-03-08 10:00 local to 2018-11-06 13:00 local, so the series starts and ends
    /// mid-day and covers both DST changes; values from a fixed-seed generator, some negative (exports) and
    /// some equal (ties for the peak), with runs of missing, estimated and edited intervals.
    static func series(minutes: Int64) -> EnergySeries {
        let step = minutes * 60
        let start = MarketTimeZone.losAngeles.startOfDay(LocalDate(year: 2018, month: 3, day: 8)).secondsSinceEpoch + 10 * 3600
        let end = MarketTimeZone.losAngeles.startOfDay(LocalDate(year: 2018, month: 11, day: 6)).secondsSinceEpoch + 13 * 3600
        let grid = IntervalGrid(start: Instant(secondsSinceEpoch: start), seconds: step, count: Int((end - start) / step))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var e = ContiguousArray<Int64>()
        var q = ContiguousArray<DataQuality>()
        for i in 0..<grid.count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let r = Int64(truncatingIfNeeded: state >> 33)
            // kWh per interval in [-2, 8), in steps of 0.25 kWh (ties), scaled to the interval length
            let kWh = (r % 40 - 8) * 250_000 * step / 900
            e.append(kWh)
            let day = i / Int(86_400 / step)
            let quality: DataQuality =
                day % 29 == 3 && i % 7 == 0 ? .missing
                : day % 31 == 5 && i % 5 == 0 ? .estimated
                : day % 17 == 2 && i % 3 == 0 ? .edited
                : day == 40 ? .missing : .actual
            q.append(quality)
            if quality == .missing { e[i] = 0 }
        }
        return EnergySeries(grid: grid, microKWh: e, quality: q)
    }

    static let calendar = MarketCalendar(timeZone: .losAngeles, holidays: [LocalDate(year: 2018, month: 7, day: 4), LocalDate(year: 2018, month: 9, day: 3)])

    /// Calendar months March–November (the first and last cut by the series) and two meter-read cycles.
    static let cycles: [BillingCycle] = (3...11).map { BillingCycle.calendarMonth(year: 2018, month: $0) } + [
        BillingCycle(start: LocalDate(year: 2018, month: 3, day: 9), end: LocalDate(year: 2018, month: 4, day: 11)),
        BillingCycle(start: LocalDate(year: 2018, month: 10, day: 17), end: LocalDate(year: 2018, month: 11, day: 15)),
    ]

    @Test(arguments: [(Int64(5), 15), (Int64(5), 30), (Int64(15), 15), (Int64(15), 60), (Int64(60), 60), (Int64(5), 60)])
    func sameDeterminants(minutes: Int64, window: Int) {
        let s = Self.series(minutes: minutes)
        for rule in [ExportRule.none, .netMetering, .netBillingInstantaneous] {
            let calc = BillCalculator(tariff: Self.tariff(window: window, exportRule: rule), calendar: Self.calendar)
            var fastDays = 0
            // a storage meter without a PCS-mode limit, and a wholesale channel, which only matters for credits
            var wholesale = s
            for i in wholesale.microKWh.indices { wholesale.microKWh[i] = max(0, -wholesale.microKWh[i]) / 2 }
            let inputs = [BillInput(netImport: s), BillInput(netImport: s, storage: s, wholesaleSettled: wholesale)]
            for cycle in Self.cycles {
                for input in inputs {
                    var fast = calc.determinants(input, cycle: cycle)
                    let general = calc.determinants(input, cycle: cycle, forceGeneralPath: true)
                    #expect(general.fastPathDays == 0)
                    fastDays += fast.fastPathDays
                    fast.fastPathDays = 0
                    #expect(fast == general, "\(minutes)-min data, \(window)-min window, \(rule), cycle \(cycle)")
                    #expect(calc.bill(input, cycle: cycle, label: "") == calc.price(general, cycle: cycle, label: "", history: [], pairedStorage: .none))
                }
            }
            // every whole day but the two DST days and the cut first and last days took the fast path (twice
            // per input where the wholesale channel does not matter)
            #expect(fastDays > (rule == .none ? 500 : 250))
        }
    }

    /// The data above must really exercise what the fast path branches on.
    @Test func dataCoversTheCases() {
        let s = Self.series(minutes: 15)
        #expect(s.quality.contains(.missing) && s.quality.contains(.estimated) && s.quality.contains(.edited))
        #expect(s.microKWh.contains { $0 < 0 })
        let calc = BillCalculator(tariff: Self.tariff(window: 15, exportRule: .netMetering), calendar: Self.calendar)
        let d = calc.determinants(BillInput(netImport: s), cycle: .calendarMonth(year: 2018, month: 4))
        #expect(d.partialWindows == 0 && d.missing > 0 && d.estimated > 0)
        let d5 = BillCalculator(tariff: Self.tariff(window: 30, exportRule: .none), calendar: Self.calendar)
            .determinants(BillInput(netImport: Self.series(minutes: 5)), cycle: .calendarMonth(year: 2018, month: 4))
        #expect(d5.partialWindows > 0)
        #expect(d.coincidentCount[0] > 0 && d.touPeak.allSatisfy { $0 > 0 })
    }
}
