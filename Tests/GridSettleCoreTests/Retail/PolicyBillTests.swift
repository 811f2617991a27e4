import GridSettleCore
import Testing

/// The settled ("adjusted") bill under `addBackDemand`: demand lines of every kind from the as-metered bill
/// when the policy is off, and nothing else lost — energy, fixed, minimum and export-credit lines come from
/// the adjusted bill.
@Suite("Policy bill")
struct PolicyBillTests {
    @Test func demandStaysAsMeteredAndNoOtherLineIsLost() {
        let coincident = CoincidentDemandCharges(
            periods: [[DemandTier(price: 2_000_000)]], schedule: [[Int]](repeating: (0..<24).map { $0 == 17 ? 0 : -1 }, count: 12))
        let tariff = TariffFixtures.tariff(
            energy: [[EnergyTier(price: 100_000)], [EnergyTier(price: 300_000)]],
            touDemand: TOUDemandCharges(periods: [[DemandTier(price: 1_000_000)]], weekdaySchedule: TariffFixtures.allZero, weekendSchedule: TariffFixtures.allZero),
            flatDemand: FlatDemandCharges(periods: [[DemandTier(price: 5_000_000)]], months: [Int](repeating: 0, count: 12)),
            coincident: coincident, fixed: PeriodicCharge(amount: 20_000_000, unit: .perMonth),
            minimum: PeriodicCharge(amount: 100_000_000_000, unit: .perMonth), exportRule: .netMetering, window: 60)
        let calc = BillCalculator(tariff: tariff, calendar: TariffFixtures.calendar)
        let june = BillingCycle.calendarMonth(year: 2018, month: 6)
        // as metered: exporting 30 kW every morning (a net-metering surplus in period 0), 20 kW in the afternoon;
        // adjusted: the exports added back, 20 kW all day and 60 kW at 17:00 (the award-hour discharge restored).
        // The $100,000 monthly minimum binds on both.
        let metered = TariffFixtures.series(from: LocalDate(year: 2018, month: 6, day: 1), days: 30, minutes: 60) { _, t in
            TariffFixtures.hour(t) < 12 ? -30_000_000 : 20_000_000
        }
        let adjusted = TariffFixtures.series(from: LocalDate(year: 2018, month: 6, day: 1), days: 30, minutes: 60) { i, t in
            TariffFixtures.hour(t) == 17 ? 60_000_000 : 20_000_000
        }
        let asMeteredBill = calc.bill(BillInput(netImport: metered), cycle: june, label: "as metered")
        let full = calc.bill(BillInput(netImport: adjusted), cycle: june, label: "full")
        #expect(asMeteredBill.lines.contains { $0.kind == .exportCredit })
        #expect(full.lines.contains { $0.kind == .minimum })

        let off = SettlementEngine.policyBill(full: full, asMetered: asMeteredBill, addBackDemand: false)
        #expect(off.lines.filter { $0.kind.isDemand } == asMeteredBill.lines.filter { $0.kind.isDemand })
        #expect(off.lines.filter { !$0.kind.isDemand } == full.lines.filter { !$0.kind.isDemand })
        #expect(Set(off.lines.map(\.kind)).isSuperset(of: [.energy, .fixed, .minimum, .facilityDemand, .touDemand, .coincidentDemand]))
        #expect(!off.lines.contains { $0.kind == .exportCredit })  // the adjusted bill exports nothing
        // the coincident charge is the as-metered 20 kW, not the adjusted 60 kW
        #expect(off.line(code: "DEMAND-COINCIDENT-P0")?.quantity == 20_000_000)

        let on = SettlementEngine.policyBill(full: full, asMetered: asMeteredBill, addBackDemand: true)
        #expect(on.lines == full.lines && on.label == "adjusted")
    }
}
