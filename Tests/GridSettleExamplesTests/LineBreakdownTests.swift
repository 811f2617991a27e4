import GridSettleCore
import GridSettleExamples
import Testing

/// Drill-down (docs/rules.md "Drill-down") on the generated November 2016 month: every line taken apart adds up
/// exactly to the line, and the per-interval figures agree with the dataset itself.
@Suite("Line drill-down")
struct LineBreakdownTests {
    let result: SettlementResult
    let drill: LineBreakdowns

    init() throws {
        result = try SettlementEngine.settle(november)
        drill = LineBreakdowns(result: result, dataset: november)
    }

    func line(_ section: StatementSection, _ code: String) throws -> StatementLine {
        try #require(result.statement.lines.first { $0.section == section && $0.code == code })
    }

    @Test("a broken-down line's intervals add up to its quantity and exact amount, in time order, inside its lineage")
    func addsUp() {
        var brokenDown = 0
        for l in result.statement.lines {
            let b = drill.breakdown(of: l)
            guard b.basis != .notBrokenDown else {
                #expect(b.intervals.isEmpty)
                #expect(!b.explanation.isEmpty)
                continue
            }
            brokenDown += 1
            #expect(b.intervals.reduce(Int64(0)) { $0 + $1.quantityMicro } == l.quantityMicro, "\(l.section) \(l.code) quantity")
            #expect(b.intervals.reduce(Money.zero) { $0 + $1.amount } == l.amount, "\(l.section) \(l.code) amount")
            // in time order; a regulation capacity code has an hour's day-ahead part and its 15-minute FMM parts from the same start
            #expect(zip(b.intervals, b.intervals.dropFirst()).allSatisfy { ($0.start, $0.seconds) < ($1.start, $1.seconds) }, "\(l.code) not in time order")
            let inLineage = b.intervals.allSatisfy { i in l.runs.contains { $0.start <= i.start && i.end <= $0.end } }
            #expect(inLineage, "\(l.section) \(l.code): an interval outside the line's lineage")
        }
        #expect(brokenDown >= 8)
    }

    @Test("the CAISO codes, TOU energy lines and energy adjustments are broken down; demand and fixed lines say why not")
    func whichLines() throws {
        for l in result.statement.lines {
            let b = drill.breakdown(of: l)
            switch (l.section, l.code) {
            case (.caiso, _) where l.intervalCount > 0:
                #expect(b.basis == .intervalPrices, "\(l.code)")
                #expect(b.intervals.count == l.intervalCount, "\(l.code)")
            case (.retailAsMetered, let c) where c.hasPrefix("ENERGY-"), (.retailAdjusted, let c) where c.hasPrefix("ENERGY-"):
                #expect(b.basis == .linePrice, "\(l.section) \(c)")
                #expect(b.intervals.count == l.intervalCount, "\(l.section) \(c)")
            case (.retailAdjustment, let c) where c.hasPrefix("ADJ-ENERGY-"):
                #expect(b.basis == .adjustment, "\(c)")
            case (_, let c) where c.hasPrefix("DEMAND-"):
                #expect(b.basis == .notBrokenDown)
                #expect(b.explanation.contains("peak demand"))
            default:
                break
            }
        }
        // the customer charge of the test tariff: no intervals behind it
        let fixed = drill.breakdown(of: try line(.retailAsMetered, "FIXED"))
        #expect(fixed.basis == .notBrokenDown)
        #expect(fixed.explanation.contains("no intervals"))
    }

    @Test("a CAISO real-time code interval by interval: the RTD LMP of the dataset, and amount = quantity × price")
    func caisoIntervals() throws {
        let prices = Dictionary(
            november.prices.filter { $0.run == .realTimeDispatch && $0.product == .lmp && $0.node == november.config.resource.pricingNode }
                .map { ($0.start, $0.microPrice) }, uniquingKeysWith: { a, _ in a })
        for code in ["CC6470", "CC6475"] {
            let l = try line(.caiso, code)
            let b = drill.breakdown(of: l)
            try #require(!b.intervals.isEmpty, "\(code) has no intervals in the demo month")
            for i in b.intervals {
                let p = try #require(i.priceMicro)
                #expect(p == prices[i.start], "\(code) \(i.start): price \(p), the dataset's RTD LMP \(prices[i.start] ?? -1)")
                #expect(i.seconds == 300)
                // µMWh × µ$/MWh / 10⁶ = µ$; the quantity is itself shared to the µMWh, so allow one µMWh at this price
                let expected = Int128(i.quantityMicro) * Int128(p) / 1_000_000
                #expect(abs(Int128(i.amount.micros) - expected) <= 1 + abs(Int128(p)) / 1_000_000, "\(code) \(i.start)")
            }
        }
    }

