import GridSettleCore

/// What a foreign file (Green Button, OASIS, Data Miner, OpenADR, CMEP) converts into: rows for the dataset's
/// own files, each carrying where it came from, plus the warnings the reader raised.
///
/// Readers never drop or change data silently: anything they cannot carry over is either an error (the whole
/// file is refused, with every problem listed) or a warning here that the import command prints and logs.
public struct ImportedRecords: Sendable {
    /// Interval energy for `readings.csv`.
    public var readings: [ImportedReading]
    /// Prices for `prices.csv`.
    public var prices: [PricePoint]
    /// Awards and dispatch set-points for `awards.csv`.
    public var awards: [ImportedAward]
    /// Dispatch, test and outage events for `events.csv`.
    public var events: [ImportedEvent]
    /// Non-fatal findings (severity `.warning`), e.g. "not schema-valid: unknown element <timezone>".
    public var warnings: [DatasetIssue]

    public init(
        readings: [ImportedReading] = [], prices: [PricePoint] = [], awards: [ImportedAward] = [],
        events: [ImportedEvent] = [], warnings: [DatasetIssue] = []
    ) {
        self.readings = readings
        self.prices = prices
        self.awards = awards
        self.events = events
        self.warnings = warnings
    }

    public var isEmpty: Bool { readings.isEmpty && prices.isEmpty && awards.isEmpty && events.isEmpty }

    public mutating func append(_ other: ImportedRecords) {
        readings += other.readings
        prices += other.prices
        awards += other.awards
        events += other.events
        warnings += other.warnings
    }
}

/// One interval of one meter. A source that carries only one direction (a Green Button MeterReading is one
/// channel) leaves the other `nil`; the importer joins channels of the same meter and interval, and says
/// so when a direction is missing altogether.
public struct ImportedReading: Sendable, Hashable {
    public var meterID: String
    public var start: Instant
    public var seconds: Int64
    /// Energy delivered by the grid to the customer (import), µkWh ≥ 0; `nil` if this source has no such channel.
    public var deliveredMicroKWh: Int64?
    /// Energy received by the grid from the customer (export), µkWh ≥ 0; `nil` if this source has no such channel.
    public var receivedMicroKWh: Int64?
    public var quality: DataQuality
    /// `file:line` (or `file:line:column`) of the reading in the source file.
    public var source: String

    public init(
        meterID: String, start: Instant, seconds: Int64, deliveredMicroKWh: Int64?, receivedMicroKWh: Int64?,
        quality: DataQuality, source: String
    ) {
        self.meterID = meterID
        self.start = start
        self.seconds = seconds
        self.deliveredMicroKWh = deliveredMicroKWh
        self.receivedMicroKWh = receivedMicroKWh
        self.quality = quality
        self.source = source
    }
}

/// An award or dispatch set-point for one resource (`awards.csv` has a resource column; ``Award`` does not).
public struct ImportedAward: Sendable, Hashable {
    public var resourceID: String
    public var award: Award

    public init(resourceID: String, award: Award) {
        self.resourceID = resourceID
        self.award = award
    }
}

/// A demand-response event for one resource, with the identity the sender gave it (OpenADR `eventID` and
/// `modificationNumber`), so a later modification can be told from a new event.
public struct ImportedEvent: Sendable, Hashable {
    public var resourceID: String
    public var event: DemandResponseEvent
    /// The sender's event id, e.g. OpenADR `eventID`; empty when the format has none.
    public var eventID: String
    /// The sender's revision, e.g. OpenADR `modificationNumber`; a higher one supersedes a lower one.
    public var modification: Int

    public init(resourceID: String, event: DemandResponseEvent, eventID: String = "", modification: Int = 0) {
        self.resourceID = resourceID
        self.event = event
        self.eventID = eventID
        self.modification = modification
    }
}
