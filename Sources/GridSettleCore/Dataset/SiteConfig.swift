/// The site file of a dataset (`site.json`): the site, its meters, the market resource, the retail tariff
/// and the policies in force. Documented field by field in docs/dataset-format.md.
public struct SiteConfig: Codable, Sendable, Hashable {
    /// Dataset format version; this engine reads version 1.
    public var formatVersion: Int
    public var site: SiteInfo
    public var market: Market
    /// The settlement period as local trading dates `[start, end)` in the market's time zone.
    public var period: SettlementPeriod
    public var meters: [MeterSpec]
    public var resource: ResourceSpec
    public var tariff: TariffReference
    /// Holidays for TOU and day typing; when absent the NERC holidays are used.
    public var holidays: [LocalDate]?
    public var policies: SettlementPolicies
    /// The site's local time zone when it is not the market's (e.g. a PJM site in Chicago): local days, TOU
    /// hours and baselines follow it. IANA name from ``MarketTimeZone/known``; nil = the market's zone.
    public var timeZone: String?
    /// The demand-response program the resource is enrolled in; nil = dispatch events are baselined on
    /// request (`gridsettle baseline`) but not settled.
    public var demandResponse: DemandResponseProgram?
    /// PJM Order 841 ESR rules (seed 004); required when `market` is PJM.
    public var pjm: PJMStorageSettings?

    public init(
        formatVersion: Int = 1, site: SiteInfo, market: Market, period: SettlementPeriod, meters: [MeterSpec],
        resource: ResourceSpec, tariff: TariffReference, holidays: [LocalDate]? = nil, policies: SettlementPolicies,
        timeZone: String? = nil, demandResponse: DemandResponseProgram? = nil, pjm: PJMStorageSettings? = nil
    ) {
        self.formatVersion = formatVersion
        self.site = site
        self.market = market
        self.period = period
        self.meters = meters
        self.resource = resource
        self.tariff = tariff
        self.holidays = holidays
        self.policies = policies
        self.timeZone = timeZone
        self.demandResponse = demandResponse
        self.pjm = pjm
    }

    public func meter(role: MeterRole) -> MeterSpec? { meters.first { $0.role == role } }

    /// The site's local zone: ``timeZone`` when given (and known), else the market's.
    public var zone: MarketTimeZone { timeZone.flatMap(MarketTimeZone.named) ?? market.timeZone }

    public var calendar: MarketCalendar {
        var c = MarketCalendar(market: market, holidays: holidays.map(Set.init))
        c.timeZone = zone
        return c
    }
}

public struct SiteInfo: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    /// Interconnection capacity in kW (the LA AFB pilot: 655 kW).
    public var capacityKW: Double?

    public init(id: String, name: String, capacityKW: Double? = nil) {
        self.id = id
        self.name = name
        self.capacityKW = capacityKW
    }
}

public struct SettlementPeriod: Codable, Sendable, Hashable {
    public var start: LocalDate
    /// Exclusive.
    public var end: LocalDate

    public init(start: LocalDate, end: LocalDate) {
        self.start = start
        self.end = end
    }

    /// The UTC instants `[start, end)` of the period in `zone`.
    public func bounds(in zone: MarketTimeZone) -> (start: Instant, end: Instant) {
        (zone.startOfDay(start), zone.startOfDay(end))
    }
}

/// What a meter measures. The roles decide which engine reads it.
public enum MeterRole: String, Codable, Sendable, Hashable, CaseIterable {
    /// The utility's retail master meter at the point of interconnection (M1): all retail load.
    case retailMaster
    /// The storage / V2G fleet revenue meter (M2, the CAISO meter): storage charge and discharge.
    case storage
    /// On-site generation output meter (PV).
    case onsiteGeneration
    /// A dedicated station-power (auxiliary) circuit meter: always retail.
    case stationPower
    /// EV chargers that are not part of the market resource.
    case evse
    /// PJM "resilience" ESR: the meter M3 on the storage's feed to on-site load (seed 004).
    case loadFeed
}

public struct MeterSpec: Codable, Sendable, Hashable {
    public var id: String
    public var role: MeterRole
    /// Interval length of the meter's data: 1, 5, 15, 30 or 60.
    public var intervalMinutes: Int
    /// The meter's rating in kW: any interval above it is physically impossible and is flagged by VEE.
    public var ratingKW: Double

    public init(id: String, role: MeterRole, intervalMinutes: Int, ratingKW: Double) {
        self.id = id
        self.role = role
        self.intervalMinutes = intervalMinutes
        self.ratingKW = ratingKW
    }

    public var intervalSeconds: Int64 { Int64(intervalMinutes) * 60 }
}

/// The market resource behind the storage meter.
public struct ResourceSpec: Codable, Sendable, Hashable {
    public var id: String
    /// Participation model, e.g. `NGR` (Non-Generator Resource) for CAISO storage.
    public var participationModel: String
    public var pricingNode: String
    /// AC round-trip efficiency used by the inventory pools (0 < η ≤ 1).
    public var roundTripEfficiency: Double
    /// Energy in the storage at the start of the period, kWh, treated as retail-origin.
    public var initialInventoryKWh: Double
    /// Fleet make-up, for reports (e.g. the pilot's 34 V2G vehicles).
    public var fleet: [FleetGroup]?

    public init(
        id: String, participationModel: String, pricingNode: String, roundTripEfficiency: Double,
        initialInventoryKWh: Double, fleet: [FleetGroup]? = nil
    ) {
        self.id = id
        self.participationModel = participationModel
        self.pricingNode = pricingNode
        self.roundTripEfficiency = roundTripEfficiency
        self.initialInventoryKWh = initialInventoryKWh
        self.fleet = fleet
    }
}

