import GridSettleCore

/// What a reader needs to know that the foreign file does not say.
///
/// Each reader documents which options it uses. A reader that needs an option that was not given refuses
/// the file with an error naming the option (`--zone`, `--meter`, …); it never assumes one.
public struct ImportOptions: Sendable {
    /// The zone of local-time labels (Green Button CSV, CMEP, PJM `_ept`); files with UTC stamps ignore it.
    public var zone: MarketTimeZone?
    /// The meter id to file readings under, overriding the id the file gives (ESPI UsagePoint title or id,
    /// CMEP meter id).
    public var meterID: String?
    /// The resource id for awards and events when the file does not target one (OpenADR without resourceID).
    public var resourceID: String?
    /// The market run OpenADR set-points are recorded under in `awards.csv`.
    public var awardRun: MarketRun?
    /// Local-time labels are in local *standard* time all year (some CMEP trading partners), so they never
    /// repeat or skip; by default labels are prevailing time (daylight time in summer).
    public var labelsInStandardTime: Bool
    /// Unit codes to read as another, e.g. `["SKWHREG": "KWHREG"]` for a head-end's vendor-prefixed CMEP
    /// units. GridSettle does not guess what an unknown unit measures; the user says it once.
    public var unitAliases: [String: String]
    /// How far (seconds) a register read's time may sit from the interval boundary it closes (CMEP head-ends
    /// read registers a minute or two after the hour). 0 = reads must be on the boundary.
    public var readTimeToleranceSeconds: Int64

    public init(
        zone: MarketTimeZone? = nil, meterID: String? = nil, resourceID: String? = nil, awardRun: MarketRun? = nil,
        labelsInStandardTime: Bool = false, unitAliases: [String: String] = [:], readTimeToleranceSeconds: Int64 = 0
    ) {
        self.zone = zone
        self.meterID = meterID
        self.resourceID = resourceID
        self.awardRun = awardRun
        self.labelsInStandardTime = labelsInStandardTime
        self.unitAliases = unitAliases
        self.readTimeToleranceSeconds = readTimeToleranceSeconds
    }

    /// The instant a local label names, under these options: `.unique` in standard-time mode, otherwise
    /// whatever the zone's daylight rules say (which may be repeated or skipped).
    public func instants(atLocal local: LocalDateTime, in zone: MarketTimeZone) -> LocalTimeMatch {
        if labelsInStandardTime {
            return .unique(Instant(secondsSinceEpoch: local.secondsSinceLocalEpoch - zone.standardOffsetSeconds))
        }
        return zone.instants(atLocal: local)
    }
}
