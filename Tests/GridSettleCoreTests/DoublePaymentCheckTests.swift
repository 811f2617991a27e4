import GridSettleCore
import Testing

/// Each double-payment question of seed 000 / research §3.8 as a check that can fail.
@Suite("Double-payment checks")
struct DoublePaymentCheckTests {
    let t0 = LedgerFixtures.t0

    func ledger(
        _ policies: SettlementPolicies, seconds: Int64 = 3600, del: [Double], rec: [Double], awardHours: [Int],
        trips: [VehicleTrip] = [], initial: Double = 0, eta: Double = 0.8
    ) -> StorageLedger {
        var p = policies
        p.idleDetection = .signal
        let storage = LedgerFixtures.storage(seconds: seconds, deliveredKWh: del, receivedKWh: rec)
        let awards = awardHours.map { LedgerFixtures.award(.dayAhead, .regulationUp, start: t0.adding(seconds: Int64($0) * 3600), seconds: 3600, mw: 0.2) }
        return LedgerBuilder(policies: p, roundTripEfficiency: eta, initialInventoryKWh: initial)
            .build(storage: storage, awards: awards, signals: [], trips: trips)
    }

    func checks(_ L: StorageLedger, _ p: SettlementPolicies, demandEffect: Money = .zero) -> [String: CheckResult] {
        let ctx = DoublePaymentChecks.Context(retailEnergyRate: { _ in 100_000 }, demandEffect: demandEffect, demandEffectDetail: "test")
        return Dictionary(uniqueKeysWithValues: DoublePaymentChecks(policies: p).run(L, context: ctx).map { ($0.id, $0) })
    }

    @Test("Q1: award-hour charging is paid twice under add-back only, not under symmetric")
    func chargingPaidTwice() {
        var p = SettlementPolicies()
        let L1 = ledger(p, del: [0, 60], rec: [0, 40], awardHours: [1], initial: 100)
        let c1 = checks(L1, p)["DP1-CHARGING-PAID-TWICE"]!
        #expect(c1.status == .violation && c1.energyMicroKWh == 60_000_000 && c1.amount == Money(micros: 6_000_000))
        #expect(c1.runs.first?.start == t0.adding(seconds: 3600))
        p.retailAdjustment = .symmetric
        let L2 = ledger(p, del: [0, 60], rec: [0, 40], awardHours: [1], initial: 100)
        #expect(checks(L2, p)["DP1-CHARGING-PAID-TWICE"]!.status == .pass)
    }

    @Test("Q2: energy charged at wholesale then discharged outside award hours is found by the pools")
    func wholesaleToRetail() {
        let p = SettlementPolicies()
        // hour 0 award: charge 60 (W = 60); hour 1 no award: discharge 24 → draws 24/0.8 = 30 from R (empty) then W
        let L = ledger(p, del: [60, 0], rec: [0, 24], awardHours: [0])
        let c = checks(L, p)["DP2-WHOLESALE-ENERGY-CREDITED-AT-RETAIL"]!
        #expect(c.status == .violation && c.energyMicroKWh == 30_000_000)
        // with enough retail inventory first, no violation (retail discharge draws R first)
        let L2 = ledger(p, del: [60, 0], rec: [0, 24], awardHours: [0], initial: 100)
        #expect(checks(L2, p)["DP2-WHOLESALE-ENERGY-CREDITED-AT-RETAIL"]!.status == .pass)
    }

    @Test("Q3: a lower billed demand from award-hour discharge is a violation unless add-back covers demand")
    func demand() {
        var p = SettlementPolicies()
        let L = ledger(p, del: [0], rec: [10], awardHours: [0], initial: 100)
        #expect(checks(L, p, demandEffect: Money(cents: 12_345))["DP3-DEMAND-NOT-ADDED-BACK"]!.status == .violation)
        #expect(checks(L, p, demandEffect: .zero)["DP3-DEMAND-NOT-ADDED-BACK"]!.status == .pass)
        p.addBackDemand = true
        #expect(checks(L, p, demandEffect: Money(cents: 12_345))["DP3-DEMAND-NOT-ADDED-BACK"]!.status == .pass)
    }

