/// The charge structures a ``Tariff`` is made of, in fixed point.
///
/// The shapes follow OpenEI URDB (research valuation_and_tariffs.md §2): a rate structure is a list of
/// periods, each a list of tiers; schedules map `[month 0…11][hour 0…23]` to a period.

/// How an energy tier's upper limit is expressed (URDB tier `unit`).
public enum EnergyTierUnit: String, Sendable, Hashable, Codable, CaseIterable {
    /// kWh per billing cycle.
    case kWh
    /// kWh per day: the limit is `max × days in the billing cycle` (SAM: days in the month).
    case kWhDaily = "kWh daily"
    /// kWh per kW of billing demand: the limit is `max × billing kW` of the cycle.
    case kWhPerKW = "kWh/kW"
    /// kWh per kW per day: `max × billing kW × days`.
    case kWhPerKWDaily = "kWh/kW daily"
}

/// One energy tier: the price of the kWh up to `limit` (cumulative, in the tier's unit).
public struct EnergyTier: Sendable, Hashable {
    /// Upper limit in millionths of the unit (µkWh, µkWh per day, µkWh per kW…); `nil` = no limit (last tier).
    public var limit: Int64?
    public var unit: EnergyTierUnit
    /// Buy price, µ$/kWh: URDB `rate + adj`.
    public var price: Int64
    /// Export (sell) price, µ$/kWh, URDB `sell`; used by net billing and buy-all/sell-all.
    public var sell: Int64

    public init(limit: Int64? = nil, unit: EnergyTierUnit = .kWh, price: Int64, sell: Int64 = 0) {
        self.limit = limit
        self.unit = unit
        self.price = price
        self.sell = sell
    }
}

/// One demand tier: the price of the kW up to `limit` (cumulative kW).
public struct DemandTier: Sendable, Hashable {
    /// Upper limit in µkW; `nil` = no limit.
    public var limit: Int64?
    /// µ$/kW: URDB `rate + adj`.
    public var price: Int64

    public init(limit: Int64? = nil, price: Int64) {
        self.limit = limit
        self.price = price
    }
}

/// TOU energy charges: tiers per period and the weekday / weekend schedules.
public struct EnergyCharges: Sendable, Hashable {
    public var periods: [[EnergyTier]]
    /// Optional period names (URDB `energytoulabels`).
    public var periodNames: [String]
    public var weekdaySchedule: [[Int]]
    public var weekendSchedule: [[Int]]

    public init(periods: [[EnergyTier]], periodNames: [String] = [], weekdaySchedule: [[Int]], weekendSchedule: [[Int]]) {
        self.periods = periods
        self.periodNames = periodNames
        self.weekdaySchedule = weekdaySchedule
        self.weekendSchedule = weekendSchedule
    }
}

/// Time-of-use demand charges: the highest demand in each period, tiered, summed across periods
/// (California practice and SAM's default).
public struct TOUDemandCharges: Sendable, Hashable {
    public var periods: [[DemandTier]]
    public var weekdaySchedule: [[Int]]
    public var weekendSchedule: [[Int]]

    public init(periods: [[DemandTier]], weekdaySchedule: [[Int]], weekendSchedule: [[Int]]) {
        self.periods = periods
        self.weekdaySchedule = weekdaySchedule
        self.weekendSchedule = weekendSchedule
    }
}

/// Flat ("facility") demand charges: the cycle's highest demand at any hour, tiered; the period in force
/// is chosen by month (URDB `flatdemandmonths`).
public struct FlatDemandCharges: Sendable, Hashable {
    public var periods: [[DemandTier]]
    /// Period index per month 0…11.
    public var months: [Int]

    public init(periods: [[DemandTier]], months: [Int]) {
        self.periods = periods
        self.months = months
    }
}

/// Coincident-peak demand charges: the customer's demand during the hours the schedule marks (URDB
/// `coincidentratestructure` + `coincidentrateschedule`), or during system peak hours given with the
/// bill input (e.g. PJM 5CP, ERCOT 4CP), which URDB cannot carry.
public struct CoincidentDemandCharges: Sendable, Hashable {
    public enum Determinant: String, Sendable, Hashable, Codable {
        /// The highest demand in the coincident hours (REopt's coincident peak charge).
        case maximum
        /// The mean demand over the coincident hours (PJM peak load contribution style).
        case average
    }

