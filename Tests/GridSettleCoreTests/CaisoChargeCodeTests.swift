import GridSettleCore
import Testing

/// CAISO shadow settlement on one hand-computed hour (research valuation_and_tariffs.md §6, vector 5):
/// the sum of CC 6011, 6460, 6470 and 6475 reproduces the real-time energy identity.
@Suite("CAISO charge codes")
struct CaisoChargeCodeTests {
    let t0 = LedgerFixtures.t0
    let node = "N1"
    let fmmMW = [1.0, 1.2, 1.0, 0.8]
    var rtdMW: [Double] { (0..<12).map { $0 == 5 ? 1.5 : fmmMW[$0 / 3] } }
    let fmmLMP = [42.0, 44.0, 41.0, 39.0]
    var rtdLMP: [Double] { (0..<12).map { 30 + Double($0) } }
    let meteredKWh = 90.0  // per 5 minutes, discharge

    func price(_ run: MarketRun, _ product: PriceProduct, _ i: Int, seconds: Int64, _ v: Double) -> PricePoint {
        PricePoint(node: node, run: run, product: product, start: t0.adding(seconds: Int64(i) * seconds), seconds: seconds,
                   microPrice: Int64((v * 1e6).rounded()), source: "t")
    }

    /// DA, FMM (LMP, regulation up, mileage up) and RTD prices of the hour.
    func prices() -> [PricePoint] {
        var prices = [price(.dayAhead, .lmp, 0, seconds: 3600, 40), price(.dayAhead, .regulationUp, 0, seconds: 3600, 10)]
        for i in 0..<4 {
            prices.append(price(.fifteenMinute, .lmp, i, seconds: 900, fmmLMP[i]))
            prices.append(price(.fifteenMinute, .regulationUp, i, seconds: 900, 12))
            prices.append(price(.fifteenMinute, .mileageUp, i, seconds: 900, 0.25))
        }
        for j in 0..<12 { prices.append(price(.realTimeDispatch, .lmp, j, seconds: 300, rtdLMP[j])) }
        return prices
    }

    func settle(retailNetting: Bool = true, meteredKWh: Double? = nil, prices given: [PricePoint]? = nil, grids: PriceGrids? = nil) -> [String: ChargeCodeResult] {
        var p = SettlementPolicies()
        p.idleDetection = .signal
        p.retailNettingAvailable = retailNetting
        let m = meteredKWh ?? self.meteredKWh
        let storage = LedgerFixtures.storage(
            seconds: 300, deliveredKWh: Array(repeating: max(0, -m), count: 12), receivedKWh: Array(repeating: max(0, m), count: 12))
        var awards = [LedgerFixtures.award(.dayAhead, .energy, start: t0, seconds: 3600, mw: 1.0),
                      LedgerFixtures.award(.dayAhead, .regulationUp, start: t0, seconds: 3600, mw: 0.5)]
        for i in 0..<4 {
            awards.append(LedgerFixtures.award(.fifteenMinute, .energy, start: t0.adding(seconds: Int64(i) * 900), seconds: 900, mw: fmmMW[i]))
            awards.append(LedgerFixtures.award(.fifteenMinute, .regulationUp, start: t0.adding(seconds: Int64(i) * 900), seconds: 900, mw: i == 1 ? 0.6 : 0.5))
        }
        awards.append(LedgerFixtures.award(.realTimeDispatch, .energy, start: t0.adding(seconds: 1500), seconds: 300, mw: 1.5))
        let prices = given ?? self.prices()
        let mileage = (0..<4).map {
            MileageRecord(direction: .up, start: t0.adding(seconds: Int64($0) * 900), seconds: 900, instructedMicroMW: 2_000_000, accuracyMicro: 900_000, source: "t")
        }
        let L = LedgerBuilder(policies: p, roundTripEfficiency: 0.85, initialInventoryKWh: 2000)
            .build(storage: storage, awards: awards, signals: [], trips: [])
        let (results, missing) = CaisoShadowSettlement(pricingNode: node, policies: p).settle(ledger: L, awards: awards, prices: prices, mileage: mileage, priceGrids: grids)
        #expect(missing.isEmpty)
        return Dictionary(uniqueKeysWithValues: results.map { ($0.code, $0) })
    }

    @Test("each code by its formula, to the micro-dollar")
    func eachCode() {
        let r = settle()
        #expect(r["CC6011"]!.amount == Money(micros: 40_000_000))  // 1 MW · 1 h · $40
        #expect(r["CC6460"]!.amount == Money(micros: 250_000))  // 0.2·¼·44 − 0.2·¼·39
        #expect(r["CC6470"]!.amount == Money(micros: 875_000))  // 0.3 · 1/12 · 35
        #expect(r["REG-UP-CAP"]!.amount == Money(micros: 5_300_000))  // 0.5·10 + 0.1·¼·12
        #expect(r["REG-UP-MILEAGE"]!.amount == Money(micros: 1_800_000))  // 4 · 2.0 · 0.9 · 0.25
        #expect(r["REG-DOWN-CAP"]!.amount == .zero)
    }

    /// A portfolio shares one ``PriceGrids`` among the units that get the same price list; the grid is taken from it
    /// only for that very list, so a changed copy of the list is settled at its own prices.
    @Test("prices shared through PriceGrids settle as the list itself, and a changed list is not settled at the cached grid")
    func sharedGrids() {
        let prices = prices()
        let grids = PriceGrids(for: prices)
        let alone = settle(prices: prices)
        #expect(settle(prices: prices, grids: grids) == alone)
        #expect(settle(prices: prices, grids: grids) == alone)  // from the cache this time
        var changed = prices
        let k = changed.firstIndex { $0.run == .realTimeDispatch }!
        changed[k].microPrice += 10_000_000  // $10/MWh more in the first RTD interval
        let atChanged = settle(prices: changed, grids: grids)
        #expect(atChanged == settle(prices: changed))
        #expect(atChanged["CC6475"]!.amount != alone["CC6475"]!.amount)
    }

    @Test("6011 + 6460 + 6470 + 6475 equals the real-time energy identity computed independently")
    func identity() {
        let r = settle()
        var uie = 0.0
        for j in 0..<12 { uie += (meteredKWh / 1000 - rtdMW[j] / 12) * rtdLMP[j] }
        let expected6475 = uie
        #expect(abs(Double(r["CC6475"]!.amount.micros) / 1e6 - expected6475) < 1e-6)
        var identity = 1.0 * 40
        for i in 0..<4 { identity += (fmmMW[i] - 1.0) / 4 * fmmLMP[i] }
        for j in 0..<12 { identity += (rtdMW[j] - fmmMW[j / 3]) / 12 * rtdLMP[j] + (meteredKWh / 1000 - rtdMW[j] / 12) * rtdLMP[j] }
        let total = ["CC6011", "CC6460", "CC6470", "CC6475"].reduce(0) { $0 + r[$1]!.amount.micros }
        #expect(abs(Double(total) / 1e6 - identity) < 1e-5)
        // with all metered energy settled at RTD: identity = DA·λDA + Σ(FMM−DA)λFMM/4 + Σ(M − FMM/12)λRTD
        #expect(r["CC6475"]!.intervalCount == 12)
    }

    @Test("F1.2: with no retail netting, charging energy is not settled")
    func noNettingNoChargingSettlement() {
        let r = settle(retailNetting: false, meteredKWh: -90)
        #expect(r["CC6475"]!.amount == .zero)
        #expect(r["CC6475"]!.notes.contains { $0.contains("F1.2") })
    }
}
