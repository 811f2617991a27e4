/// Baselines for every dispatch event of a dataset (format v1 plus `events.csv`), on VEE-checked meter data:
/// a preset of the day-matching engine (weather matching reads `temperature.csv`), or `external`, the
/// dataset's own `baseline_series.csv`.
public enum DatasetBaselines {
    /// The VEE-checked series a baseline can be of: the site meter's net import (N) and the storage meter's
    /// output (−G, discharge positive); nil when the dataset has no such meter.
    public struct MeterSeries: Sendable {
        public var siteNet: EnergySeries?
        public var storageOutput: EnergySeries?

        public init(_ d: Dataset, vee: VEEResult) {
            siteNet = d.config.meter(role: .retailMaster).flatMap { vee.meters[$0.id] }.map(RetailAdjustment.netImport)
            storageOutput = d.config.meter(role: .storage).flatMap { vee.meters[$0.id] }.map {
                MeterGeneratorOutput.output(delivered: $0.delivered, received: $0.received)
            }
        }

        public func series(_ q: BaselineQuantity) -> EnergySeries? { q == .siteLoad ? siteNet : storageOutput }
    }

    /// Every name ``results(_:methodName:quantity:meters:)`` accepts: the presets, then `external`.
    public static var methodNames: [String] { BaselinePresets.all.map(\.name) + [ExternalBaseline.methodName] }

    /// The quantity a method measures when none is asked for: the preset's own, site load for `external`;
    /// nil for an unknown name.
    public static func defaultQuantity(methodName: String) -> BaselineQuantity? {
        methodName == ExternalBaseline.methodName ? .siteLoad : BaselinePresets.named(methodName)?.quantity
    }

    /// The results of a method given by name — a preset (``BaselinePresets``) or `external` — one per dispatch
    /// event, in event order; `quantity` nil = ``defaultQuantity(methodName:)``. The one entry point for code
    /// that takes the method from configuration (the settlement's demand-response program, the CLI).
    public static func results(_ d: Dataset, methodName: String, quantity: BaselineQuantity?, meters: MeterSeries) throws(BaselineInputError)
        -> [BaselineResult]
    {
        if methodName == ExternalBaseline.methodName { return try runExternal(d, quantity: quantity ?? .siteLoad, meters: meters) }
        guard let method = BaselinePresets.named(methodName) else {
            throw BaselineInputError(message: "'\(methodName)' is not a baseline method; expected one of \(methodNames.joined(separator: ", "))")
        }
        return try run(d, method: method, quantity: quantity ?? method.quantity, meters: meters)
    }

    /// One result per dispatch event, in event order. Dispatch and test events are event days; outage events
    /// are outage days. Throws a message when the dataset lacks the meter the quantity needs, or the
    /// temperatures a weather method needs.
    public static func run(_ d: Dataset, method: BaselineMethod, quantity: BaselineQuantity) throws(BaselineInputError) -> [BaselineResult] {
        try run(d, method: method, quantity: quantity, meters: MeterSeries(d, vee: VEE.run(d)))
    }

    /// The same on meter series already checked (a caller that also charts them runs VEE once).
    public static func run(_ d: Dataset, method: BaselineMethod, quantity: BaselineQuantity, meters: MeterSeries) throws(BaselineInputError)
        -> [BaselineResult]
    {
        let series = try meterSeries(meters, quantity)
        let tz = d.config.calendar.timeZone
        var eventDays = Set<LocalDate>()
        var outageDays = Set<LocalDate>()
        for e in d.events {
            for day in e.days(in: tz) {
                if e.kind == .outage { outageDays.insert(day) } else { eventDays.insert(day) }
            }
        }
        // temperatures go to every method when the dataset has them: the audit shows each day's maximum
        let temperatures = d.temperatures.isEmpty ? nil : DailyMaxTemperature(d.temperatures, timeZone: tz)
        let input = BaselineInput(
            series: series, calendar: d.config.calendar, eventDays: eventDays, outageDays: outageDays, dailyMaxTemperature: temperatures)
        let engine = DayMatchingBaseline(method)
        try engine.check(input)
        let profiles = DayProfiles(series, timeZone: tz, slotMinutes: method.profileMinutes)
        return d.events.filter { $0.kind == .dispatch }.sorted { $0.start < $1.start }.map {
            engine.baseline(input, profiles: profiles, event: BaselineEvent(start: $0.start, end: $0.end))
        }
    }

    /// The `external` method: each dispatch event's baseline from the dataset's `baseline_series.csv`, on the
    /// meter's own interval (``ExternalBaseline``). Throws when the dataset has no supplied series or lacks
    /// the meter the quantity needs.
    public static func runExternal(_ d: Dataset, quantity: BaselineQuantity = .siteLoad, meters: MeterSeries) throws(BaselineInputError)
        -> [BaselineResult]
    {
        let series = try meterSeries(meters, quantity)
        if d.baselineSeries.isEmpty {
            throw BaselineInputError(message: "the baseline method external needs baseline_series.csv (interval_start,interval_end,baseline_kw) in the dataset")
        }
        if let p = ExternalBaseline.problem(d.baselineSeries) { throw BaselineInputError(message: p) }
        let tz = d.config.calendar.timeZone
        let profiles = DayProfiles(series, timeZone: tz)
        return d.events.filter { $0.kind == .dispatch }.sorted { $0.start < $1.start }.map {
            ExternalBaseline.baseline(d.baselineSeries, profiles: profiles, timeZone: tz, event: BaselineEvent(start: $0.start, end: $0.end))
        }
    }

    static func meterSeries(_ meters: MeterSeries, _ quantity: BaselineQuantity) throws(BaselineInputError) -> EnergySeries {
        guard let series = meters.series(quantity) else {
            let role: MeterRole = quantity == .siteLoad ? .retailMaster : .storage
            throw BaselineInputError(message: "\(quantity.rawValue) needs a meter with role \(role.rawValue) in site.json")
        }
        return series
    }
}

public struct BaselineInputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension BaselineResult {
    /// Performance per event slot, µkW: load reduction (adjusted baseline − actual) for a site-load baseline,
    /// output above the typical output (MGO, seed 002) for a device baseline; nil where data are missing.
    public func performance(_ quantity: BaselineQuantity) -> [Int64?] {
        quantity == .siteLoad ? loadReduction : MeterGeneratorOutput.performance(self)
    }

    /// The event's performance in µkWh: slot kW summed (missing slots count 0, and are listed by
    /// ``performance(_:)``) × slot length, rounded once.
    public func performanceMicroKWh(_ quantity: BaselineQuantity) -> Int64 {
        let sum = performance(quantity).reduce(Int64(0)) { $0 + ($1 ?? 0) }
        return Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(sum) * Int128(slotMinutes), by: 60))
    }
}
