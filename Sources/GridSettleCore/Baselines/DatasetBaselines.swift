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

    /// One result per dispatch event, in event order. Dispatch and test events are event days; outage events
    /// are outage days. Throws a message when the dataset lacks the meter the quantity needs.
    public static func run(_ d: Dataset, method: BaselineMethod, quantity: Quantity) throws(BaselineInputError) -> [BaselineResult] {
        let vee = VEE.run(d)
        let role: MeterRole = quantity == .siteLoad ? .retailMaster : .storage
        guard let spec = d.config.meter(role: role), let m = vee.meters[spec.id] else {
            throw BaselineInputError(message: "\(quantity.rawValue) needs a meter with role \(role.rawValue) in site.json")
        }
        let series = quantity == .siteLoad ? RetailAdjustment.netImport(m) : MeterGeneratorOutput.output(delivered: m.delivered, received: m.received)
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
