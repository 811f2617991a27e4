import Testing

@testable import GridSettleCore

/// Demand windows, ratchets, coincident peaks, fixed and minimum charges and billing cycles, by hand.
@Suite("Tariff demand and charges")
struct DemandAndChargeTests {
    let flatOnly = FlatDemandCharges(periods: [[DemandTier(price: 10_000_000)]], months: [Int](repeating: 0, count: 12))
    let noEnergy: [[EnergyTier]] = [[EnergyTier(price: 0)]]

    func calc(_ t: Tariff) -> BillCalculator { BillCalculator(tariff: t, calendar: TariffFixtures.calendar) }

    @Test func demandIsAveragedOverTheWindowBeforeThePeak() {
        // 5-minute data, 15-minute window: 10, 10, 40 kWh → 60 kWh in 15 min = 240 kW (not 480 kW)
        let s = TariffFixtures.series(from: LocalDate(year: 2018, month: 4, day: 1), days: 30, minutes: 5) { i, _ in
            switch i { case 300, 301: return 10_000_000; case 302: return 40_000_000; default: return 1_000_000 }
        }
        let b = calc(TariffFixtures.tariff(energy: noEnergy, schedule: TariffFixtures.allZero, flatDemand: flatOnly, window: 15))
            .bill(BillInput(netImport: s), cycle: .calendarMonth(year: 2018, month: 4), label: "")
        #expect(b.demand.actualPeak == 240_000_000)
        #expect(b.line(code: "DEMAND-FACILITY")?.runs == [IntervalRun(start: s.grid.startOf(300), seconds: 900, count: 1)])
        #expect(b.notes.isEmpty)
        // a 5-minute window sees the spike
        let b5 = calc(TariffFixtures.tariff(energy: noEnergy, schedule: TariffFixtures.allZero, flatDemand: flatOnly, window: 5))
            .bill(BillInput(netImport: s), cycle: .calendarMonth(year: 2018, month: 4), label: "")
        #expect(b5.demand.actualPeak == 480_000_000)
    }

    @Test func aWindowWithAMissingIntervalIsAveragedOverWhatIsPresent() {
        var s = TariffFixtures.series(from: LocalDate(year: 2018, month: 4, day: 1), days: 30, minutes: 5) { i, _ in
            switch i { case 300: return 10_000_000; case 302: return 40_000_000; default: return 1_000_000 }
        }
        s.quality[301] = .missing
        s.microKWh[301] = 0
        let b = calc(TariffFixtures.tariff(energy: noEnergy, schedule: TariffFixtures.allZero, flatDemand: flatOnly, window: 15))
            .bill(BillInput(netImport: s), cycle: .calendarMonth(year: 2018, month: 4), label: "")
        // 50 kWh over the 10 minutes present = 300 kW; dividing by the full 15 minutes would understate it (200 kW)
        #expect(b.demand.actualPeak == 300_000_000)
        #expect(b.missingIntervals == 1)
        #expect(b.notes == ["1 demand window(s) had missing intervals: demand averaged over the intervals present"])
    }

    @Test func dataThatDoesNotCoverTheCycleCountsAsMissing() {
        let s = TariffFixtures.series(from: LocalDate(year: 2018, month: 4, day: 1), days: 29, minutes: 60) { _, _ in 1_000_000 }
        let b = calc(TariffFixtures.tariff(energy: noEnergy, schedule: TariffFixtures.allZero))
            .bill(BillInput(netImport: s), cycle: .calendarMonth(year: 2018, month: 4), label: "")
        #expect(b.missingIntervals == 24)
    }

