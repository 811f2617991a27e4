import GridSettleCore
import Testing

/// Award periods (F3.9) and partial intervals (edge case E1).
@Suite("Award hours")
struct AwardHoursTests {
    let t0 = LedgerFixtures.t0

    @Test("clock-hour scope flags the whole hour of a 5-minute RTD award; interval scope only its 5 minutes")
    func scope() {
        let a = [LedgerFixtures.award(.realTimeDispatch, .energy, start: t0.adding(seconds: 1200), seconds: 300, mw: 0.3)]
        let g = IntervalGrid(start: t0, seconds: 300, count: 24)
        let hour = AwardHours.mask(awards: a, start: g.start, end: g.end, scope: .clockHour).coveredSeconds(on: g)
        let interval = AwardHours.mask(awards: a, start: g.start, end: g.end, scope: .awardInterval).coveredSeconds(on: g)
        #expect(hour.prefix(12).allSatisfy { $0 == 300 } && hour.suffix(12).allSatisfy { $0 == 0 })
        #expect(interval.enumerated().allSatisfy { $0.element == ($0.offset == 4 ? 300 : 0) })
    }

    @Test("zero-MW awards do not make award hours")
    func zeroAward() {
        let a = [LedgerFixtures.award(.dayAhead, .regulationUp, start: t0, seconds: 3600, mw: 0)]
        let g = IntervalGrid(start: t0, seconds: 3600, count: 2)
        #expect(AwardHours.mask(awards: a, start: g.start, end: g.end, scope: .clockHour).coveredSeconds(on: g) == [0, 0])
    }

    @Test("E1: 15-minute meter interval with 1 of 3 RTD intervals awarded, 0.3 MWh discharge: ANY 0.3, PRO_RATA 0.1")
    func partialInterval() {
        for (overlap, expected) in [(SettlementPolicies.AwardOverlap.any, Int64(300_000_000)), (.proRata, Int64(100_000_000))] {
            var p = SettlementPolicies()
            p.awardScope = .awardInterval
            p.awardOverlap = overlap
            p.idleDetection = .signal
            let storage = LedgerFixtures.storage(seconds: 900, deliveredKWh: [0], receivedKWh: [300])
            let a = [LedgerFixtures.award(.realTimeDispatch, .energy, start: t0, seconds: 300, mw: 1.2)]
            let L = LedgerBuilder(policies: p, roundTripEfficiency: 0.9, initialInventoryKWh: 1000)
                .build(storage: storage, awards: a, signals: [], trips: [])
            #expect(L.addBack[0] == expected, "\(overlap)")
            #expect(L.dischargeWholesale[0] + L.dischargeRetail[0] == 300_000_000)
            #expect(L.flags[0].contains(.partial))
        }
    }
}
