/// A whole dataset in memory: the site file plus every input series and record, already on the period's
/// grid. Produced by `GridSettleFormats.DatasetReader` (from a directory) or by the example generator, and
/// consumed by ``SettlementEngine``.
public struct Dataset: Sendable {
    public var config: SiteConfig
    /// Meter data by meter id, each on its own grid covering the settlement period.
    public var meters: [String: MeterChannels]
    public var awards: [Award]
    public var signals: [ModeSignal]
    public var prices: [PricePoint]
    public var mileage: [MileageRecord]
    public var trips: [VehicleTrip]
    /// Manual edits to apply during VEE, each logged.
    public var edits: [MeterEdit]
    public var tariff: Tariff
    /// Demand-response events (optional `events.csv`): what baselines are computed for and exclude.
    public var events: [DemandResponseEvent]
    /// Warnings found while loading (e.g. a tariff charge the bill cannot include); they appear on the
    /// statement.
    public var notices: [DatasetIssue]
    /// Outdoor temperatures (optional `temperature.csv`), in time order: what weather-matching baselines rank
    /// days by.
    public var temperatures: [TemperatureReading]
    /// An externally computed baseline (optional `baseline_series.csv`), in time order without overlap: the
    /// baseline method `external` (control groups, aggregator models).
    public var baselineSeries: [SuppliedBaselineInterval]
    /// The site file's name in messages about the site's settings: `site.json`, or in a portfolio the unit's
    /// `sites/<id>.json` (set by the portfolio), so a refusal raised while settling names the file to fix.
    public var siteFile = "site.json"
    /// The grids of ``prices``, shared by the units of a portfolio that get the same list (``PriceGrids``);
    /// nil, or made for another list, and each unit builds its own.
    public var priceGrids: PriceGrids?

    public init(
        config: SiteConfig, meters: [String: MeterChannels], awards: [Award], signals: [ModeSignal],
        prices: [PricePoint], mileage: [MileageRecord] = [], trips: [VehicleTrip] = [], edits: [MeterEdit] = [],
        tariff: Tariff, events: [DemandResponseEvent] = [], notices: [DatasetIssue] = [],
        temperatures: [TemperatureReading] = [], baselineSeries: [SuppliedBaselineInterval] = []
    ) {
        self.config = config
        self.meters = meters
        self.awards = awards
        self.signals = signals
        self.prices = prices
        self.mileage = mileage
        self.trips = trips
        self.edits = edits
        self.tariff = tariff
        self.events = events
        self.notices = notices
        self.temperatures = temperatures
        self.baselineSeries = baselineSeries
    }

    /// The UTC bounds of the settlement period.
    public var periodBounds: (start: Instant, end: Instant) { config.period.bounds(in: config.zone) }

    /// The grid a meter's data must lie on for this period.
    public func grid(for meter: MeterSpec) -> IntervalGrid {
        let b = periodBounds
        return IntervalGrid(start: b.start, end: b.end, seconds: meter.intervalSeconds)
    }
}

/// A manual correction of one meter interval: the old value is kept in the audit log.
public struct MeterEdit: Sendable, Hashable {
    public enum Channel: String, Sendable, Hashable, CaseIterable { case delivered, received }
    public var meterID: String
    public var intervalStart: Instant
    public var channel: Channel
    public var newMicroKWh: Int64
    public var reason: String
    public var editor: String
    public var source: String

    public init(
        meterID: String, intervalStart: Instant, channel: Channel, newMicroKWh: Int64, reason: String, editor: String,
        source: String
    ) {
        self.meterID = meterID
        self.intervalStart = intervalStart
        self.channel = channel
        self.newMicroKWh = newMicroKWh
        self.reason = reason
        self.editor = editor
        self.source = source
    }
}
