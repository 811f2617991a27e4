/// The policies in force for a settlement: every rule that regulators or utilities still argue about is a
/// named, explicit value here, never a hidden constant. The statement records them all (see
/// ``SettlementPolicies/summary``) and docs/rules.md explains each with its source.
public struct SettlementPolicies: Codable, Sendable, Hashable {
    /// Version of this policy schema; recorded on every statement.
    public var version: Int = 1
    /// How BESS Idle is recognised (seed 001): by signal (Method 1), by calculation (Method 2), or by
    /// signal with calculation as a fallback for intervals no signal covers.
    public var idleDetection: IdleDetection = .signalThenCalculation
    /// Method 2 threshold: |P| below this many kW … (default 500, `[U]` from the brief)
    public var idleThresholdKW: Double = 500
    /// … for more than this many minutes (default 2, `[U]`).
    public var idleMinimumMinutes: Int = 2
    /// Whether the first `idleMinimumMinutes` of a qualifying run count as idle too (F3.3, default true).
    public var idleRetroactive: Bool = true
    /// Award hours (F3.9): a whole clock hour with any award, as the pilot did, or each award interval.
    public var awardScope: AwardScope = .clockHour
    /// A meter interval partly covered by award intervals (E1): flag all of it, or the covered share.
    public var awardOverlap: AwardOverlap = .any
    /// The retail adjustment (F3.10 / F3.11): add discharge back only (the SCE pilot), or also remove
    /// award-hour charging from the retail bill (symmetric).
    public var retailAdjustment: RetailAdjustment = .addBackOnly
    /// Whether add-back also raises the demand determinants (the pilot did not: double-payment question 3).
    public var addBackDemand: Bool = false
    /// What the CAISO meter (SQMD) carries: everything but BESS-idle load (the meter rule of seed 001), or
    /// only award-interval energy (a VEE that excludes all retail data, Tariff §10.1.3.4(b)).
    public var wholesaleMeterScope: WholesaleMeterScope = .allButIdle
    /// SCE station-power self-supply netting against on-site generation per 15 minutes (F3.5).
    public var stationPowerNetting: StationPowerNetting = .none
    /// False when the distribution utility cannot net wholesale charging out of the retail bill (the CAISO
    /// 841 letter on file): wholesale charging is then not charged at all (F1.2).
    public var retailNettingAvailable: Bool = true
    /// VEE: gaps of at most this many intervals are estimated; longer gaps stay missing.
    public var maxEstimatedGapIntervals: Int = 3

    public init() {}

    public enum IdleDetection: String, Codable, Sendable, Hashable, CaseIterable {
        case signal, calculation, signalThenCalculation
    }
    public enum AwardScope: String, Codable, Sendable, Hashable, CaseIterable {
        case clockHour, awardInterval
    }
    public enum AwardOverlap: String, Codable, Sendable, Hashable, CaseIterable {
        case any, proRata
    }
    public enum RetailAdjustment: String, Codable, Sendable, Hashable, CaseIterable {
        case addBackOnly, symmetric
    }
    public enum WholesaleMeterScope: String, Codable, Sendable, Hashable, CaseIterable {
        case allButIdle, awardIntervalsOnly
    }
    public enum StationPowerNetting: String, Codable, Sendable, Hashable, CaseIterable {
        case none, fifteenMinute
    }

    /// `name=value` pairs in a fixed order, for statements and run records.
    public var summary: [(name: String, value: String)] {
        [
            ("policyVersion", String(version)),
            ("idleDetection", idleDetection.rawValue),
            ("idleThresholdKW", String(idleThresholdKW)),
            ("idleMinimumMinutes", String(idleMinimumMinutes)),
            ("idleRetroactive", String(idleRetroactive)),
            ("awardScope", awardScope.rawValue),
            ("awardOverlap", awardOverlap.rawValue),
            ("retailAdjustment", retailAdjustment.rawValue),
            ("addBackDemand", String(addBackDemand)),
            ("wholesaleMeterScope", wholesaleMeterScope.rawValue),
            ("stationPowerNetting", stationPowerNetting.rawValue),
            ("retailNettingAvailable", String(retailNettingAvailable)),
            ("maxEstimatedGapIntervals", String(maxEstimatedGapIntervals)),
        ]
    }

    // Decoding with defaults: a site file names only the policies it changes.
    enum CodingKeys: String, CodingKey {
        case version, idleDetection, idleThresholdKW, idleMinimumMinutes, idleRetroactive, awardScope,
            awardOverlap, retailAdjustment, addBackDemand, wholesaleMeterScope, stationPowerNetting,
            retailNettingAvailable, maxEstimatedGapIntervals
    }

    /// The policy keys a site file may name.
    public enum CodingKeysList {
        public static let all: [String] = [
            "version", "idleDetection", "idleThresholdKW", "idleMinimumMinutes", "idleRetroactive", "awardScope",
            "awardOverlap", "retailAdjustment", "addBackDemand", "wholesaleMeterScope", "stationPowerNetting",
            "retailNettingAvailable", "maxEstimatedGapIntervals",
        ]
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var p = SettlementPolicies()
        p.version = try c.decodeIfPresent(Int.self, forKey: .version) ?? p.version
        p.idleDetection = try c.decodeIfPresent(IdleDetection.self, forKey: .idleDetection) ?? p.idleDetection
        p.idleThresholdKW = try c.decodeIfPresent(Double.self, forKey: .idleThresholdKW) ?? p.idleThresholdKW
        p.idleMinimumMinutes = try c.decodeIfPresent(Int.self, forKey: .idleMinimumMinutes) ?? p.idleMinimumMinutes
        p.idleRetroactive = try c.decodeIfPresent(Bool.self, forKey: .idleRetroactive) ?? p.idleRetroactive
        p.awardScope = try c.decodeIfPresent(AwardScope.self, forKey: .awardScope) ?? p.awardScope
        p.awardOverlap = try c.decodeIfPresent(AwardOverlap.self, forKey: .awardOverlap) ?? p.awardOverlap
        p.retailAdjustment =
            try c.decodeIfPresent(RetailAdjustment.self, forKey: .retailAdjustment) ?? p.retailAdjustment
        p.addBackDemand = try c.decodeIfPresent(Bool.self, forKey: .addBackDemand) ?? p.addBackDemand
        p.wholesaleMeterScope =
            try c.decodeIfPresent(WholesaleMeterScope.self, forKey: .wholesaleMeterScope) ?? p.wholesaleMeterScope
        p.stationPowerNetting =
            try c.decodeIfPresent(StationPowerNetting.self, forKey: .stationPowerNetting) ?? p.stationPowerNetting
        p.retailNettingAvailable =
            try c.decodeIfPresent(Bool.self, forKey: .retailNettingAvailable) ?? p.retailNettingAvailable
        p.maxEstimatedGapIntervals =
            try c.decodeIfPresent(Int.self, forKey: .maxEstimatedGapIntervals) ?? p.maxEstimatedGapIntervals
        self = p
    }
}
