import Testing

@testable import GridSettleCore

/// Export compensation (URDB `dgrules`) and the NEM-paired-storage credit limits (research
/// settlement_rules.md §4.3, F4.3–F4.6), by hand. PySAM's net metering carries kWh credits between months,
/// which no fixture exercises (the oracle profiles never export), so these rules are checked here.
@Suite("Export credits")
struct ExportCreditTests {
    /// One period, buy 0.30 $/kWh, sell 0.05 $/kWh.
    let energy: [[EnergyTier]] = [[EnergyTier(price: 300_000, sell: 50_000)]]
    let day = LocalDate(year: 2018, month: 6, day: 1)
    let june = BillingCycle(start: LocalDate(year: 2018, month: 6, day: 1), end: LocalDate(year: 2018, month: 6, day: 2))

    func calc(_ rule: ExportRule, energy: [[EnergyTier]]? = nil, schedule: [[Int]] = TariffFixtures.allZero) -> BillCalculator {
        BillCalculator(tariff: TariffFixtures.tariff(energy: energy ?? self.energy, schedule: schedule, exportRule: rule), calendar: TariffFixtures.calendar)
    }

    /// 15-minute net import for one day from a repeating pattern of kWh.
    func series(_ kWh: [Double]) -> EnergySeries {
        TariffFixtures.series(from: day, days: 1, minutes: 15) { i, _ in Units.microKWh(kWh[i % kWh.count]) }
    }

    @Test func noCompensationListsExportsAsUncredited() {
        let b = calc(.none).bill(BillInput(netImport: series([10, -5, -5, 2])), cycle: june, label: "")
        // 24 hours × (10 + 2) kWh imported; 24 × 10 kWh exported, uncredited
        #expect(b.line(code: "ENERGY-P0")?.quantity == 288_000_000)
        #expect(b.uncreditedExportMicroKWh == 240_000_000)
        #expect(!b.lines.contains { $0.kind == .exportCredit })
    }

    @Test func netMeteringNetsPerPeriodAndCreditsASurplusAtRetail() {
        // P0 (morning): +10 −5 −5 +2 each hour → 12·2 = 24 kWh net import; P1 (afternoon): −10 each 15 min → 480 kWh surplus
        let tiers: [[EnergyTier]] = [[EnergyTier(price: 300_000)], [EnergyTier(price: 400_000)]]
        let s = TariffFixtures.series(from: day, days: 1, minutes: 15) { i, t in
            TariffFixtures.hour(t) < 12 ? Units.microKWh([10, -5, -5, 2][i % 4]) : -10_000_000
        }
        let b = calc(.netMetering, energy: tiers, schedule: TariffFixtures.halfDay(0, 1)).bill(BillInput(netImport: s), cycle: june, label: "")
        #expect(b.line(code: "ENERGY-P0")?.quantity == 24_000_000)
        #expect(b.line(code: "ENERGY-P1") == nil)
        #expect(b.line(code: "CREDIT-NEM-P1")?.quantity == 480_000_000)
        // 24 × 0.30 = 7.20; credit 480 × 0.40 = −192.00
        #expect(b.line(code: "CREDIT-NEM-P1")?.amount.cents == -19_200)
        #expect(b.total.cents == 720 - 19_200)
        #expect(b.uncreditedExportMicroKWh == 0)
        // the credit traces to the afternoon intervals: 12:00–24:00 UTC, 48 quarter hours
        let runs = b.line(code: "CREDIT-NEM-P1")?.runs ?? []
        #expect(runs.count == 1 && runs.first?.count == 48 && runs.first?.start == Instant(utc: day, hour: 12))
    }

    @Test func netBillingInstantaneousBillsEveryImportAndCreditsEveryExport() {
        let b = calc(.netBillingInstantaneous).bill(BillInput(netImport: series([10, -5, -5, 2])), cycle: june, label: "")
        // imports 288 kWh × 0.30 = 86.40; exports 240 kWh × 0.05 = −12.00
        #expect(b.line(code: "ENERGY-P0")?.amount.cents == 8_640)
        #expect(b.line(code: "CREDIT-EXPORT-P0")?.quantity == 240_000_000)
        #expect(b.line(code: "CREDIT-EXPORT-P0")?.amount.cents == -1_200)
        #expect(b.line(code: "CREDIT-EXPORT-P0")?.runs.reduce(0) { $0 + $1.count } == 96)
    }

    @Test func netBillingHourlyNetsWithinEachClockHour() {
        // hours alternate: (+10 −5 −5 +2) = +2 net import, then (−10 +3 +3 −1) = −5 net export
        let s = TariffFixtures.series(from: day, days: 1, minutes: 15) { i, _ in
            Units.microKWh((i / 4) % 2 == 0 ? [10, -5, -5, 2][i % 4] : [-10, 3, 3, -1][i % 4])
        }
        let b = calc(.netBillingHourly).bill(BillInput(netImport: s), cycle: june, label: "")
        #expect(b.line(code: "ENERGY-P0")?.quantity == 24_000_000)  // 12 hours × 2 kWh
        #expect(b.line(code: "CREDIT-EXPORT-P0")?.quantity == 60_000_000)  // 12 hours × 5 kWh
        #expect(b.total.cents == 720 - 300)
    }

