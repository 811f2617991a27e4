import GridSettleCore
import Testing

/// Demand-response performance settled through the ledger (issue 4): a month of 5-minute data for a site
/// whose battery shaves 24 kW every weekday 14:00–16:00 and is dispatched for 120 kW on Thursday
/// 2025-08-28 14:00–16:00. Every expected figure is worked by hand in the test's comment.
@Suite("Demand-response settlement")
struct DemandResponseSettlementTests {
    static let zone = MarketTimeZone.losAngeles
    static let eventDay = LocalDate(year: 2025, month: 8, day: 28)
    static let eventStart = zone.startOfDay(eventDay).adding(seconds: 14 * 3600)

    /// - `eventOutputKW(slot)`: the battery's output on the event day for 5-minute slot 168…191 (14:00–16:00).
    /// - `eventGrossKW`: the site's load without the battery on the event day (180 kW on every other day).
    struct Scenario {
        var program = DemandResponseProgram(method: "caiso-mgo")
        var eventOutputKW: (Int) -> Int64 = { _ in 120 }
        var eventGrossKW: Int64 = 180
        var missingStorage: Range<Int> = 0..<0
        var awards: [Award] = []
    }

    static func dataset(_ s: Scenario) -> Dataset {
        let start = LocalDate(year: 2025, month: 8, day: 1)
        let end = LocalDate(year: 2025, month: 8, day: 30)
        let g = IntervalGrid(start: zone.startOfDay(start), end: zone.startOfDay(end), seconds: 300)
        var m1d = ContiguousArray<Int64>(repeating: 0, count: g.count)
        var m1r = m1d, m2d = m1d, m2r = m1d
        var q2 = ContiguousArray<DataQuality>(repeating: .actual, count: g.count)
        let eventFirst = Int((eventStart.secondsSinceEpoch - g.start.secondsSinceEpoch) / 300)
        for i in 0..<g.count {
            let local = zone.localTime(g.startOf(i))
            let slot = local.secondOfDay / 300
            let isEvent = local.date == eventDay
            var output: Int64 = 0  // kW, discharge +
            if isEvent, (168..<192).contains(slot) {
                output = s.eventOutputKW(slot)
            } else if !local.date.isWeekend, (168..<192).contains(slot) {
                output = 24
            }
            let gross: Int64 = isEvent && (168..<192).contains(slot) ? s.eventGrossKW : 180
            let net = gross - output
            // kW × 5 min = kW / 12 kWh; every kW here is a multiple of 12, so µkWh are exact
            if net >= 0 { m1d[i] = net * 1_000_000 / 12 } else { m1r[i] = -net * 1_000_000 / 12 }
            if output >= 0 { m2r[i] = output * 1_000_000 / 12 } else { m2d[i] = -output * 1_000_000 / 12 }
            if s.missingStorage.contains(i - eventFirst) { q2[i] = .missing; m2d[i] = 0; m2r[i] = 0 }
        }
        let actual = ContiguousArray<DataQuality>(repeating: .actual, count: g.count)
        let m1 = MeterChannels(delivered: EnergySeries(grid: g, microKWh: m1d, quality: actual), received: EnergySeries(grid: g, microKWh: m1r, quality: actual))
        let m2 = MeterChannels(delivered: EnergySeries(grid: g, microKWh: m2d, quality: q2), received: EnergySeries(grid: g, microKWh: m2r, quality: q2))
        let sched = Array(repeating: Array(repeating: 0, count: 24), count: 12)
        let tariff = Tariff(label: "t", utility: "u", name: "flat 0.10", energyRates: [100_000], energyWeekdaySchedule: sched, energyWeekendSchedule: sched,
                            demandRates: [], demandWeekdaySchedule: sched, demandWeekendSchedule: sched, flatDemandRates: [],
                            flatDemandMonths: Array(repeating: 0, count: 12), fixedMonthlyCharge: 0, demandWindowMinutes: 15, holidaysAsWeekends: true)
        let config = SiteConfig(
            site: SiteInfo(id: "S", name: "S"), market: .caiso, period: SettlementPeriod(start: start, end: end),
            meters: [MeterSpec(id: "M1", role: .retailMaster, intervalMinutes: 5, ratingKW: 1000),
                     MeterSpec(id: "M2", role: .storage, intervalMinutes: 5, ratingKW: 500)],
            resource: ResourceSpec(id: "R", participationModel: "NGR", pricingNode: "N", roundTripEfficiency: 0.9, initialInventoryKWh: 500),
            tariff: TariffReference(urdbFile: "t.json"), policies: SettlementPolicies(), demandResponse: s.program)
        // DA LMP $50/MWh at 14:00, $100/MWh at 15:00 on the event day, $30 elsewhere that day
        let dayStart = zone.startOfDay(eventDay)
        let dayAhead = (0..<24).map { h in
            PricePoint(node: "N", run: .dayAhead, product: .lmp, start: dayStart.adding(seconds: Int64(h) * 3600), seconds: 3600,
                       microPrice: h == 14 ? 50_000_000 : h == 15 ? 100_000_000 : 30_000_000, source: "test")
        }
        // RTD $40/MWh everywhere: CAISO's uninstructed imbalance energy needs it; DR is paid at DA here
        let realTime = (0..<g.count).map { i in
            PricePoint(node: "N", run: .realTimeDispatch, product: .lmp, start: g.startOf(i), seconds: 300, microPrice: 40_000_000, source: "test")
        }
        let prices = dayAhead + realTime
        return Dataset(
            config: config, meters: ["M1": m1, "M2": m2], awards: s.awards, signals: [], prices: prices, tariff: tariff,
            events: [DemandResponseEvent(kind: .dispatch, start: eventStart, end: eventStart.adding(seconds: 7200))])
    }