    @Test func ratchetLooksBackAndMinimumBillingDemandHolds() {
        // monthly peaks (kW): Jan 400, Jul 1000, Aug 500, otherwise 300; 80 % ratchet over 11 months; minimum 350 kW
        let ratchet = DemandRatchet(percentByMonth: [Int64](repeating: 800_000, count: 12), lookbackCycles: 11, minimumKW: 350_000_000)
        let t = TariffFixtures.tariff(energy: noEnergy, schedule: TariffFixtures.allZero, flatDemand: flatOnly, ratchet: ratchet, window: 60)
        let s = TariffFixtures.series(from: LocalDate(year: 2018, month: 1, day: 1), days: 365, minutes: 60) { i, t in
            guard i % 24 == 12 else { return 0 }
            let m = t.utc.date.month
            return (m == 1 ? 400 : m == 7 ? 1000 : m == 8 ? 500 : 300) * 1_000_000
        }
        let bills = calc(t).bills(BillInput(netImport: s), cycles: BillingCycle.calendarYear(2018))
        let billing = bills.map { ($0.demand.billingDemand ?? 0) / 1_000_000 }
        // Jan 400; Feb–Jun: max(300, 0.8·400 = 320, 350) = 350; Jul 1000; Aug–Dec: 0.8·1000 = 800
        #expect(billing == [400, 350, 350, 350, 350, 350, 1000, 800, 800, 800, 800, 800])
        #expect(bills[7].line(code: "DEMAND-FACILITY")?.rule == "TARIFF-DEMAND-RATCHET")
        #expect(bills[7].demand.actualPeak == 500_000_000)
        #expect(bills[7].line(code: "DEMAND-FACILITY")?.amount.cents == 800_000)
        // last year's peaks seed the look-back
        let seeded = calc(t).bills(
            BillInput(netImport: s), cycles: BillingCycle.calendarYear(2018),
            priorHistory: [DemandHistoryEntry(billMonth: 12, peak: 2_000_000_000)])
        #expect(seeded[0].demand.billingDemand == 1_600_000_000)
    }

    @Test func ratchetCanBeLimitedToSummerMonthsInTheLookback() {
        var mask = [Bool](repeating: false, count: 12)
        for m in 5...8 { mask[m] = true }  // Jun–Sep peaks count
        let ratchet = DemandRatchet(percentByMonth: [Int64](repeating: 500_000, count: 12), lookbackCycles: 12, lookbackMonths: mask)
        let t = TariffFixtures.tariff(energy: noEnergy, schedule: TariffFixtures.allZero, flatDemand: flatOnly, ratchet: ratchet, window: 60)
        let s = TariffFixtures.series(from: LocalDate(year: 2018, month: 1, day: 1), days: 365, minutes: 60) { i, t in
            guard i % 24 == 12 else { return 0 }
            let m = t.utc.date.month
            return (m == 3 ? 900 : m == 7 ? 600 : 100) * 1_000_000
        }
        let bills = calc(t).bills(BillInput(netImport: s), cycles: BillingCycle.calendarYear(2018))
        // March's 900 kW is outside the mask; July's 600 kW ratchets Aug–Dec to 300 kW
        #expect(bills.map { ($0.demand.billingDemand ?? 0) / 1_000_000 } == [100, 100, 900, 100, 100, 100, 600, 300, 300, 300, 300, 300])
    }

    @Test func coincidentPeakFromScheduleOrSystemPeakHours() {
        var schedule = [[Int]](repeating: [Int](repeating: -1, count: 24), count: 12)
        for m in 0..<12 { schedule[m][17] = 0 }
        let cp = CoincidentDemandCharges(periods: [[DemandTier(price: 2_000_000)]], schedule: schedule)
        let s = TariffFixtures.series(from: LocalDate(year: 2018, month: 6, day: 1), days: 30, minutes: 60) { i, t in
            let h = TariffFixtures.hour(t)
            return h == 17 ? Int64(100 + i / 24) * 1_000_000 : (h == 12 ? 900_000_000 : 50_000_000)
        }
        let t = TariffFixtures.tariff(energy: noEnergy, schedule: TariffFixtures.allZero, coincident: cp, window: 60)
        let b = calc(t).bill(BillInput(netImport: s), cycle: .calendarMonth(year: 2018, month: 6), label: "")
        // the highest 17:00 demand is day 29: 129 kW (the 900 kW noon peak is not coincident) → 129 × 2 $/kW
        #expect(b.line(code: "DEMAND-COINCIDENT-P0")?.quantity == 129_000_000)
        #expect(b.line(code: "DEMAND-COINCIDENT-P0")?.amount.cents == 25_800)
        // PJM-style: the mean over five given system peak hours (days 1–5 at 17:00: 100…104 kW → 102 kW)
        var mean = t
        mean.coincidentDemand?.determinant = .average
        let hours = (0..<5).map { Instant(utc: LocalDate(year: 2018, month: 6, day: 1 + $0), hour: 17) }
        let b2 = calc(mean).bill(BillInput(netImport: s, coincidentPeakHours: hours), cycle: .calendarMonth(year: 2018, month: 6), label: "")
        #expect(b2.line(code: "DEMAND-COINCIDENT-P0")?.quantity == 102_000_000)
    }

