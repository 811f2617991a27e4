import Testing

@testable import GridSettleCore

/// Energy and demand tiers, computed by hand (research valuation_and_tariffs.md §2.5, §6 vector 2).
@Suite("Tariff tiers")
struct TierTests {
    /// Two periods, tier 1 up to 3000 kWh: P0 0.10 / 0.15 $/kWh, P1 0.20 / 0.25 $/kWh. January 2018, 10 kWh
    /// every morning hour (P0, 3720 kWh) and 5 kWh every afternoon hour (P1, 1860 kWh).
    let tiers: [[EnergyTier]] = [
        [EnergyTier(limit: 3_000_000_000, price: 100_000), EnergyTier(price: 150_000)],
        [EnergyTier(limit: 3_000_000_000, price: 200_000), EnergyTier(price: 250_000)],
    ]
    let january = TariffFixtures.series(from: LocalDate(year: 2018, month: 1, day: 1), days: 31, minutes: 60) { _, t in
        TariffFixtures.hour(t) < 12 ? 10_000_000 : 5_000_000
    }

    @Test func proportionalSplitIsSAMs() {
        let calc = BillCalculator(tariff: TariffFixtures.tariff(energy: tiers), calendar: TariffFixtures.calendar)
        let b = calc.bill(BillInput(netImport: january), cycle: .calendarMonth(year: 2018, month: 1), label: "Jan")
        // 5580 kWh in total, 3000 in tier 1: P0 takes 2/3 (2000 kWh), P1 1/3 (1000 kWh)
        #expect(b.line(code: "ENERGY-P0-T0")?.quantity == 2_000_000_000)
        #expect(b.line(code: "ENERGY-P0-T1")?.quantity == 1_720_000_000)
        #expect(b.line(code: "ENERGY-P1-T0")?.quantity == 1_000_000_000)
        #expect(b.line(code: "ENERGY-P1-T1")?.quantity == 860_000_000)
        // 2000·0.10 + 1720·0.15 + 1000·0.20 + 860·0.25 = 200 + 258 + 200 + 215
        #expect(b.total.cents == 87_300)
        #expect(b.line(code: "ENERGY-P1-T1")?.tier == 1)
        #expect(b.line(code: "ENERGY-P1-T1")?.period == 1)
    }

    @Test func perPeriodTiersEachPeriodOnItsOwn() {
        let calc = BillCalculator(tariff: TariffFixtures.tariff(energy: tiers, allocation: .perPeriod), calendar: TariffFixtures.calendar)
        let b = calc.bill(BillInput(netImport: january), cycle: .calendarMonth(year: 2018, month: 1), label: "Jan")
        // P0: 3000·0.10 + 720·0.15 = 408; P1: 1860·0.20 = 372
        #expect(b.total.cents == 78_000)
        #expect(b.line(code: "ENERGY-P1-T1") == nil)
    }

    @Test func dailyTierLimitScalesWithTheDaysAndFractionsStayExact() {
        let daily: [[EnergyTier]] = [
            [EnergyTier(limit: 100_000_000, unit: .kWhDaily, price: 100_000), EnergyTier(unit: .kWhDaily, price: 150_000)],
            [EnergyTier(limit: 100_000_000, unit: .kWhDaily, price: 200_000), EnergyTier(unit: .kWhDaily, price: 250_000)],
        ]
        let calc = BillCalculator(tariff: TariffFixtures.tariff(energy: daily), calendar: TariffFixtures.calendar)
        let b = calc.bill(BillInput(netImport: january), cycle: .calendarMonth(year: 2018, month: 1), label: "Jan")
        // tier 1 = 100 kWh × 31 days = 3100 of 5580 kWh. P0 tier 1 = 3720·3100/5580 = 2066.666667 kWh
        #expect(b.line(code: "ENERGY-P0-T0")?.quantity == 2_066_666_667)
        #expect(b.line(code: "ENERGY-P0-T1")?.quantity == 1_653_333_333)
        // every kWh in exactly one line
        #expect(b.lines.filter { $0.kind == .energy }.reduce(0) { $0 + $1.quantity } == 5_580_000_000)
        // exact amounts 206.6666…, 248.00, 206.6666…, 206.6666…: each line rounds once
        #expect(TariffFixtures.cents(b, "ENERGY-P0-T0") == 20_667)
        #expect(TariffFixtures.cents(b, "ENERGY-P0-T1") == 24_800)
        #expect(TariffFixtures.cents(b, "ENERGY-P1-T0") == 20_667)
        #expect(TariffFixtures.cents(b, "ENERGY-P1-T1") == 20_667)
        #expect(b.total.cents == 86_801)
        // exactly 3 × 206.666… + 248 = 868.00: SAM-style category totals add before rounding
        #expect(b.exactTotal(of: [.energy]).cents == 86_800)
    }

