extension BillCalculator {
    /// The TOU energy period in force at `instant` (same schedule lookup as billing).
    public func energyPeriod(at instant: Instant) -> Int {
        let local = calendar.timeZone.localTime(instant)
        let s = isWeekendForTariff(local.date) ? tariff.energyWeekendSchedule : tariff.energyWeekdaySchedule
        return s[local.date.month - 1][local.hour]
    }
}