    static func settle(_ s: Scenario) throws -> SettlementResult { try SettlementEngine.settle(dataset(s)) }

    func line(_ r: SettlementResult, _ prefix: String) -> StatementLine? {
        r.statement.lines.first { $0.section == .demandResponse && $0.code.hasPrefix(prefix) }
    }

    @Test("MGO: performance = min(output, gross load) − typical output, valued at the DA LMP; the discharge it pays for is added back to the retail bill")
    func mgoBase() throws {
        // typical output (10 prior weekdays) = 24 kW; event output 120 kW, gross load 180 kW
        // performance = min(120, 180) − 24 = 96 kW × 2 h = 192 kWh; 96 kWh × $50 + 96 kWh × $100 per MWh = $14.40
        let r = try Self.settle(Scenario())
        let perf = try #require(line(r, "DR-PERFORMANCE-"))
        #expect(perf.code == "DR-PERFORMANCE-2025-08-28T1400")
        #expect(perf.quantityMicro == 192_000_000)
        #expect(perf.roundedAmount == Money(cents: 1440))
        #expect(perf.intervalCount == 24)
        #expect(line(r, "DR-DLA-")?.quantityMicro == 192_000_000)
        #expect(line(r, "DR-MGO-EXPORT-NOT-CREDITED-")?.quantityMicro == 0)
        #expect(line(r, "DR-DISCHARGE-OWNED-")?.quantityMicro == 192_000_000)
        // the ledger: 240 kWh discharged in the event, 192 of it now wholesale (demand response), 48 stays retail
        let L = r.ledger
        #expect(L.totals.dischargeDemandResponse == 192_000_000)
        #expect(L.totals.dischargeWholesale == 192_000_000)
        #expect(L.totals.addBack == 192_000_000)
        // retail: the add-back costs 192 kWh × $0.10 = $19.20 on the adjusted bill
        #expect(r.statement.total(.retailAdjusted) - r.statement.total(.retailAsMetered) == Money(cents: 1920))
        #expect(r.statement.lines.first { $0.code == "VALUE-DEMAND-RESPONSE" }?.roundedAmount == Money(cents: 1440))
        let shaving = try #require(r.statement.lines.first { $0.code == "VALUE-RETAIL-PEAK-SHAVING" })
        #expect(shaving.quantityMicro == L.totals.received - 192_000_000)
        #expect(r.statement.checks.first { $0.id == "DP8-DR-PERFORMANCE-ALSO-AWARD-SETTLED" }?.status == .pass)
        #expect(r.statement.checks.first { $0.id == "LEDGER-BALANCE" }?.status == .pass)
        #expect(r.statement.status == .final)
        #expect(r.statement.answers.contains { $0.id == "DR-PERFORMANCE-NOT-RETAIL-SHAVING" && $0.answer.hasPrefix("No: 1 event(s) paid 192.000 kWh") })
    }