public struct FleetGroup: Codable, Sendable, Hashable {
    public var count: Int
    public var chargerKW: Double
    public var batteryKWh: Double
    public var bidirectional: Bool

    public init(count: Int, chargerKW: Double, batteryKWh: Double, bidirectional: Bool) {
        self.count = count
        self.chargerKW = chargerKW
        self.batteryKWh = batteryKWh
        self.bidirectional = bidirectional
    }
}

/// Where the retail tariff comes from and the billing options URDB cannot express.
public struct TariffReference: Codable, Sendable, Hashable {
    /// A URDB JSON file (API response `{"items": [rate]}`), relative to the dataset directory.
    public var urdbFile: String
    /// Demand is metered as the average kW over this many minutes (SCE: 15).
    public var demandWindowMinutes: Int
    /// Whether holidays bill as weekend days in the TOU schedules (SCE: yes).
    public var holidaysAsWeekends: Bool
    /// How tier limits are shared across TOU periods (default: proportional, as SAM).
    public var tierAllocation: TierAllocation
    /// Days a `$/day` charge counts per cycle (default: the cycle's days, as real bills).
    public var dailyChargeDays: DailyChargeDays
    /// Minimum billing demand in kW (URDB has no field for it).
    public var minimumBillingDemandKW: Int?
    /// TOU demand periods also billed on the ratcheted billing demand (SAM `ur_dc_billing_demand_periods`).
    public var ratchetTOUPeriods: [Int]?
    /// Highest or mean demand over the coincident hours.
    public var coincidentDeterminant: CoincidentDemandCharges.Determinant
    /// Billed peaks of the months before the first month settled from the site file, oldest first (``PriorPeak``):
    /// what a demand ratchet looks back on there. Empty: none known.
    public var priorPeaks: [PriorPeak]

    public init(
        urdbFile: String, demandWindowMinutes: Int = 15, holidaysAsWeekends: Bool = true,
        tierAllocation: TierAllocation = .proportional, dailyChargeDays: DailyChargeDays = .cycleDays,
        minimumBillingDemandKW: Int? = nil, ratchetTOUPeriods: [Int]? = nil,
        coincidentDeterminant: CoincidentDemandCharges.Determinant = .maximum, priorPeaks: [PriorPeak] = []
    ) {
        self.urdbFile = urdbFile
        self.demandWindowMinutes = demandWindowMinutes
        self.holidaysAsWeekends = holidaysAsWeekends
        self.tierAllocation = tierAllocation
        self.dailyChargeDays = dailyChargeDays
        self.minimumBillingDemandKW = minimumBillingDemandKW
        self.ratchetTOUPeriods = ratchetTOUPeriods
        self.coincidentDeterminant = coincidentDeterminant
        self.priorPeaks = priorPeaks
    }

    enum CodingKeys: String, CodingKey {
        case urdbFile, demandWindowMinutes, holidaysAsWeekends, tierAllocation, dailyChargeDays, minimumBillingDemandKW,
            ratchetTOUPeriods, coincidentDeterminant, priorPeaks
    }

    /// Everything but `urdbFile` may be left out: the defaults are SCE's practice (15-minute demand, holidays
    /// as weekends) and SAM's tier rule.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            urdbFile: try c.decode(String.self, forKey: .urdbFile),
            demandWindowMinutes: try c.decodeIfPresent(Int.self, forKey: .demandWindowMinutes) ?? 15,
            holidaysAsWeekends: try c.decodeIfPresent(Bool.self, forKey: .holidaysAsWeekends) ?? true,
            tierAllocation: try c.decodeIfPresent(TierAllocation.self, forKey: .tierAllocation) ?? .proportional,
            dailyChargeDays: try c.decodeIfPresent(DailyChargeDays.self, forKey: .dailyChargeDays) ?? .cycleDays,
            minimumBillingDemandKW: try c.decodeIfPresent(Int.self, forKey: .minimumBillingDemandKW),
            ratchetTOUPeriods: try c.decodeIfPresent([Int].self, forKey: .ratchetTOUPeriods),
            coincidentDeterminant: try c.decodeIfPresent(CoincidentDemandCharges.Determinant.self, forKey: .coincidentDeterminant) ?? .maximum,
            priorPeaks: try c.decodeIfPresent([PriorPeak].self, forKey: .priorPeaks) ?? [])
    }

    /// Encodes only what differs from the defaults, so existing site files round-trip unchanged.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(urdbFile, forKey: .urdbFile)
        try c.encode(demandWindowMinutes, forKey: .demandWindowMinutes)
        try c.encode(holidaysAsWeekends, forKey: .holidaysAsWeekends)
        if tierAllocation != .proportional { try c.encode(tierAllocation, forKey: .tierAllocation) }
        if dailyChargeDays != .cycleDays { try c.encode(dailyChargeDays, forKey: .dailyChargeDays) }
        try c.encodeIfPresent(minimumBillingDemandKW, forKey: .minimumBillingDemandKW)
        try c.encodeIfPresent(ratchetTOUPeriods, forKey: .ratchetTOUPeriods)
        if coincidentDeterminant != .maximum { try c.encode(coincidentDeterminant, forKey: .coincidentDeterminant) }
        if !priorPeaks.isEmpty { try c.encode(priorPeaks, forKey: .priorPeaks) }
    }
}