    @Test func fixedChargesPerMonthDayAndYear() {
        let s = TariffFixtures.series(from: LocalDate(year: 2018, month: 2, day: 1), days: 28, minutes: 60) { _, _ in 0 }
        let feb = BillingCycle.calendarMonth(year: 2018, month: 2)
        let perDay = PeriodicCharge(amount: 3_298_000, unit: .perDay)
        // 28 days × 3.298 = 92.344 → 92.34
        let b = calc(TariffFixtures.tariff(energy: noEnergy, schedule: TariffFixtures.allZero, fixed: perDay)).bill(BillInput(netImport: s), cycle: feb, label: "")
        #expect(b.line(code: "FIXED")?.amount.cents == 9_234)
        #expect(b.line(code: "FIXED")?.quantity == 28_000_000)
        // SAM's conversion: × 365/12 = 100.314166… → 100.31, whatever the month
        let sam = calc(TariffFixtures.tariff(energy: noEnergy, schedule: TariffFixtures.allZero, fixed: perDay, daily: .averageMonth)).bill(BillInput(netImport: s), cycle: feb, label: "")
        #expect(sam.line(code: "FIXED")?.amount.cents == 10_031)
        let perYear = calc(TariffFixtures.tariff(energy: noEnergy, schedule: TariffFixtures.allZero, fixed: PeriodicCharge(amount: 1_200_000_000, unit: .perYear)))
            .bill(BillInput(netImport: s), cycle: feb, label: "")
        #expect(perYear.line(code: "FIXED")?.amount.cents == 10_000)
    }

    @Test func minimumChargesTopUpTheBill() {
        let energy: [[EnergyTier]] = [[EnergyTier(price: 100_000)]]
        let s = TariffFixtures.series(from: LocalDate(year: 2018, month: 1, day: 1), days: 365, minutes: 60) { _, t in
            t.utc.date.month == 1 ? 1_000_000 : 0
        }
        // $/month: January energy 744 kWh × 0.10 = 74.40 + fixed 10 = 84.40 < 100 → top-up 15.60
        let monthly = calc(TariffFixtures.tariff(energy: energy, schedule: TariffFixtures.allZero, fixed: PeriodicCharge(amount: 10_000_000, unit: .perMonth), minimum: PeriodicCharge(amount: 100_000_000, unit: .perMonth)))
        let jan = monthly.bill(BillInput(netImport: s), cycle: .calendarMonth(year: 2018, month: 1), label: "")
        #expect(jan.line(code: "MINIMUM")?.amount.cents == 1_560)
        #expect(jan.total.cents == 10_000)
        // $/year: 744 × 0.10 = 74.40 for the year, minimum 500 → December carries 425.60
        let annual = calc(TariffFixtures.tariff(energy: energy, schedule: TariffFixtures.allZero, minimum: PeriodicCharge(amount: 500_000_000, unit: .perYear)))
        let year = annual.bills(BillInput(netImport: s), cycles: BillingCycle.calendarYear(2018))
        #expect(year[11].line(code: "MINIMUM-ANNUAL")?.amount.cents == 42_560)
        #expect(year[0..<11].allSatisfy { $0.line(code: "MINIMUM-ANNUAL") == nil })
        #expect(year.reduce(Money.zero) { $0 + $1.total }.cents == 50_000)
        // bills that stop before December cannot assess the year: no top-up, and the last bill says why
        let firstHalf = annual.bills(BillInput(netImport: s), cycles: Array(BillingCycle.calendarYear(2018)[0..<6]))
        #expect(firstHalf.allSatisfy { $0.line(code: "MINIMUM-ANNUAL") == nil })
        #expect(firstHalf[5].notes.contains { $0.contains("not assessed") })
    }

