import GridSettleCore

/// Small hand-made tariffs and series in UTC, so every expected figure below can be computed by hand.
enum TariffFixtures {
    static let calendar = MarketCalendar(timeZone: .utc, holidays: [])

    /// 12×24 schedule: hours 0–11 → `morning`, 12–23 → `afternoon`, every month.
    static func halfDay(_ morning: Int, _ afternoon: Int) -> [[Int]] {
        [[Int]](repeating: (0..<24).map { $0 < 12 ? morning : afternoon }, count: 12)
    }

    static let allZero = [[Int]](repeating: [Int](repeating: 0, count: 24), count: 12)

    static func tariff(
        energy: [[EnergyTier]], schedule: [[Int]] = halfDay(0, 1), touDemand: TOUDemandCharges? = nil,
        flatDemand: FlatDemandCharges? = nil, coincident: CoincidentDemandCharges? = nil, fixed: PeriodicCharge = .none,
        minimum: PeriodicCharge = .none, ratchet: DemandRatchet? = nil, exportRule: ExportRule = .none,
        window: Int = 15, allocation: TierAllocation = .proportional, daily: DailyChargeDays = .cycleDays
    ) -> Tariff {
        Tariff(
            label: "t", utility: "u", name: "test",
            energy: EnergyCharges(periods: energy, weekdaySchedule: schedule, weekendSchedule: schedule),
            touDemand: touDemand, flatDemand: flatDemand, coincidentDemand: coincident, fixedCharge: fixed,
            minimumCharge: minimum, ratchet: ratchet, exportRule: exportRule, demandWindowMinutes: window,
            holidaysAsWeekends: false, tierAllocation: allocation, dailyChargeDays: daily)
    }

    /// A series from `start` with kWh per interval given by `kWh(i, t)` (exact to the µkWh).
    static func series(
        from start: LocalDate, days: Int, minutes: Int64, _ kWh: (Int, Instant) -> Int64
    ) -> EnergySeries {
        let seconds = minutes * 60
        let grid = IntervalGrid(start: Instant(utc: start, hour: 0), seconds: seconds, count: days * Int(86_400 / seconds))
        var e = ContiguousArray<Int64>()
        for i in 0..<grid.count { e.append(kWh(i, grid.startOf(i))) }
        return EnergySeries(grid: grid, microKWh: e)
    }

    static func hour(_ t: Instant) -> Int { Int((t.secondsSinceEpoch % 86_400) / 3600) }

    static func cents(_ b: RetailBill, _ code: String) -> Int64? { b.line(code: code).map { $0.amount.cents } }
}