    @Test func kWhPerKWLimitUsesTheBillingDemand() {
        // tier 1 = 200 kWh per kW of demand; the peak is 10 kWh in an hour = 10 kW → 2000 kWh in tier 1
        let perKW: [[EnergyTier]] = [
            [EnergyTier(limit: 200_000_000, unit: .kWhPerKW, price: 100_000), EnergyTier(unit: .kWhPerKW, price: 150_000)],
            [EnergyTier(limit: 200_000_000, unit: .kWhPerKW, price: 100_000), EnergyTier(unit: .kWhPerKW, price: 150_000)],
        ]
        let flat = FlatDemandCharges(periods: [[DemandTier(price: 0)]], months: [Int](repeating: 0, count: 12))
        let calc = BillCalculator(tariff: TariffFixtures.tariff(energy: perKW, flatDemand: flat, window: 60), calendar: TariffFixtures.calendar)
        let b = calc.bill(BillInput(netImport: january), cycle: .calendarMonth(year: 2018, month: 1), label: "Jan")
        #expect(b.demand.billingDemand == 10_000_000)
        // 2000·0.10 + 3580·0.15 = 200 + 537
        #expect(b.exactTotal(of: [.energy]).cents == 73_700)
    }

    @Test func tieredDemand() {
        // 150 kW: 100 kW at 10 $/kW, 50 kW at 12 $/kW
        let flat = FlatDemandCharges(
            periods: [[DemandTier(limit: 100_000_000, price: 10_000_000), DemandTier(price: 12_000_000)]], months: [Int](repeating: 0, count: 12))
        let calc = BillCalculator(
            tariff: TariffFixtures.tariff(energy: [[EnergyTier(price: 0)]], schedule: TariffFixtures.allZero, flatDemand: flat, window: 60),
            calendar: TariffFixtures.calendar)
        let s = TariffFixtures.series(from: LocalDate(year: 2018, month: 3, day: 1), days: 31, minutes: 60) { i, _ in i == 40 ? 150_000_000 : 1_000_000 }
        let b = calc.bill(BillInput(netImport: s), cycle: .calendarMonth(year: 2018, month: 3), label: "Mar")
        #expect(b.line(code: "DEMAND-FACILITY-T0")?.quantity == 100_000_000)
        #expect(b.line(code: "DEMAND-FACILITY-T1")?.quantity == 50_000_000)
        #expect(b.exactTotal(of: [.facilityDemand]).cents == 160_000)
    }

    @Test func tierSplitEdges() {
        #expect(BillCalculator.tierSplit(0, limits: [100, nil]) == [0, 0])
        #expect(BillCalculator.tierSplit(100, limits: [100, nil]) == [100, 0])
        #expect(BillCalculator.tierSplit(250, limits: [100, 200, nil]) == [100, 100, 50])
        #expect(BillCalculator.tierSplit(250, limits: [nil]) == [250])
        // a limit on the last tier is ignored: the last tier is open-ended
        #expect(BillCalculator.tierSplit(250, limits: [100, 200]) == [100, 150])
    }
}
