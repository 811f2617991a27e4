import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats
import GridSettleReports
import Testing

/// Demand-response settlement from the dataset's files: `site.json` → `demandResponse`, `events.csv`,
/// `prices.csv`; through the ledger into the statement, its JSON and its HTML report (issue 4).
@Suite("Demand response through the dataset format")
struct DemandResponseDatasetTests {
    /// The generated LA AFB month with the resource enrolled in an MGO program, written to files and read back.
    /// The generator's fleet does not respond to the dispatch event, so the test makes it: 96 kW more
    /// discharge on M2 through the event, and 96 kW less import on M1.
    func enrolled(_ program: DemandResponseProgram = DemandResponseProgram(method: "caiso-mgo")) throws -> Dataset {
        var d = try E2E.example()
        d.config.demandResponse = program
        let event = try #require(d.events.first { $0.kind == .dispatch })
        let step: Int64 = 96_000_000 / 12  // 96 kW for 5 minutes
        for id in [ExampleGenerator.storageMeterID, ExampleGenerator.masterMeterID] {
            var m = try #require(d.meters[id])
            for i in 0..<m.grid.count where m.grid.startOf(i) >= event.start && m.grid.startOf(i) < event.end {
                if id == ExampleGenerator.storageMeterID {
                    m.received.microKWh[i] += step
                } else {
                    let net = m.delivered.microKWh[i] - m.received.microKWh[i] - step
                    m.delivered.microKWh[i] = max(0, net)
                    m.received.microKWh[i] = max(0, -net)
                }
            }
            d.meters[id] = m
        }
        return try DatasetReader.read(files: E2E.files(d))
    }

    /// A supplied baseline far below the site's load makes every slot's performance negative; under the `net`
    /// policy the event pays a negative amount for a negative quantity, and the mean price is positive. This
    /// trapped once (the mean divided by a negative quantity).
    @Test("negative performance (baseline below the load, policy net) settles: negative kWh and $, a positive mean price")
    func negativePerformanceSettles() throws {
        var d = try enrolled(DemandResponseProgram(method: "external", priceRun: .realTimeDispatch))
        let event = try #require(d.events.first { $0.kind == .dispatch })
        d.baselineSeries = [SuppliedBaselineInterval(start: event.start, end: event.end, microKW: 1_000_000, source: "")]
        let r = try SettlementEngine.settle(try DatasetReader.read(files: E2E.files(d)))
        let line = try #require(r.statement.lines.first { $0.code.hasPrefix("DR-PERFORMANCE-") })
        let e = try #require(r.demandResponse?.events.first)
        #expect(line.quantityMicro < 0 && e.performanceMicroKWh == line.quantityMicro)
        let mean = try #require(e.averagePriceMicro)
        // the mean is amount ÷ quantity in $/MWh: its sign is the prices' (positive here), not the quantity's
        let prices = d.prices.filter { $0.run == .realTimeDispatch && $0.start >= event.start && $0.start < event.end }.map(\.microPrice)
        #expect(prices.allSatisfy { $0 > 0 } == (mean > 0) && (line.amount.micros < 0) == (mean > 0))
        #expect(line.note.contains("average \(FixedPointFormat.decimal(mean, scale: 6, fractionDigits: 2)) $/MWh"))
    }

