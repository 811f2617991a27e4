import GridSettleCore

/// A deterministic PJM example (seed 004): a commercial building in Eastern time with a 600-kW PV array and
/// a customer-side 500-kW / 2-MWh ESR behind its retail meter, metered hourly (M1 at the point of
/// interconnection, M2 at the storage, PV at the array), with hourly real-time LMPs. Default month
/// November 2019: it has the fall-back day (25 hours).
///
/// The ESR charges from the grid overnight (wholesale-bought: Direct Charging Energy candidates), soaks up
/// PV surplus at midday (on-site energy, pool R) and discharges 17:00–21:00 on working days, first into the
/// building's load and the rest out through M1 (resale). So the month has DCE, LSCE from both pools and a
/// policy-dependent answer — what the inventory accounting is for.
public enum PJMExampleGenerator {
    public static let siteID = "PJM-CS-1"
    public static let resourceID = "ESR_CS_1"
    public static let pricingNode = "EXAMPLE_PNODE_1"
    public static let masterMeterID = "M1"
    public static let storageMeterID = "M2"
    public static let pvMeterID = "PV"
    static let capacityKWh = 2000.0
    static let powerKW = 500.0
    static let efficiency = 0.88

    public static func customerSide(year: Int = 2019, month: Int = 11, seed: UInt64 = 841, tariff: Tariff, tariffFile: String) -> Dataset {
        let frame = MonthFrame(year: year, month: month, intervalMinutes: 60, market: .pjm)
        var rng = SeededRandom(seed: seed)
        let n = frame.meterGrid.count
        let z = ContiguousArray<Int64>(repeating: 0, count: n)
        var m1d = z, m1r = z, m2d = z, m2r = z, pvr = z
        var prices: [PricePoint] = []
        prices.reserveCapacity(n)
        let oneWay = efficiency.squareRoot()
        var stored = 0.0  // kWh in the battery
        var clear = 1.0
        for i in 0..<n {
            let day = frame.days[Int(frame.dayIndex[i])]
            let h = Int(frame.localHour[i])
            if h == 0 || i == 0 { clear = rng.uniform(0.25, 1.0) }
            let working = day.isWorking
            // building load, kW (= kWh in the hour)
            let occupied = working && (7..<19).contains(h)
            let load = (occupied ? 320.0 : 170.0) + rng.uniform(-20, 20)
            // PV, kW: a November day, 07:00–17:00
            let shape = [0, 0, 0, 0, 0, 0, 0, 0.05, 0.2, 0.4, 0.55, 0.65, 0.65, 0.55, 0.4, 0.2, 0.05, 0, 0, 0, 0, 0, 0, 0]
            let pv = 600 * shape[h] * clear
            // hourly RT LMP, $/MWh: evening and morning peaks, the odd negative night hour
            var lmp = 24 + (h >= 17 && h < 21 ? 30 : 0) + (h >= 7 && h < 10 ? 12 : 0) + rng.uniform(-6, 6)
            if h < 5 && rng.chance(0.04) { lmp = -rng.uniform(1, 12) }
            // the ESR's schedule
            var charge = 0.0
            var discharge = 0.0
            if working && h >= 1 && h < 5 {
                charge = min(300, (0.6 * capacityKWh - stored) / oneWay)  // overnight, from the grid
            } else if pv > load {
                charge = min(powerKW, pv - load, (capacityKWh - stored) / oneWay)  // PV surplus
            } else if working && h >= 17 && h < 21 {
                discharge = min(400, stored * oneWay - 1)  // keep 1 kWh so rounding never overdraws the pools
            }
            charge = max(0, (charge * 1000).rounded(.down) / 1000)
            discharge = max(0, (discharge * 1000).rounded(.down) / 1000)
            stored += charge * oneWay - discharge / oneWay
            let net = load + charge - pv - discharge
            m1d[i] = micro(max(0, net), step: 1000)
            m1r[i] = micro(max(0, -net), step: 1000)
            m2d[i] = micro(charge, step: 1000)
            m2r[i] = micro(discharge, step: 1000)
            pvr[i] = micro(pv, step: 1000)
            prices.append(PricePoint(node: pricingNode, run: .realTimeHourly, product: .lmp, start: frame.meterGrid.startOf(i), seconds: 3600,
                                     microPrice: micro(lmp, step: 10_000), source: ExampleGenerator.source))
        }
        let q = ContiguousArray<DataQuality>(repeating: .actual, count: n)
        func channels(_ d: ContiguousArray<Int64>, _ r: ContiguousArray<Int64>) -> MeterChannels {
            MeterChannels(delivered: EnergySeries(grid: frame.meterGrid, microKWh: d, quality: q), received: EnergySeries(grid: frame.meterGrid, microKWh: r, quality: q))
        }
        let config = SiteConfig(
            site: SiteInfo(id: siteID, name: "Example PJM office with PV and a customer-side ESR", capacityKW: 1000),
            market: .pjm, period: frame.period,
            meters: [
                MeterSpec(id: masterMeterID, role: .retailMaster, intervalMinutes: 60, ratingKW: 2000),
                MeterSpec(id: storageMeterID, role: .storage, intervalMinutes: 60, ratingKW: 600),
                MeterSpec(id: pvMeterID, role: .onsiteGeneration, intervalMinutes: 60, ratingKW: 700),
            ],
            resource: ResourceSpec(id: resourceID, participationModel: "ESR", pricingNode: pricingNode, roundTripEfficiency: efficiency, initialInventoryKWh: 0),
            tariff: TariffReference(urdbFile: tariffFile, demandWindowMinutes: 60),
            policies: SettlementPolicies(),
            pjm: PJMStorageSettings(configuration: .customerSide, initialSettlement: .negativeGeneration, inventoryPolicy: .proRata,
                                    lse: "Example LSE", edc: "Example EDC"))
        var hourly = tariff
        hourly.demandWindowMinutes = 60  // hourly meters: the demand window is the hour, as in site.json
        return Dataset(
            config: config, meters: [masterMeterID: channels(m1d, m1r), storageMeterID: channels(m2d, m2r), pvMeterID: channels(z, pvr)],
            awards: [], signals: [], prices: prices, tariff: hourly)
    }
}
