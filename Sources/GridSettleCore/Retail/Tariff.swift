/// A retail tariff the bill engine applies: tiered TOU energy charges, TOU / flat / coincident demand
/// charges with ratchets, fixed and minimum charges, and export compensation.
///
/// Read from OpenEI URDB JSON by `GridSettleFormats.URDBReader`. Money is fixed point: energy in µ$/kWh
/// (URDB `rate + adj`), demand in µ$/kW, charges in µ$. URDB has no holidays and usually no demand
/// window; those come from ``TariffReference`` in the site file.
public struct Tariff: Sendable, Hashable {
    public var label: String
    public var utility: String
    public var name: String
    public var energy: EnergyCharges
    public var touDemand: TOUDemandCharges?
    public var flatDemand: FlatDemandCharges?
    public var coincidentDemand: CoincidentDemandCharges?
    public var fixedCharge: PeriodicCharge
    public var minimumCharge: PeriodicCharge
    public var ratchet: DemandRatchet?
    public var exportRule: ExportRule
    /// Demand averaging window in minutes: intervals are averaged over the window before the peak is taken.
    public var demandWindowMinutes: Int
    public var holidaysAsWeekends: Bool
    public var tierAllocation: TierAllocation
    public var dailyChargeDays: DailyChargeDays

    public init(
        label: String, utility: String, name: String, energy: EnergyCharges, touDemand: TOUDemandCharges? = nil,
        flatDemand: FlatDemandCharges? = nil, coincidentDemand: CoincidentDemandCharges? = nil,
        fixedCharge: PeriodicCharge = .none, minimumCharge: PeriodicCharge = .none, ratchet: DemandRatchet? = nil,
        exportRule: ExportRule = .none, demandWindowMinutes: Int = 15, holidaysAsWeekends: Bool = true,
        tierAllocation: TierAllocation = .proportional, dailyChargeDays: DailyChargeDays = .cycleDays
    ) {
        self.label = label
        self.utility = utility
        self.name = name
        self.energy = energy
        self.touDemand = touDemand
        self.flatDemand = flatDemand
        self.coincidentDemand = coincidentDemand
        self.fixedCharge = fixedCharge
        self.minimumCharge = minimumCharge
        self.ratchet = ratchet
        self.exportRule = exportRule
        self.demandWindowMinutes = demandWindowMinutes
        self.holidaysAsWeekends = holidaysAsWeekends
        self.tierAllocation = tierAllocation
        self.dailyChargeDays = dailyChargeDays
    }

    /// A single-tier tariff from flat per-period prices: the shape of most commercial TOU tariffs.
    public init(
        label: String, utility: String, name: String, energyRates: [Int64], energyPeriodNames: [String] = [],
        energyWeekdaySchedule: [[Int]], energyWeekendSchedule: [[Int]], demandRates: [Int64],
        demandWeekdaySchedule: [[Int]], demandWeekendSchedule: [[Int]], flatDemandRates: [Int64],
        flatDemandMonths: [Int], fixedMonthlyCharge: Int64, demandWindowMinutes: Int, holidaysAsWeekends: Bool
    ) {
        self.init(
            label: label, utility: utility, name: name,
            energy: EnergyCharges(
                periods: energyRates.map { [EnergyTier(price: $0)] }, periodNames: energyPeriodNames,
                weekdaySchedule: energyWeekdaySchedule, weekendSchedule: energyWeekendSchedule),
            touDemand: demandRates.isEmpty
                ? nil
                : TOUDemandCharges(
                    periods: demandRates.map { [DemandTier(price: $0)] }, weekdaySchedule: demandWeekdaySchedule,
                    weekendSchedule: demandWeekendSchedule),
            flatDemand: flatDemandRates.isEmpty
                ? nil : FlatDemandCharges(periods: flatDemandRates.map { [DemandTier(price: $0)] }, months: flatDemandMonths),
            fixedCharge: PeriodicCharge(amount: fixedMonthlyCharge, unit: .perMonth),
            demandWindowMinutes: demandWindowMinutes, holidaysAsWeekends: holidaysAsWeekends)
    }

    /// First-tier buy price per energy period, µ$/kWh: the marginal price retail valuation uses.
    public var energyRates: [Int64] { energy.periods.map { $0.first?.price ?? 0 } }

    public var energyPeriodNames: [String] { energy.periodNames }

    public func energyPeriodName(_ p: Int) -> String {
        p < energy.periodNames.count ? energy.periodNames[p] : "period \(p)"
    }

    /// Why the schedules cannot be billed (not 12×24, or naming a period the structure lacks), or nil.
    /// The URDB reader refuses such input with a located error; this guards tariffs built in code.
    public var scheduleProblem: String? {
        func check(_ s: [[Int]], _ periods: Int, _ what: String, allowNone: Bool = false) -> String? {
            guard s.count == 12, s.allSatisfy({ $0.count == 24 }) else { return "\(what) schedule is not 12×24" }
            for row in s { for p in row where p >= periods || p < (allowNone ? -1 : 0) { return "\(what) schedule names period \(p) of \(periods)" } }
            return nil
        }
        let e = energy.periods.count
        if e == 0 || energy.periods.contains(where: \.isEmpty) { return "no energy periods or an empty period" }
        if let p = check(energy.weekdaySchedule, e, "energy weekday") ?? check(energy.weekendSchedule, e, "energy weekend") { return p }
        if let t = touDemand, let p = check(t.weekdaySchedule, t.periods.count, "demand weekday") ?? check(t.weekendSchedule, t.periods.count, "demand weekend") { return p }
        if let f = flatDemand, f.months.count != 12 || f.months.contains(where: { $0 < 0 || $0 >= f.periods.count }) { return "flat demand months do not name 12 valid periods" }
        if let c = coincidentDemand, let p = check(c.schedule, c.periods.count, "coincident", allowNone: true) { return p }
        if let r = ratchet, r.percentByMonth.count != 12 || (r.lookbackMonths.map { $0.count != 12 } ?? false) { return "ratchet needs 12 monthly values" }
        return nil
    }
}