    public var periods: [[DemandTier]]
    /// `[month][hour]` → period, or -1 where no coincident charge applies; every day type alike (URDB has one).
    public var schedule: [[Int]]
    public var determinant: Determinant

    public init(periods: [[DemandTier]], schedule: [[Int]], determinant: Determinant = .maximum) {
        self.periods = periods
        self.schedule = schedule
        self.determinant = determinant
    }
}

/// A charge stated per month, per day or per year (URDB `fixedchargeunits`, `minchargeunits`).
public struct PeriodicCharge: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable, Codable {
        case perMonth = "$/month"
        case perDay = "$/day"
        case perYear = "$/year"
    }

    /// µ$ per unit.
    public var amount: Int64
    public var unit: Unit

    public init(amount: Int64, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    public static let none = PeriodicCharge(amount: 0, unit: .perMonth)
}

/// A demand ratchet: the billing demand is at least `percent` of the highest demand in a look-back window,
/// and at least a minimum (URDB v7 `demandratchetpercentage`, v8 `lookbackpercent`/`lookbackrange`/
/// `lookbackmonths`; SAM `ur_billing_demand_*`).
public struct DemandRatchet: Sendable, Hashable {
    /// Ratchet percentage per bill month 0…11, in parts per million (80 % = 800_000); 0 = no ratchet that month.
    public var percentByMonth: [Int64]
    /// How many previous billing cycles the look-back covers (typically 11).
    public var lookbackCycles: Int
    /// If set, only cycles whose bill month is marked count in the look-back (URDB `lookbackmonths`).
    public var lookbackMonths: [Bool]?
    /// Minimum billing demand in µkW (0 = none).
    public var minimumKW: Int64
    /// TOU demand periods whose charge is also billed on the billing demand (SAM `ur_dc_billing_demand_periods`);
    /// the flat demand charge always is.
    public var touPeriods: Set<Int>

    public init(
        percentByMonth: [Int64], lookbackCycles: Int = 11, lookbackMonths: [Bool]? = nil, minimumKW: Int64 = 0,
        touPeriods: Set<Int> = []
    ) {
        self.percentByMonth = percentByMonth
        self.lookbackCycles = lookbackCycles
        self.lookbackMonths = lookbackMonths
        self.minimumKW = minimumKW
        self.touPeriods = touPeriods
    }
}

/// How exports are compensated (URDB `dgrules`).
public enum ExportRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// No compensation: exports are listed as uncredited.
    case none
    /// Net energy metering: imports and exports net per TOU period over the billing cycle; a surplus in a
    /// period earns a credit at that period's first-tier retail price, carried as a bill credit.
    case netMetering = "Net Metering"
    /// Every interval's export is credited at the period's sell price; imports are billed in full.
    case netBillingInstantaneous = "Net Billing Instantaneous"
    /// Imports and exports net within each clock hour; the hour's net export is credited at the sell price.
    case netBillingHourly = "Net Billing Hourly"
    /// All consumption is bought at retail and all generation sold at the sell price.
    case buyAllSellAll = "Buy All Sell All"
}

/// How a tier limit is shared when a cycle's kWh fall in several TOU periods.
public enum TierAllocation: String, Sendable, Hashable, Codable {
    /// The cycle's total kWh are tiered; each period takes each tier in proportion to its share of usage
    /// (SAM's rule: 3720 / 1860 kWh with a 3000 kWh first tier → 2000 / 1000 kWh in tier 1).
    case proportional
    /// Each period's kWh are tiered on their own against the period's limits.
    case perPeriod
}

/// How many days a `$/day` charge or `kWh daily` limit counts in a billing cycle.
public enum DailyChargeDays: String, Sendable, Hashable, Codable {
    /// The days in the billing cycle, as real bills do.
    case cycleDays
    /// 365/12 days in every month, as SAM converts `$/day` fixed charges (tier limits still use the days).
    case averageMonth
}