    @Test func nonCalendarBillingCycles() throws {
        let cycles = try BillingCycle.cycles(readDates: [LocalDate(year: 2018, month: 1, day: 15), LocalDate(year: 2018, month: 2, day: 14), LocalDate(year: 2018, month: 3, day: 16)])
        #expect(cycles.map(\.days) == [30, 30])
        #expect(cycles[0].billMonth == 2)
        #expect(cycles[0].description == "2018-01-15…2018-02-13")
        #expect(BillingCycle.calendarMonth(year: 2018, month: 2).description == "2018-02")
        #expect(throws: BillingCycleError.self) { try BillingCycle.cycles(readDates: [LocalDate(year: 2018, month: 2, day: 1), LocalDate(year: 2018, month: 1, day: 1)]) }
        let s = TariffFixtures.series(from: LocalDate(year: 2018, month: 1, day: 1), days: 90, minutes: 60) { _, _ in 1_000_000 }
        let t = TariffFixtures.tariff(energy: [[EnergyTier(price: 100_000)]], schedule: TariffFixtures.allZero, fixed: PeriodicCharge(amount: 1_000_000, unit: .perDay))
        let bills = calc(t).bills(BillInput(netImport: s), cycles: cycles)
        // 30 days × 24 kWh = 720 kWh × 0.10 = 72.00, plus 30 × 1 $/day
        #expect(bills[0].line(code: "ENERGY-P0")?.quantity == 720_000_000)
        #expect(bills[0].total.cents == 10_200)
        #expect(bills[0].line(code: "ENERGY-P0")?.runs == [IntervalRun(start: Instant(utc: LocalDate(year: 2018, month: 1, day: 15), hour: 0), seconds: 3600, count: 720)])
    }

    @Test func comparisonExplainsTheDifferenceLineByLine() {
        let touSchedule = TariffFixtures.halfDay(0, 1)
        let tou = TOUDemandCharges(periods: [[DemandTier(price: 0)], [DemandTier(price: 20_000_000)]], weekdaySchedule: touSchedule, weekendSchedule: touSchedule)
        let t = TariffFixtures.tariff(energy: [[EnergyTier(price: 100_000)], [EnergyTier(price: 300_000)]], touDemand: tou, flatDemand: flatOnly, fixed: PeriodicCharge(amount: 50_000_000, unit: .perMonth), window: 60)
        let load = TariffFixtures.series(from: LocalDate(year: 2018, month: 5, day: 1), days: 31, minutes: 60) { _, t in TariffFixtures.hour(t) == 18 ? 200_000_000 : 100_000_000 }
        // a battery: charges 50 kWh at 03:00, discharges 50 kWh at 18:00
        let battery = TariffFixtures.series(from: LocalDate(year: 2018, month: 5, day: 1), days: 31, minutes: 60) { _, t in
            switch TariffFixtures.hour(t) { case 3: return -50_000_000; case 18: return 50_000_000; default: return 0 }
        }
        let c = calc(t)
        let cycle = BillingCycle.calendarMonth(year: 2018, month: 5)
        let without = c.bill(BillInput(netImport: load), cycle: cycle, label: "without storage")
        let with = c.bill(BillInput(netImport: BillInput.net(load: load, storage: battery)), cycle: cycle, label: "with storage")
        let diff = BillComparison(base: without, other: with)
        #expect(diff.lines.reduce(Money.zero) { $0 + $1.amountChange } == diff.totalChange)
        // energy: 31 × 50 = 1550 kWh moved from 0.30 to 0.10 $/kWh = −310.00; demand: 200 → 150 kW: −50 × (10 + 20) = −1500.00
        #expect(diff.lines.first { $0.code == "ENERGY-P0" }?.amountChange.cents == 15_500)
        #expect(diff.lines.first { $0.code == "ENERGY-P1" }?.amountChange.cents == -46_500)
        #expect(diff.lines.first { $0.code == "DEMAND-FACILITY" }?.amountChange.cents == -50_000)
        #expect(diff.lines.first { $0.code == "DEMAND-TOU-P1" }?.amountChange.cents == -100_000)
        #expect(diff.totalChange.cents == -(31_000 + 150_000))
        #expect(diff.changedLines.map(\.code) == ["ENERGY-P0", "ENERGY-P1", "DEMAND-FACILITY", "DEMAND-TOU-P1"])
    }
}
