/// A retail tariff the bill engine can apply: TOU energy rates, TOU and facility (flat) demand charges and
/// a fixed monthly charge, with the schedules that map a local hour to a period.
///
/// Read from OpenEI URDB JSON by `GridSettleFormats.URDBReader`. Rates are kept in fixed point: energy in
/// µ$/kWh (URDB `rate + adj`), demand in µ$/kW. URDB has no holidays and no demand window; those come
/// from ``TariffReference`` in the site file.
public struct Tariff: Sendable, Hashable {
    public var label: String
    public var utility: String
    public var name: String
    /// µ$/kWh per energy period (rate + adj).
    public var energyRates: [Int64]
    /// Optional period names (URDB `energytoulabels`).
    public var energyPeriodNames: [String]
    /// `[month 0…11][hour 0…23]` → energy period, for weekdays and for weekends / holidays.
    public var energyWeekdaySchedule: [[Int]]
    public var energyWeekendSchedule: [[Int]]
    /// µ$/kW per TOU demand period.
    public var demandRates: [Int64]
    public var demandWeekdaySchedule: [[Int]]
    public var demandWeekendSchedule: [[Int]]
    /// µ$/kW per flat (facility) demand period, and the period in force each month.
    public var flatDemandRates: [Int64]
    public var flatDemandMonths: [Int]
    /// µ$ per month.
    public var fixedMonthlyCharge: Int64
    /// Demand averaging window in minutes.
    public var demandWindowMinutes: Int
    public var holidaysAsWeekends: Bool

    public init(
        label: String, utility: String, name: String, energyRates: [Int64], energyPeriodNames: [String] = [],
        energyWeekdaySchedule: [[Int]], energyWeekendSchedule: [[Int]], demandRates: [Int64],
        demandWeekdaySchedule: [[Int]], demandWeekendSchedule: [[Int]], flatDemandRates: [Int64],
        flatDemandMonths: [Int], fixedMonthlyCharge: Int64, demandWindowMinutes: Int, holidaysAsWeekends: Bool
    ) {
        self.label = label
        self.utility = utility
        self.name = name
        self.energyRates = energyRates
        self.energyPeriodNames = energyPeriodNames
        self.energyWeekdaySchedule = energyWeekdaySchedule
        self.energyWeekendSchedule = energyWeekendSchedule
        self.demandRates = demandRates
        self.demandWeekdaySchedule = demandWeekdaySchedule
        self.demandWeekendSchedule = demandWeekendSchedule
        self.flatDemandRates = flatDemandRates
        self.flatDemandMonths = flatDemandMonths
        self.fixedMonthlyCharge = fixedMonthlyCharge
        self.demandWindowMinutes = demandWindowMinutes
        self.holidaysAsWeekends = holidaysAsWeekends
    }

    public func energyPeriodName(_ p: Int) -> String {
        p < energyPeriodNames.count ? energyPeriodNames[p] : "period \(p)"
    }
}
