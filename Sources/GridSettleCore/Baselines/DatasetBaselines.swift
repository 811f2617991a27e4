/// Baselines for every dispatch event of a dataset (format v1 plus `events.csv`), on VEE-checked meter data.
public enum DatasetBaselines {
    /// The quantity a baseline is of.
    public enum Quantity: String, Sendable, Hashable, CaseIterable {
        /// The retail master meter's net import (delivered − received): load baselines (CAISO CLB, PJM, NYISO).
        case siteLoad = "site-load"
        /// The storage meter's output (received − delivered, discharge positive): MGO and seed 002.
        case deviceOutput = "device-output"

        /// The usual quantity of a preset: device output for MGO and seed 002, site load otherwise.
        public static func usual(for method: BaselineMethod) -> Quantity {
            method.name == BaselinePresets.caisoMGO.name || method.name == BaselinePresets.seed002GTypical.name ? .deviceOutput : .siteLoad
        }
    }

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

        public func series(_ q: Quantity) -> EnergySeries? { q == .siteLoad ? siteNet : storageOutput }
    }

    /// One result per dispatch event, in event order. Dispatch and test events are event days; outage events
    /// are outage days. Throws a message when the dataset lacks the meter the quantity needs.
    public static func run(_ d: Dataset, method: BaselineMethod, quantity: Quantity) throws(BaselineInputError) -> [BaselineResult] {
        try run(d, method: method, quantity: quantity, meters: MeterSeries(d, vee: VEE.run(d)))
    }

    /// The same on meter series already checked (a caller that also charts them runs VEE once).
    public static func run(_ d: Dataset, method: BaselineMethod, quantity: Quantity, meters: MeterSeries) throws(BaselineInputError)
        -> [BaselineResult]
    {
        guard let series = meters.series(quantity) else {
            let role: MeterRole = quantity == .siteLoad ? .retailMaster : .storage
            throw BaselineInputError(message: "\(quantity.rawValue) needs a meter with role \(role.rawValue) in site.json")
        }
        let tz = d.config.calendar.timeZone
        var eventDays = Set<LocalDate>()
        var outageDays = Set<LocalDate>()
        for e in d.events {
            for day in e.days(in: tz) {
                if e.kind == .outage { outageDays.insert(day) } else { eventDays.insert(day) }
            }
        }
        let input = BaselineInput(series: series, calendar: d.config.calendar, eventDays: eventDays, outageDays: outageDays)
        let engine = DayMatchingBaseline(method)
        let profiles = DayProfiles(series, timeZone: tz, slotMinutes: method.profileMinutes)
        return d.events.filter { $0.kind == .dispatch }.sorted { $0.start < $1.start }.map {
            engine.baseline(input, profiles: profiles, event: BaselineEvent(start: $0.start, end: $0.end))
        }
    }
}

public struct BaselineInputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension BaselineResult {
    /// Performance per event slot, µkW: load reduction (adjusted baseline − actual) for a site-load baseline,
    /// output above the typical output (MGO, seed 002) for a device baseline; nil where data are missing.
    public func performance(_ quantity: DatasetBaselines.Quantity) -> [Int64?] {
        quantity == .siteLoad ? loadReduction : MeterGeneratorOutput.performance(self)
    }

    /// The event's performance in µkWh: slot kW summed (missing slots count 0, and are listed by
    /// ``performance(_:)``) × slot length, rounded once.
    public func performanceMicroKWh(_ quantity: DatasetBaselines.Quantity) -> Int64 {
        let sum = performance(quantity).reduce(Int64(0)) { $0 + ($1 ?? 0) }
        return Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(sum) * Int128(slotMinutes), by: 60))
    }
}
