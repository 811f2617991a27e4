import GridSettleCore

/// A small hand-made CAISO dataset for the report tests: 5-minute master (M1) and storage (M2) meters,
/// regulation awards at 10:00–12:00 and a day-ahead energy award at 14:00 every day, overnight retail
/// charging, evening peak shaving, one DISPATCH_TO_ZERO signal, a short M2 gap VEE estimates, one manual
/// edit, optionally a long M1 gap that stays missing, and every price settlement needs.
enum ReportFixture {
    static let node = "TEST_NODE"
    static let zone = MarketTimeZone.losAngeles

    struct Options {
        var start = LocalDate(year: 2016, month: 11, day: 1)
        var days = 3
        var siteName = "Test Air Force Base"
        /// M1 intervals (indices on the 5-minute grid) left missing; longer than 3 so VEE does not fill it.
        var m1Gap: Range<Int>? = nil
        var editReason = "meter reset"
        var policies = SettlementPolicies()
    }

    static func tariff() -> Tariff {
        // periods: 0 off-peak, 1 mid-peak (08–16), 2 on-peak (16–21) on weekdays; weekends off/mid
        let weekday = (0..<24).map { h in h >= 16 && h < 21 ? 2 : (h >= 8 && h < 16 ? 1 : 0) }
        let weekend = (0..<24).map { h in h >= 8 && h < 21 ? 1 : 0 }
        return Tariff(
            label: "test-tou-8", utility: "Test Edison", name: "TOU-8-B test", energyRates: [80_000, 115_000, 245_000],
            energyPeriodNames: ["Off-Peak", "Mid-Peak", "On-Peak"],
            energyWeekdaySchedule: Array(repeating: weekday, count: 12), energyWeekendSchedule: Array(repeating: weekend, count: 12),
            demandRates: [0, 4_500_000, 21_000_000],
            demandWeekdaySchedule: Array(repeating: weekday, count: 12), demandWeekendSchedule: Array(repeating: weekend, count: 12),
            flatDemandRates: [16_000_000], flatDemandMonths: Array(repeating: 0, count: 12), fixedMonthlyCharge: 450_000_000,
            demandWindowMinutes: 15, holidaysAsWeekends: true)
    }

