import GridSettleCore
import Testing

/// Example C2 (research settlement_rules.md §3.8): the add-back (the SCE pilot's rule) and the symmetric
/// variant, hourly, kWh.
@Suite("Retail adjustment — example C2")
struct RetailAdjustmentTests {
    static let m1NetImportKWh: [Double] = [500, 380, 300, 420]
    static let chargeKWh: [Double] = [100, 60, 0, 0]
    static let dischargeKWh: [Double] = [0, 40, 150, 30]

    func run(_ adjustment: SettlementPolicies.RetailAdjustment) -> (billed: [Int64], ledger: StorageLedger) {
        var p = SettlementPolicies()
        p.retailAdjustment = adjustment
        p.idleDetection = .signal  // no signals: nothing is idle
        let storage = LedgerFixtures.storage(seconds: 3600, deliveredKWh: Self.chargeKWh, receivedKWh: Self.dischargeKWh)
        // award hours 2 and 3 (A_h = [0, 1, 1, 0]): a regulation award in each
        let awards = [1, 2].map {
            LedgerFixtures.award(.dayAhead, .regulationUp, start: LedgerFixtures.t0.adding(seconds: Int64($0) * 3600), seconds: 3600, mw: 0.2)
        }
        let L = LedgerBuilder(policies: p, roundTripEfficiency: 0.85, initialInventoryKWh: 200)
            .build(storage: storage, awards: awards, signals: [], trips: [])
        let g = IntervalGrid(start: LedgerFixtures.t0, seconds: 3600, count: 4)
        let m1 = EnergySeries(grid: g, microKWh: ContiguousArray(Self.m1NetImportKWh.map(Units.microKWh)))
        let billed = RetailAdjustment.apply(to: m1, ledger: L)
        return (Array(billed.microKWh), L)
    }

    @Test("add-back only (F3.10): billed 500, 420, 450, 420 = 1790 kWh")
    func addBackOnly() {
        let (billed, L) = run(.addBackOnly)
        #expect(billed == [500, 420, 450, 420].map { Int64($0) * 1_000_000 })
        #expect(billed.reduce(0, +) == 1_790_000_000)
        #expect(Array(L.awardSeconds) == [0, 3600, 3600, 0])
    }

    @Test("symmetric (F3.11): billed 500, 360, 450, 420 = 1730 kWh")
    func symmetric() {
        let (billed, _) = run(.symmetric)
        #expect(billed == [500, 360, 450, 420].map { Int64($0) * 1_000_000 })
        #expect(billed.reduce(0, +) == 1_730_000_000)
    }

    @Test("wholesale quantity q^W = A·(dis − chg): −20, +150, total +130 kWh (F3.12)")
    func wholesaleQuantity() {
        let (_, L) = run(.addBackOnly)
        let q = (0..<4).map { L.dischargeWholesale[$0] - L.chargeWholesale[$0] }
        #expect(q == [0, -20_000_000, 150_000_000, 0])
        #expect(q.reduce(0, +) == 130_000_000)
    }

    @Test("the 30 kWh discharged in hour 4 (no award) stay retail and lower the bill")
    func nonAwardDischargeIsRetail() {
        let (_, L) = run(.addBackOnly)
        #expect(L.dischargeRetail[3] == 30_000_000 && L.addBack[3] == 0)
    }

    @Test("the symmetric back-out is not applied when the utility cannot net charging (F1.2)")
    func noNettingNoBackOut() {
        var p = SettlementPolicies()
        p.retailAdjustment = .symmetric
        p.retailNettingAvailable = false
        p.idleDetection = .signal
        let storage = LedgerFixtures.storage(seconds: 3600, deliveredKWh: Self.chargeKWh, receivedKWh: Self.dischargeKWh)
        let awards = [LedgerFixtures.award(.dayAhead, .regulationUp, start: LedgerFixtures.t0.adding(seconds: 3600), seconds: 3600, mw: 0.2)]
        let L = LedgerBuilder(policies: p, roundTripEfficiency: 0.85, initialInventoryKWh: 0)
            .build(storage: storage, awards: awards, signals: [], trips: [])
        #expect(LedgerFixtures.sum(L.backOut) == 0)
    }
}