    @Test("site.json's demandResponse survives the round trip and settles the dispatch event into its own section")
    func settlesFromFiles() throws {
        let d = try enrolled(DemandResponseProgram(method: "caiso-mgo", priceRun: .realTimeDispatch, negativePerformance: .floorAtZero))
        #expect(d.config.demandResponse?.priceRun == .realTimeDispatch)
        #expect(d.config.demandResponse?.negativePerformance == .floorAtZero)
        let r = try SettlementEngine.settle(d)
        let dispatches = d.events.filter { $0.kind == .dispatch }
        let perf = r.statement.lines.filter { $0.code.hasPrefix("DR-PERFORMANCE-") }
        #expect(perf.count == dispatches.count && !perf.isEmpty)
        #expect(r.statement.lines.filter { $0.code.hasPrefix("DR-DLA-") }.count == dispatches.count)
        #expect(r.statement.lines.filter { $0.code.hasPrefix("DR-MGO-EXPORT-NOT-CREDITED-") }.count == dispatches.count)
        #expect(r.statement.policies.contains { $0.name == "demandResponse.method" && $0.value == "caiso-mgo" })
        #expect(r.statement.checks.first { $0.id == "LEDGER-BALANCE" }?.status == .pass)
        let dr = try #require(r.demandResponse)

        // independent valuation: slot kW from the baseline audit (not the settlement's piece walk), each 5-minute
        // slot priced at its own RTD LMP: Σ max(0, min(out, gross) − typical) · LMP / 12
        let meters = DatasetBaselines.MeterSeries(d, vee: r.vee)
        let baselines = try DatasetBaselines.run(d, method: BaselinePresets.caisoMGO, quantity: .deviceOutput, meters: meters)
        let site = DayProfiles(try #require(meters.siteNet), timeZone: d.config.zone, slotMinutes: 5)
        var rtd: [Int64: Int64] = [:]
        for p in d.prices where p.run == .realTimeDispatch && p.product == .lmp && p.node == d.config.resource.pricingNode {
            rtd[p.start.secondsSinceEpoch] = p.microPrice
        }
        for (b, line) in zip(baselines, perf) {
            var energy: Int64 = 0  // µkW summed over 5-minute slots
            var money: Int128 = 0
            let dayStart = d.config.zone.startOfDay(b.eventDay)
            for k in b.eventSlots {
                guard let out = b.actual[k], let typical = b.adjusted[k], let net = site.value(b.eventDay, k) else { continue }
                let p = max(0, min(out, max(0, net + out)) - typical)
                energy += p
                money += Int128(p) * Int128(try #require(rtd[dayStart.secondsSinceEpoch + Int64(k) * 300]))
            }
            #expect(line.quantityMicro == Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(energy), by: 12)))
            #expect(line.amount.micros == Rounding.int64(Rounding.divideHalfAwayFromZero(money, by: 12 * 1_000_000_000)))
        }
        // the discharge performance owns is wholesale and added back; never more than was paid
        let paid = dr.events.reduce(Int64(0)) { $0 + $1.performanceMicroKWh }
        #expect(r.ledger.totals.dischargeDemandResponse <= paid)
        #expect(r.ledger.totals.dischargeDemandResponse > 0)
        #expect(r.statement.total(.demandResponse) == perf.reduce(Money.zero) { $0 + $1.roundedAmount })

        let json = StatementJSON.render(r.statement)
        #expect(json.contains("\"demand-response\"") && json.contains("\"dischargingDemandResponse\""))
        let html = HTMLReport.render(r)
        #expect(html.contains("Demand-response performance") && html.contains("… of which demand response"))
    }

    @Test("without a demandResponse block nothing is settled as demand response and the ledger is unchanged")
    func notEnrolled() throws {
        let d = try E2E.example()
        let r = try SettlementEngine.settle(d)
        #expect(r.demandResponse == nil)
        #expect(!r.statement.lines.contains { $0.section == .demandResponse })
        #expect(r.ledger.totals.dischargeDemandResponse == 0)
        #expect(r.statement.checks.first { $0.id == "DP8-DR-PERFORMANCE-ALSO-AWARD-SETTLED" }?.detail == "no demand-response performance in this period")
    }

    @Test("a bad demandResponse block is an error naming the field and the value")
    func badProgram() throws {
        var d = try E2E.example()
        d.config.demandResponse = DemandResponseProgram(method: "caiso-mgo")
        let files = E2E.files(d)
        let site = String(decoding: files["site.json"]!, as: UTF8.self)
        let typo = try #require(E2E.issues(files, replacing: "site.json", with: site.replacingFirst("\"exportCredit\"", "\"exportCredits\"")))
        #expect(typo.contains { $0.field == "demandResponse.exportCredits" && $0.expected.contains("exportCredit") })
        let badEnum = try #require(E2E.issues(files, replacing: "site.json", with: site.replacingFirst("\"net\"", "\"netted\"")))
        #expect(badEnum.contains { $0.field == "demandResponse.negativePerformance" && $0.value == "netted" })
        var unknown = try E2E.example()
        unknown.config.demandResponse = DemandResponseProgram(method: "caiso-11-in-10")
        let issues = DatasetValidator.validate(unknown)
        #expect(issues.contains { $0.field == "demandResponse.method" && $0.value == "caiso-11-in-10" && $0.expected.contains("caiso-mgo") })
        #expect(throws: DatasetInvalid.self) { try SettlementEngine.settle(unknown) }
    }

    @Test("drill-down: an event's performance payment piece by piece, adding up to the line, each at its interval's LMP")
    func performanceIntervals() throws {
        let d = try enrolled(DemandResponseProgram(method: "caiso-mgo", priceRun: .realTimeDispatch))
        let r = try SettlementEngine.settle(d)
        let line = try #require(r.statement.lines.first { $0.code.hasPrefix("DR-PERFORMANCE-") })
        let b = LineBreakdowns(result: r, dataset: d).breakdown(of: line)
        #expect(b.basis == .intervalPrices && b.priceUnit == "$/MWh")
        try #require(!b.intervals.isEmpty)
        #expect(b.intervals.reduce(Int64(0)) { $0 + $1.quantityMicro } == line.quantityMicro)
        #expect(b.intervals.reduce(Money.zero) { $0 + $1.amount } == line.amount)
        let node = d.config.demandResponse?.pricingNode ?? d.config.resource.pricingNode
        let lmp = Dictionary(
            d.prices.filter { $0.node == node && $0.run == .realTimeDispatch && $0.product == .lmp }.map { ($0.start.secondsSinceEpoch, $0.microPrice) },
            uniquingKeysWith: { a, _ in a })
        for i in b.intervals {
            let p = try #require(i.priceMicro)
            #expect(p == lmp[i.start.secondsSinceEpoch - i.start.secondsSinceEpoch % 300], "\(i.start)")
            // µkWh × µ$/MWh ÷ 10⁹ = µ$; the quantity is shared to the µkWh, so allow one µ$ and one µkWh at this price
            #expect(abs(Int128(i.amount.micros) - Int128(i.quantityMicro) * Int128(p) / 1_000_000_000) <= 2, "\(i.start)")
        }
        // the event's other lines are not sums paid per interval: they say so
        let owned = try #require(r.statement.lines.first { $0.code.hasPrefix("DR-DISCHARGE-OWNED-") })
        #expect(LineBreakdowns(result: r, dataset: d).breakdown(of: owned).basis == .notBrokenDown)
    }
}