    static func dataset(_ o: Options = Options()) -> Dataset {
        let period = SettlementPeriod(start: o.start, end: o.start.adding(days: o.days))
        let config = SiteConfig(
            site: SiteInfo(id: "TSITE", name: o.siteName, capacityKW: 655), market: .caiso, period: period,
            meters: [
                MeterSpec(id: "M1", role: .retailMaster, intervalMinutes: 5, ratingKW: 2000),
                MeterSpec(id: "M2", role: .storage, intervalMinutes: 5, ratingKW: 800),
            ],
            resource: ResourceSpec(
                id: "TSITE_1_V2G", participationModel: "NGR", pricingNode: node, roundTripEfficiency: 0.85, initialInventoryKWh: 100),
            tariff: TariffReference(urdbFile: "tariff.json"), policies: o.policies)
        let b = period.bounds(in: zone)
        let grid = IntervalGrid(start: b.start, end: b.end, seconds: 300)
        let n = grid.count
        var m1d = ContiguousArray<Int64>(repeating: 0, count: n)
        var m1r = ContiguousArray<Int64>(repeating: 0, count: n)
        var m1q = ContiguousArray<DataQuality>(repeating: .actual, count: n)
        var m2d = ContiguousArray<Int64>(repeating: 0, count: n)
        var m2r = ContiguousArray<Int64>(repeating: 0, count: n)
        var m2q = ContiguousArray<DataQuality>(repeating: .actual, count: n)
        let reg: [Double] = [80, -60, 40, -20]
        for i in 0..<n {
            let t = grid.startOf(i)
            let hour = zone.localTime(t).hour
            let facility = 250.0 + (hour >= 8 && hour < 18 ? 120 : 0) + Double(i % 7) * 3
            let storage: Double  // kW, + discharge
            switch hour {
            case 10, 11: storage = reg[i % 4]
            case 14: storage = 100
            case 1..<4: storage = -150
            case 17, 18: storage = 60
            default: storage = -2
            }
            let net = facility - storage
            m1d[i] = Units.microKWh(max(0, net) * 5 / 60)
            m1r[i] = Units.microKWh(max(0, -net) * 5 / 60)
            m2d[i] = Units.microKWh(max(0, -storage) * 5 / 60)
            m2r[i] = Units.microKWh(max(0, storage) * 5 / 60)
        }
        if let gap = o.m1Gap {
            for i in gap {
                m1d[i] = 0
                m1r[i] = 0
                m1q[i] = .missing
            }
        }
        // a 2-interval M2 gap on the first morning at 07:00 local, estimated by VEE
        let m2Gap = 7 * 12
        for i in m2Gap..<(m2Gap + 2) {
            m2d[i] = 0
            m2r[i] = 0
            m2q[i] = .missing
        }
        let meters = [
            "M1": MeterChannels(
                delivered: EnergySeries(grid: grid, microKWh: m1d, quality: m1q), received: EnergySeries(grid: grid, microKWh: m1r, quality: m1q)),
            "M2": MeterChannels(
                delivered: EnergySeries(grid: grid, microKWh: m2d, quality: m2q), received: EnergySeries(grid: grid, microKWh: m2r, quality: m2q)),
        ]

        var awards: [Award] = []
        var mileage: [MileageRecord] = []
        for d in 0..<o.days {
            let day = zone.startOfDay(o.start.adding(days: d))
            for h in [10, 11] {
                let t = day.adding(seconds: Int64(h) * 3600)
                awards.append(Award(run: .dayAhead, product: .regulationUp, start: t, seconds: 3600, microMW: 100_000, source: "awards.csv:\(d * 3 + h)"))
                awards.append(Award(run: .dayAhead, product: .regulationDown, start: t, seconds: 3600, microMW: 80_000, source: "awards.csv:\(d * 3 + h)"))
                for q in 0..<4 {
                    let s = t.adding(seconds: Int64(q) * 900)
                    mileage.append(MileageRecord(direction: .up, start: s, seconds: 900, instructedMicroMW: 300_000, accuracyMicro: 950_000, source: "mileage.csv"))
                    mileage.append(MileageRecord(direction: .down, start: s, seconds: 900, instructedMicroMW: 250_000, accuracyMicro: 940_000, source: "mileage.csv"))
                }
            }
            awards.append(Award(run: .dayAhead, product: .energy, start: day.adding(seconds: 14 * 3600), seconds: 3600, microMW: 100_000, source: "awards.csv:e\(d)"))
        }
        let signals = [ModeSignal(kind: .dispatchToZero, start: b.start.adding(seconds: 20 * 3600), end: b.start.adding(seconds: 22 * 3600), source: "signals.csv:2")]

        var prices: [PricePoint] = []
        var t = b.start
        while t < b.end {
            let hour = zone.localTime(t).hour
            let minute = Int64((t.secondsSinceEpoch / 300) % 12)
            prices.append(PricePoint(node: node, run: .realTimeDispatch, product: .lmp, start: t, seconds: 300,
                                     microPrice: 28_000_000 + Int64(hour) * 1_250_000 + minute * 110_000, source: "prices.csv"))
            if t.secondsSinceEpoch % 900 == 0 {
                for (product, base) in [(PriceProduct.lmp, 31_000_000), (.regulationUp, 9_000_000), (.regulationDown, 7_000_000), (.mileageUp, 400_000), (.mileageDown, 300_000)] {
                    prices.append(PricePoint(node: node, run: .fifteenMinute, product: product, start: t, seconds: 900,
                                             microPrice: Int64(base) + Int64(hour) * 200_000, source: "prices.csv"))
                }
            }
            if t.secondsSinceEpoch % 3600 == 0 {
                for (product, base) in [(PriceProduct.lmp, 33_000_000), (.regulationUp, 11_000_000), (.regulationDown, 8_000_000)] {
                    prices.append(PricePoint(node: node, run: .dayAhead, product: product, start: t, seconds: 3600,
                                             microPrice: Int64(base) + Int64(hour) * 300_000, source: "prices.csv"))
                }
            }
            t = t.adding(seconds: 300)
        }
        let edit = MeterEdit(
            meterID: "M1", intervalStart: b.start.adding(seconds: 5 * 3600), channel: .delivered, newMicroKWh: 21_000_000,
            reason: o.editReason, editor: "analyst", source: "edits.csv:2")
        return Dataset(
            config: config, meters: meters, awards: awards, signals: signals, prices: prices, mileage: mileage, edits: [edit],
            tariff: tariff())
    }

    static func result(_ o: Options = Options()) throws -> SettlementResult {
        try SettlementEngine.settle(dataset(o))
    }
}