    @Test("a TOU energy line as metered: each interval's kWh is the master meter's net import in the dataset, zero when it exported")
    func retailIntervals() throws {
        let m1 = november.m1
        var checked = 0
        for l in result.statement.lines where l.section == .retailAsMetered && l.code.hasPrefix("ENERGY-") {
            let b = drill.breakdown(of: l)
            let price = try #require(l.unitPriceMicro)
            for i in b.intervals {
                let k = try #require(m1.grid.index(startingAt: i.start))
                guard m1.delivered.quality[k] == .actual, m1.received.quality[k] == .actual else { continue }
                #expect(i.quantityMicro == max(0, m1.delivered.microKWh[k] - m1.received.microKWh[k]), "\(l.code) \(i.start)")
                #expect(i.priceMicro == price)
                // µkWh × µ$/kWh / 10⁶ = µ$, within 1 µ$ of the line's amount shared by kWh
                #expect(abs(Int128(i.amount.micros) - Int128(i.quantityMicro) * Int128(price) / 1_000_000) <= 1, "\(l.code) \(i.start)")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }

    @Test("the add-back's energy adjustment: each interval adjusted minus as metered, at the award-period discharge")
    func adjustmentIntervals() throws {
        let adjustments = result.statement.lines.filter { $0.section == .retailAdjustment && $0.code.hasPrefix("ADJ-ENERGY-") }
        try #require(!adjustments.isEmpty)
        for l in adjustments {
            let b = drill.breakdown(of: l)
            #expect(b.basis == .adjustment)
            for i in b.intervals {
                let k = try #require(result.adjustedNetImport.grid.index(startingAt: i.start))
                #expect(i.quantityMicro == max(0, result.adjustedNetImport.microKWh[k]) - max(0, result.unadjustedNetImport.microKWh[k]))
                #expect(i.quantityMicro != 0)
            }
        }
    }

    @Test("station power at retail: each quarter hour's kWh from the station-power meter, at the TOU energy rate the retail bill used then")
    func stationPowerIntervals() throws {
        // the November month with a station-power circuit: 5-minute auxiliary load, no on-site generation to net
        var d = november
        let grid = november.m1.grid
        var values = ContiguousArray<Int64>(repeating: 0, count: grid.count)
        for i in 0..<grid.count {
            let wobble: Int64 = Int64(i % 12) * 13_700 + Int64(i % 5) * 1_001
            values[i] = 1_500_000 + wobble
        }
        d.config.meters.append(MeterSpec(id: "SP1", role: .stationPower, intervalMinutes: 5, ratingKW: 50))
        d.meters["SP1"] = MeterChannels(
            delivered: EnergySeries(grid: grid, microKWh: values), received: EnergySeries(grid: grid, microKWh: ContiguousArray(repeating: 0, count: grid.count)))
        let r = try SettlementEngine.settle(d)
        let l = try #require(r.statement.lines.first { $0.section == .stationPower && $0.code == "STATION-POWER-RETAIL" })
        let drill = LineBreakdowns(result: r, dataset: d)
        let b = drill.breakdown(of: l)
        #expect(b.basis == .intervalPrices && b.priceUnit == "$/kWh")
        #expect(b.sums.quantityMicro == l.quantityMicro && b.sums.amount == l.amount)
        #expect(b.intervals.count == grid.count / 3)
        // the rate each retail TOU energy line was billed at, by interval start (its intervals, taken apart)
        var rateAt: [Instant: Int64] = [:]
        for e in r.statement.lines where e.section == .retailAsMetered && e.code.hasPrefix("ENERGY-") {
            for i in drill.breakdown(of: e).intervals { rateAt[i.start] = e.unitPriceMicro }
        }
        for i in b.intervals {
            let k = try #require(grid.index(startingAt: i.start))
            #expect(i.seconds == 900)
            #expect(i.quantityMicro == values[k] + values[k + 1] + values[k + 2], "\(i.start)")
            #expect(i.priceMicro == rateAt[i.start], "\(i.start)")
            #expect(abs(Int128(i.amount.micros) - Int128(i.quantityMicro) * Int128(i.priceMicro ?? 0) / 1_000_000) <= 1, "\(i.start)")
        }
        #expect(Set(b.intervals.compactMap(\.priceMicro)).count > 1)  // more than one TOU period in the month
    }

    @Test("settling records no intervals; a drill-down records them")
    func settlementPaysNothing() {
        #expect(result.chargeCodes.allSatisfy { $0.intervals.isEmpty })
        let caiso = CaisoShadowSettlement(pricingNode: november.config.resource.pricingNode, policies: november.config.policies)
        let recorded = caiso.settle(ledger: result.ledger, awards: november.awards, prices: november.prices, mileage: november.mileage, recordIntervals: true).results
        #expect(recorded.contains { !$0.intervals.isEmpty })
        #expect(zip(recorded, result.chargeCodes).allSatisfy { $0.amount == $1.amount && $0.runs == $1.runs })
    }
}
