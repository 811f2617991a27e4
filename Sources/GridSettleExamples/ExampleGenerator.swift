import GridSettleCore

/// Deterministic example datasets shaped like the SCE / LA Air Force Base V2G pilot (seed 000): a
/// 655-kW site on an SCE master meter (M1), a 34-vehicle V2G fleet behind a CAISO revenue meter (M2)
/// participating as an NGR in regulation, and 11 other PEVs on their own EVSE meter.
///
/// One month contains, on most working days, 4–8 regulation award hours (HE11–16 and some evening hours)
/// with FMM re-awards, a few evening day-ahead energy awards with FMM/RTD deviations, overnight fleet
/// charging under DISPATCH_TO_ZERO, one manual-mode maintenance morning, one ~2-hour night with no
/// signal while the fleet charges (the double-billing case a downstream check must catch), one 2-interval
/// gap on M2 and one 1-interval gap on M1, and CAISO prices for every DA hour, FMM and RTD interval.
///
/// Everything derives from ``ExampleOptions/seed`` through ``SeededRandom``; no Foundation, no system
/// randomness, no transcendental functions, so the same options give the same dataset on every machine.
public enum ExampleGenerator {
    /// The `source` of every generated record.
    public static let source = "generated"
    public static let siteID = "LAAFB"
    public static let siteName = "Los Angeles Air Force Base"
    public static let resourceID = "LAAFB_1_V2G"
    public static let pricingNode = "LAAFB_7_N001"
    public static let masterMeterID = "M1"
    public static let storageMeterID = "M2"
    public static let evseMeterID = "EVSE"

    /// The LA Air Force Base V2G pilot shape, one month (default November 2016, which includes the DST
    /// fall-back day and Thanksgiving).
    public static func laAirForceBase(
        options: ExampleOptions = .init(), tariff: Tariff, tariffFile: String = "tariff.json"
    ) -> Dataset {
        let frame = MonthFrame(year: options.year, month: options.month, intervalMinutes: options.intervalMinutes)
        let prices = PriceGenerator.generate(frame: frame, seed: options.seed, node: pricingNode)
        return build(frame: frame, seed: options.seed, suffix: "", prices: prices, tariff: tariff, tariffFile: tariffFile)
    }

    /// N independent resource-months for benchmarks: same shape, different seeds (`seed + i`), site,
    /// resource, meter and vehicle ids suffixed `_0001`, `_0002`, …. All members share one price array
    /// (same node, drawn from `options.seed`), so member 0 equals ``laAirForceBase(options:tariff:tariffFile:)``
    /// apart from its ids.
    public static func fleet(
        count: Int, options: ExampleOptions = .init(), tariff: Tariff, tariffFile: String = "tariff.json"
    ) -> [Dataset] {
        precondition(count >= 0)
        let frame = MonthFrame(year: options.year, month: options.month, intervalMinutes: options.intervalMinutes)
        let prices = PriceGenerator.generate(frame: frame, seed: options.seed, node: pricingNode)
        var out: [Dataset] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            var digits = String(i + 1)
            while digits.count < 4 { digits = "0" + digits }
            out.append(
                build(
                    frame: frame, seed: options.seed &+ UInt64(i), suffix: "_" + digits, prices: prices, tariff: tariff,
                    tariffFile: tariffFile))
        }
        return out
    }

    /// The policies the example site runs under: the defaults, with the BESS-Idle threshold scaled to a
    /// 34-vehicle fleet (it idles at a few kW; 500 kW is a utility-scale default).
    public static var policies: SettlementPolicies {
        var p = SettlementPolicies()
        p.idleThresholdKW = 20
        p.idleMinimumMinutes = 2
        p.idleDetection = .signalThenCalculation
        return p
    }

    static func build(
        frame: MonthFrame, seed: UInt64, suffix: String, prices: [PricePoint], tariff: Tariff, tariffFile: String
    ) -> Dataset {
        let ids = ExampleIDs(suffix: suffix)
        let r = ResourceGenerator.generate(frame: frame, seed: seed, ids: ids)
        let minutes = Int(frame.meterSeconds / 60)
        let config = SiteConfig(
            site: SiteInfo(id: ids.siteID, name: siteName, capacityKW: 655),
            market: .caiso,
            period: frame.period,
            meters: [
                MeterSpec(id: ids.masterMeter, role: .retailMaster, intervalMinutes: minutes, ratingKW: 1500),
                MeterSpec(id: ids.storageMeter, role: .storage, intervalMinutes: minutes, ratingKW: 800),
                MeterSpec(id: ids.evseMeter, role: .evse, intervalMinutes: minutes, ratingKW: 100),
            ],
            resource: ResourceSpec(
                id: ids.resourceID, participationModel: "NGR", pricingNode: pricingNode,
                roundTripEfficiency: Pilot.roundTripEfficiency, initialInventoryKWh: Pilot.initialInventoryKWh,
                fleet: Pilot.v2gGroups + [Pilot.otherEVs]),
            tariff: TariffReference(urdbFile: tariffFile, demandWindowMinutes: 15, holidaysAsWeekends: true),
            policies: policies)
        return Dataset(
            config: config, meters: r.meters, awards: r.awards, signals: r.signals, prices: prices, mileage: r.mileage,
            trips: r.trips, edits: [], tariff: tariff, events: demandResponseEvents(frame))
    }

    /// Example demand-response events for `gridsettle baseline`: a 14:00–17:00 dispatch on the month's last
    /// working day that has ten working days before it, and a test event a week earlier. Settlement ignores
    /// them; they only drive baselines.
    static func demandResponseEvents(_ frame: MonthFrame) -> [DemandResponseEvent] {
        let working = frame.days.filter(\.isWorking)
        guard working.count > 15, let last = working.last else { return [] }
        let test = working[working.count - 6]
        func event(_ day: MonthFrame.Day, _ kind: DemandResponseEvent.Kind) -> DemandResponseEvent {
            let start = day.start.adding(seconds: 14 * 3600)
            return DemandResponseEvent(kind: kind, start: start, end: start.adding(seconds: 3 * 3600), source: "example")
        }
        return [event(last, .dispatch), event(test, .test)]
    }
}