    @Test("MGO excludes export: output beyond the gross load earns nothing unless the program credits exports")
    func mgoExport() throws {
        // gross load 96 kW: credited min(120, 96) = 96 − 24 = 72 kW → 144 kWh, $3.60 + $7.20 = $10.80; 24 kW × 2 h = 48 kWh exported
        let r = try Self.settle(Scenario(eventGrossKW: 96))
        #expect(line(r, "DR-PERFORMANCE-")?.quantityMicro == 144_000_000)
        #expect(line(r, "DR-PERFORMANCE-")?.roundedAmount == Money(cents: 1080))
        #expect(line(r, "DR-MGO-EXPORT-NOT-CREDITED-")?.quantityMicro == 48_000_000)
        #expect(r.ledger.totals.dischargeDemandResponse == 144_000_000)

        var credited = Scenario(eventGrossKW: 96)
        credited.program.exportCredit = .credited
        let c = try Self.settle(credited)
        #expect(line(c, "DR-PERFORMANCE-")?.quantityMicro == 192_000_000)
        #expect(line(c, "DR-PERFORMANCE-")?.roundedAmount == Money(cents: 1440))
        #expect(line(c, "DR-MGO-EXPORT-NOT-CREDITED-") == nil)
    }

    @Test("charging during the event counts against performance (net), or counts zero (floorAtZero)")
    func negativePerformance() throws {
        // hour 1: +96 kW at $50; hour 2: the battery charges 12 kW: −12 − 24 = −36 kW at $100
        // net: 96 − 36 = 60 kWh, $4.80 − $3.60 = $1.20; floor: 96 kWh, $4.80. Negative slots own no discharge.
        var s = Scenario(eventOutputKW: { $0 < 180 ? 120 : -12 })
        let net = try Self.settle(s)
        #expect(line(net, "DR-PERFORMANCE-")?.quantityMicro == 60_000_000)
        #expect(line(net, "DR-PERFORMANCE-")?.roundedAmount == Money(cents: 120))
        #expect(line(net, "DR-DLA-")?.quantityMicro == 60_000_000)
        #expect(net.ledger.totals.dischargeDemandResponse == 96_000_000)
        s.program.negativePerformance = .floorAtZero
        let floor = try Self.settle(s)
        #expect(line(floor, "DR-PERFORMANCE-")?.quantityMicro == 96_000_000)
        #expect(line(floor, "DR-PERFORMANCE-")?.roundedAmount == Money(cents: 480))
    }

    @Test("a site-load baseline measures the same reduction; load curtailment beyond the discharge has no storage owner")
    func siteLoad() throws {
        // CAISO 10-in-10 on the site meter: like days 180 − 24 = 156 kW at 14–16, LPA window 10–13 h: factor 1
        // event net 180 − 120 = 60 → 96 kW reduction → 192 kWh, $14.40, all of it storage discharge
        let a = try Self.settle(Scenario(program: DemandResponseProgram(method: "caiso-10-in-10")))
        #expect(line(a, "DR-PERFORMANCE-")?.quantityMicro == 192_000_000)
        #expect(line(a, "DR-PERFORMANCE-")?.roundedAmount == Money(cents: 1440))
        #expect(line(a, "DR-MGO-EXPORT-NOT-CREDITED-") == nil)
        #expect(a.ledger.totals.dischargeDemandResponse == 192_000_000)
        // gross load drops to 150 kW too: net 30, reduction 126 kW → 252 kWh; the battery discharged 240 → 12 kWh curtailment
        let b = try Self.settle(Scenario(program: DemandResponseProgram(method: "caiso-10-in-10"), eventGrossKW: 150))
        #expect(line(b, "DR-PERFORMANCE-")?.quantityMicro == 252_000_000)
        #expect(b.ledger.totals.dischargeDemandResponse == 240_000_000)
        #expect(b.ledger.demandResponseOutcomes.reduce(0) { $0 + $1.notDischarge } == 12_000_000)
        #expect(line(b, "DR-DISCHARGE-OWNED-")?.note.contains("12.000 kWh of performance is not storage discharge") == true)
    }