    @Test("Q4: hourly storage data hides two-way regulation energy; 5-minute data does not")
    func hourlyNetting() {
        let p = SettlementPolicies()
        let hourly = ledger(p, del: [30], rec: [20], awardHours: [0], initial: 100)
        let c = checks(hourly, p)["DP4-REGULATION-HIDDEN-BY-NETTING"]!
        #expect(c.status == .violation && c.energyMicroKWh == 20_000_000)
        let fine = ledger(p, seconds: 300, del: [5, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0], rec: [0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4], awardHours: [0], initial: 100)
        let c2 = checks(fine, p)["DP4-REGULATION-HIDDEN-BY-NETTING"]!
        #expect(c2.status == .pass && c2.energyMicroKWh == 24_000_000)
    }

    @Test("Q5: round-trip losses on wholesale cycles stay on the retail bill under add-back only")
    func losses() {
        var p = SettlementPolicies()
        let L = ledger(p, del: [100, 0], rec: [0, 80], awardHours: [0, 1])
        let c = checks(L, p)["DP5-LOSSES-PAID-AT-RETAIL"]!
        #expect(c.status == .violation && c.energyMicroKWh == 20_000_000 && c.amount == Money(micros: 2_000_000))
        p.retailAdjustment = .symmetric
        let L2 = ledger(p, del: [100, 0], rec: [0, 80], awardHours: [0, 1])
        #expect(checks(L2, p)["DP5-LOSSES-PAID-AT-RETAIL"]!.status == .pass)
    }

    @Test("Q6: a vehicle driving away wholesale-bought energy is flagged; the kWh move to end use")
    func driving() {
        let p = SettlementPolicies()
        let trip = VehicleTrip(vehicleID: "V1", departure: t0.adding(seconds: 2 * 3600), returnTime: t0.adding(seconds: 5 * 3600),
                               drivenMicroKWh: 30_000_000, source: "t")
        // hour 0 retail charge 10 (no award), hour 1 award charge 50, trip at hour 2 drives 30: 10 from R, 20 from W
        let L = ledger(p, del: [10, 50, 0], rec: [0, 0, 0], awardHours: [1], trips: [trip])
        let c = checks(L, p)["DP6-DRIVING-ENERGY-BOUGHT-AT-WHOLESALE"]!
        #expect(c.status == .violation && c.energyMicroKWh == 20_000_000)
        #expect(Array(L.chargeEndUse) == [10_000_000, 20_000_000, 0])
        #expect(Array(L.chargeWholesale) == [0, 30_000_000, 0])
        #expect(checks(L, p)["LEDGER-BALANCE"]!.status == .pass)
    }

    @Test("seed 000: the CAISO meter carrying non-idle energy outside award hours is flagged; award-only metering is not")
    func outsideAwardHours() {
        var p = SettlementPolicies()
        let L = ledger(p, del: [40, 10], rec: [0, 0], awardHours: [1])
        let c = checks(L, p)["CAISO-SETTLES-OUTSIDE-AWARD-HOURS"]!
        #expect(c.status == .violation && c.energyMicroKWh == 40_000_000 && c.runs.first?.start == t0)
        p.wholesaleMeterScope = .awardIntervalsOnly
        let L2 = ledger(p, del: [40, 10], rec: [0, 0], awardHours: [1])
        #expect(checks(L2, p)["CAISO-SETTLES-OUTSIDE-AWARD-HOURS"]!.status == .pass)
    }

    @Test("pools never go negative: a discharge with no inventory is unattributed, not invented")
    func unattributed() {
        let p = SettlementPolicies()
        let L = ledger(p, del: [0], rec: [8], awardHours: [0])
        #expect(L.unattributed[0] == 10_000_000)  // 8 / 0.8
    }
}
