import GridSettleCore
import Testing

/// Example C1 (research settlement_rules.md §3.2): idle detection by calculation on one-minute power.
@Suite("BESS Idle — example C1")
struct BESSIdleTests {
    /// kW per minute, negative = charging.
    static let powerKW: [Double] = [-800, -790, -300, -250, -240, -260, -900, -100, -120, -110]

    static var perMinuteKWh: [Double] { powerKW.map { -$0 / 60 } }

    func ledger(retroactive: Bool, withAward: Bool) -> StorageLedger {
        var p = SettlementPolicies()
        p.idleDetection = .calculation
        p.idleThresholdKW = 500
        p.idleMinimumMinutes = 2
        p.idleRetroactive = retroactive
        let storage = LedgerFixtures.storage(seconds: 60, deliveredKWh: Self.perMinuteKWh, receivedKWh: Array(repeating: 0, count: 10))
        let awards = withAward
            ? [LedgerFixtures.award(.realTimeDispatch, .energy, start: LedgerFixtures.t0, seconds: 300, mw: -0.5),
               LedgerFixtures.award(.realTimeDispatch, .energy, start: LedgerFixtures.t0.adding(seconds: 300), seconds: 300, mw: -0.5)]
            : []
        return LedgerBuilder(policies: p, roundTripEfficiency: 0.85, initialInventoryKWh: 0)
            .build(storage: storage, awards: awards, signals: [], trips: [])
    }

    @Test("retroactive: wholesale load channel 41.5 kWh, retail (idle) 23.0 kWh")
    func retroactive() {
        let L = ledger(retroactive: true, withAward: true)
        #expect(LedgerFixtures.sum(L.caisoDelivered) == 41_500_000)
        #expect(LedgerFixtures.sum(L.chargeWholesale) == 41_500_000)
        #expect(LedgerFixtures.sum(L.chargeRetail) == 23_000_000)
        #expect(Array(L.idleSeconds) == [0, 0, 60, 60, 60, 60, 0, 60, 60, 60])
    }

    @Test("non-retroactive: idle 10.1667 kWh, wholesale 54.3333 kWh")
    func nonRetroactive() {
        let L = ledger(retroactive: false, withAward: true)
        // minutes 5, 6 and 10 only: (240 + 260 + 110) / 60 kWh
        #expect(Array(L.idleSeconds) == [0, 0, 0, 0, 60, 60, 0, 0, 0, 60])
        #expect(LedgerFixtures.sum(L.chargeRetail) == 10_166_666)  // 4 + 4.333333 + 1.833333
        #expect(LedgerFixtures.sum(L.caisoDelivered) == 54_333_334)
        #expect((Double(LedgerFixtures.sum(L.chargeRetail)) / 1e6 * 1e4).rounded() / 1e4 == 10.1667)
        #expect((Double(LedgerFixtures.sum(L.chargeWholesale)) / 1e6 * 1e4).rounded() / 1e4 == 54.3333)
    }

    @Test("a run of exactly the minimum duration is not idle (strictly longer is required)")
    func exactlyMinimum() {
        let e: ContiguousArray<Int64> = [-10_000_000, -1_000, -1_000, -10_000_000]
        let idle = BESSIdle.calculatedIdleSeconds(
            netMicroKWh: e, missing: [false, false, false, false], sampleSeconds: 60, thresholdMicroKW: 500_000_000,
            minimumSeconds: 120, retroactive: true)
        #expect(Array(idle) == [0, 0, 0, 0])
    }

    @Test("missing samples break runs and are never idle")
    func missingBreaksRuns() {
        let e: ContiguousArray<Int64> = [0, 0, 0, 0, 0]
        let idle = BESSIdle.calculatedIdleSeconds(
            netMicroKWh: e, missing: [false, false, true, false, false], sampleSeconds: 60, thresholdMicroKW: 500_000_000,
            minimumSeconds: 90, retroactive: true)
        #expect(Array(idle) == [60, 60, 0, 60, 60])
    }

    @Test("Method 1: a DISPATCH_TO_ZERO signal zeroes the CAISO load channel and sends the energy to retail")
    func signalIdle() {
        var p = SettlementPolicies()
        p.idleDetection = .signal
        let storage = LedgerFixtures.storage(seconds: 300, deliveredKWh: [5, 5, 5, 5], receivedKWh: [0, 0, 0, 0])
        let sig = ModeSignal(kind: .dispatchToZero, start: LedgerFixtures.t0.adding(seconds: 300), end: LedgerFixtures.t0.adding(seconds: 900), source: "t")
        let L = LedgerBuilder(policies: p, roundTripEfficiency: 0.9, initialInventoryKWh: 0)
            .build(storage: storage, awards: [], signals: [sig], trips: [])
        #expect(Array(L.caisoDelivered) == [5_000_000, 0, 0, 5_000_000])
        #expect(Array(L.chargeRetail) == [5_000_000, 5_000_000, 5_000_000, 5_000_000])
        #expect(L.flags[1].contains(.idleSignal) && !L.flags[0].contains(.idleSignal))
    }
}