    @Test("an externally supplied baseline (control group, research §2.7) settles the same way; slots it does not cover are not paid")
    func externalBaseline() throws {
        // supplied 168 kW for 14:00–15:30 only; site net on the event is 60 kW → 108 kW × 1.5 h = 162 kWh
        // valued 108 kWh × $50 + 54 kWh × $100 per MWh = $5.40 + $5.40 = $10.80; 15:30–16:00 uncovered → not paid
        var d = Self.dataset(Scenario(program: DemandResponseProgram(method: "external")))
        d.baselineSeries = [SuppliedBaselineInterval(start: Self.eventStart, end: Self.eventStart.adding(seconds: 5400), microKW: 168_000_000, source: "test")]
        let r = try SettlementEngine.settle(d)
        #expect(line(r, "DR-PERFORMANCE-")?.quantityMicro == 162_000_000)
        #expect(line(r, "DR-PERFORMANCE-")?.roundedAmount == Money(cents: 1080))
        #expect(line(r, "DR-PERFORMANCE-")?.note.contains("6 slot(s) without data, not paid: 15:30–16:00") == true)
        #expect(r.statement.status == .provisional)
        // 108 kW of reduction against 120 kW of discharge: all of it storage discharge
        #expect(r.ledger.totals.dischargeDemandResponse == 162_000_000)
    }

    @Test("performance over award-period discharge is a double payment: DP8 names it")
    func awardOverlap() throws {
        // a DA energy award of 120 kW at 14:00 makes hour 1's discharge wholesale (CAISO-settled): the 96 kWh of
        // performance there has no retail discharge to own and would be paid twice; hour 2 owns 96 kWh
        let award = Award(run: .dayAhead, product: .energy, start: Self.eventStart, seconds: 3600, microMW: 120_000, source: "test")
        let r = try Self.settle(Scenario(awards: [award]))
        let dp8 = try #require(r.statement.checks.first { $0.id == "DP8-DR-PERFORMANCE-ALSO-AWARD-SETTLED" })
        #expect(dp8.status == .violation)
        #expect(dp8.energyMicroKWh == 96_000_000)
        #expect(r.ledger.totals.dischargeDemandResponse == 96_000_000)
        #expect(r.ledger.totals.dischargeWholesale == 216_000_000)
    }

    @Test("missing storage data in the event: the slots are not paid, named, and the statement is provisional")
    func missingData() throws {
        // 14:30–15:00 missing (6 intervals, longer than VEE estimates): 18 slots paid → 96 kW × 1.5 h = 144 kWh
        let r = try Self.settle(Scenario(missingStorage: 6..<12))
        #expect(line(r, "DR-PERFORMANCE-")?.quantityMicro == 144_000_000)
        #expect(line(r, "DR-PERFORMANCE-")?.note.contains("6 slot(s) without data, not paid: 14:30–15:00") == true)
        #expect(r.statement.status == .provisional)
        #expect(r.statement.statusReasons.contains { $0.contains("demand-response event 2025-08-28") && $0.contains("14:30–15:00") })
    }

    @Test("ownership splits a claim over intervals in proportion to retail discharge, exactly, never more than an interval has")
    func ownershipRounding() {
        let g = IntervalGrid(start: Instant(secondsSinceEpoch: 0), seconds: 300, count: 3)
        var L = StorageLedger(grid: g)
        for i in 0..<3 {
            L.received[i] = 1
            L.dischargeRetail[i] = 1
        }
        let o = DemandResponseOwnership.apply([DemandResponseClaim(event: 0, start: g.start, end: g.end, microKWh: 2)], to: &L)
        #expect(Array(L.dischargeDemandResponse) == [1, 0, 1])
        #expect(Array(L.dischargeRetail) == [0, 1, 0])
        #expect(o.first?.owned == 2 && o.first?.notDischarge == 0)
        let more = DemandResponseOwnership.apply([DemandResponseClaim(event: 0, start: g.start, end: g.end, microKWh: 5)], to: &L)
        #expect(more.first?.owned == 1 && more.first?.notDischarge == 4)
        #expect(Array(L.dischargeRetail) == [0, 0, 0])
        #expect(L.dischargeWholesale.reduce(0, +) == 3)
    }
}