    @Test func buyAllSellAllBuysTheLoadAndSellsTheGeneration() {
        // PV 8 kWh every 15 min; the meter shows net = load − PV = 2 kWh → load 10 kWh
        let net = series([2])
        let pv = series([8])
        let b = calc(.buyAllSellAll).bill(BillInput(netImport: net, generation: pv), cycle: june, label: "")
        #expect(b.line(code: "ENERGY-P0")?.quantity == 960_000_000)
        #expect(b.line(code: "CREDIT-EXPORT-P0")?.quantity == 768_000_000)
        #expect(b.total.cents == 28_800 - 3_840)
        // without a generation channel the bill says what it assumed
        let blind = calc(.buyAllSellAll).bill(BillInput(netImport: net), cycle: june, label: "")
        #expect(blind.notes.contains { $0.hasPrefix("buy-all/sell-all without a generation channel") })
    }

    @Test func pairedStorageMonthlyPVEstimateCapsCredits() {
        // F4.4 example: exports 650 kWh, PV estimate 600 kWh → 600 credited, 50 uncredited
        let s = TariffFixtures.series(from: LocalDate(year: 2018, month: 6, day: 1), days: 30, minutes: 60) { i, _ in
            i < 65 ? -10_000_000 : 0
        }
        var estimate = [Int64](repeating: 0, count: 12)
        estimate[5] = 600_000_000
        let b = calc(.netBillingInstantaneous).bill(
            BillInput(netImport: s, pairedStorage: .monthlyPVEstimate(microKWhByMonth: estimate)), cycle: .calendarMonth(year: 2018, month: 6), label: "")
        #expect(b.line(code: "CREDIT-EXPORT-P0")?.quantity == 600_000_000)
        #expect(b.uncreditedExportMicroKWh == 50_000_000)
    }

    @Test func pairedStoragePVMeterCapsEachInterval() {
        // F4.5 example: exports [2.0, 3.0, 1.5, 2.5], PV [2.5, 2.0, 0.0, 3.0] → credited 2.0 + 2.0 + 0 + 2.5 = 6.5 of 9.0
        let grid = IntervalGrid(start: Instant(utc: day, hour: 12), seconds: 900, count: 4)
        let net = EnergySeries(grid: grid, microKWh: [-2_000_000, -3_000_000, -1_500_000, -2_500_000])
        let pv = EnergySeries(grid: grid, microKWh: [2_500_000, 2_000_000, 0, 3_000_000])
        let b = calc(.netBillingInstantaneous).bill(BillInput(netImport: net, generation: pv, pairedStorage: .pvMeter), cycle: june, label: "")
        #expect(b.line(code: "CREDIT-EXPORT-P0")?.quantity == 6_500_000)
        #expect(b.uncreditedExportMicroKWh == 2_500_000)
    }

    @Test func pcsModesAreCheckedIntervalByInterval() {
        let grid = IntervalGrid(start: Instant(utc: day, hour: 12), seconds: 900, count: 4)
        let pv = EnergySeries(grid: grid, microKWh: [3_000_000, 3_000_000, 0, 0])
        // solar-only charging: charging 2 kWh with 3 kWh PV is fine; charging 1 kWh with no PV breaks the mode
        let storage = EnergySeries(grid: grid, microKWh: [-2_000_000, 0, -1_000_000, 0])
        let net = EnergySeries(grid: grid, microKWh: [-1_000_000, -3_000_000, 1_000_000, 0])
        let solarOnly = calc(.netBillingInstantaneous).bill(
            BillInput(netImport: net, generation: pv, storage: storage, pairedStorage: .solarOnlyCharging), cycle: june, label: "")
        #expect(solarOnly.line(code: "CREDIT-EXPORT-P0")?.quantity == 4_000_000)
        #expect(solarOnly.notes == ["F4.6: 1 interval(s) break the PCS mode, first at 2018-06-01T12:30:00Z"])
        // no grid export: the battery discharging 2 kWh into a 1 kWh export with no PV breaks the mode; the
        // export is not credited
        let discharge = EnergySeries(grid: grid, microKWh: [0, 0, 0, 2_000_000])
        let net2 = EnergySeries(grid: grid, microKWh: [-3_000_000, 0, 0, -1_000_000])
        let noExport = calc(.netBillingInstantaneous).bill(
            BillInput(netImport: net2, generation: pv, storage: discharge, pairedStorage: .noGridExport), cycle: june, label: "")
        #expect(noExport.line(code: "CREDIT-EXPORT-P0")?.quantity == 3_000_000)
        #expect(noExport.uncreditedExportMicroKWh == 1_000_000)
        #expect(noExport.notes.count == 1)
    }

    @Test func energySettledAtWholesaleNeverEarnsARetailCredit() {
        // F4.3: 10 kWh exported in each of 4 intervals, 6 kWh of each sold to the ISO → 4 kWh creditable
        let grid = IntervalGrid(start: Instant(utc: day, hour: 17), seconds: 900, count: 4)
        let net = EnergySeries(grid: grid, microKWh: [-10_000_000, -10_000_000, -10_000_000, -10_000_000])
        let wholesale = EnergySeries(grid: grid, microKWh: [6_000_000, 6_000_000, 6_000_000, 6_000_000])
        let b = calc(.netMetering).bill(BillInput(netImport: net, wholesaleSettled: wholesale), cycle: june, label: "")
        #expect(b.line(code: "CREDIT-NEM-P0")?.quantity == 16_000_000)
        #expect(b.uncreditedExportMicroKWh == 24_000_000)
    }
}
