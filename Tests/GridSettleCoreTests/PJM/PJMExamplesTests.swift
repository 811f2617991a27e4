import GridSettleCore
import Testing

/// Research settlement_rules.md §2.7, examples P1–P4, reproduced exactly, plus F2.8 and the η guard.
@Suite("PJM Order 841 examples P1–P4")
struct PJMExamplesTests {
    /// MWh → µkWh.
    static func mwh(_ x: Double) -> Int64 { Int64((x * 1e9).rounded()) }
    /// $/MWh → µ$/MWh.
    static func price(_ x: Double) -> Int64 { Int64((x * 1e6).rounded()) }
    static let hourly = IntervalGrid(start: Instant(secondsSinceEpoch: 1_561_953_600), seconds: 3600, count: 4)  // 2019-07-01 04:00Z
    static func column(_ v: [Double]) -> ContiguousArray<Int64> { ContiguousArray(v.map(mwh)) }

    @Test("P1: resilience ESR — LSCE 12.5, DCE 107.5 MWh, allocation [3.125, 4.166667, 2.083333, 3.125], credit $250.00")
    func p1() throws {
        let eta = try RoundTripEfficiency.declared(0.80)
        let x = ESRIntervals(grid: Self.hourly, charge: Self.column([30, 40, 20, 30]), discharge: Self.column([0, 0, 0, 10]),
                             loadFeed: Self.column([0, 0, 0, 10]))
        let r = ChargingEnergy.split(x, configuration: .resilience, efficiency: eta, policy: .proRata)
        #expect(r.method == "F2.2, F2.3")
        #expect(r.lsce == Self.mwh(12.5) && r.dce == Self.mwh(107.5))
        let prices = [20.0, 25, -5, 30].map { Optional(Self.price($0)) }
        let c = try MeterCorrection.allocate(quantity: r.lsce, chargingEnergy: r.gridCharge, grid: Self.hourly, prices: prices, allocation: .chargingEnergy)
        #expect(c.shares.map(\.microKWh) == [3_125_000_000, 4_166_666_667, 2_083_333_333, 3_125_000_000])
        #expect(c.shares.map(\.microKWh).reduce(0, +) == Self.mwh(12.5))
        #expect(c.amount.roundedToCents == Money(cents: 25_000))
        // the closed form F2.12: 12.5 MWh × λ̄ 20 $/MWh
        #expect(MeterCorrection.closedForm(quantity: r.lsce, chargingEnergy: r.gridCharge, prices: prices) == Money(cents: 25_000))
        // each share at its LMP: 62.50, 104.166667, −10.416667, 93.75
        #expect(c.shares.map { Rounding.int64(Rounding.divideHalfAwayFromZero($0.valueNano, by: 1_000_000_000)) } == [62_500_000, 104_166_667, -10_416_667, 93_750_000])
    }

    @Test("P2: customer-side ESR, η 0.85 — LSCE 2.352941, DCE 1.647059 (× η = Σ Resale 1.4), correction $45.882353, net $51.882353")
    func p2() throws {
        let eta = try RoundTripEfficiency.declared(0.85)
        let x = ESRIntervals(grid: Self.hourly, charge: Self.column([2.5, 1.5, 0, 0]), discharge: Self.column([0, 0, 2.4, 1.0]),
                             siteDelivered: Self.column([3.5, 2.5, 0, 0.2]), siteReceived: Self.column([0, 0, 1.4, 0]))
        let r = ChargingEnergy.split(x, configuration: .customerSide, efficiency: eta, policy: .proRata)
        #expect(r.method == "F2.4–F2.6")
        #expect(Array(r.resale) == [0, 0, Self.mwh(1.4), 0] && Array(r.toLoad) == [0, 0, Self.mwh(1.0), Self.mwh(1.0)])
        #expect(r.lsce == 2_352_941_176 && r.dce == 1_647_058_824)
        // DCE · η = Σ Resale (to the µkWh rounding of η's division)
        #expect(abs(Int64(Double(r.dce) * 0.85) - Self.mwh(1.4)) <= 1)
        let prices = [18.0, 22, 60, 45].map { Optional(Self.price($0)) }
        let c = try MeterCorrection.allocate(quantity: r.lsce, chargingEnergy: r.gridCharge, grid: Self.hourly, prices: prices, allocation: .chargingEnergy)
        #expect(c.shares.map(\.microKWh) == [1_470_588_235, 882_352_941])
        #expect(c.amount == Money(micros: 45_882_353))
        // first pass: charging 2.5·18 + 1.5·22 = $78.00 paid, resale 1.4·60 = $84.00 earned
        let s = try PJMStorageSettlement.settle(
            r, prices: prices, settings: PJMStorageSettings(configuration: .customerSide, initialSettlement: .negativeGeneration),
            retailNettingAvailable: true)
        #expect(s.initialCharging == Money(cents: -7800) && s.resale == Money(cents: 8400))
        #expect(s.correction.amount == Money(micros: 45_882_353))
        #expect(s.net == Money(micros: 51_882_353))
        #expect(s.loadReconciliation.map(\.microKWh) == [1_470_588_235, 882_352_941])
    }

    @Test("P3: the inventory policy changes LSCE — PRO_RATA 0.625, WHOLESALE_FIRST_EXPORT 0.0, with their end pools")
    func p3() throws {
        // h1: PV 3.0, load 1.0, charge 2.0 (all PV surplus); h2: charge 2.0 from the grid (M1 import 3.0);
        // h3: load 1.0, discharge 2.4 (pool draw 3.0), M1 export 1.4
        let eta = try RoundTripEfficiency.declared(0.8)
        let g = IntervalGrid(start: Self.hourly.start, seconds: 3600, count: 3)
        let x = ESRIntervals(grid: g, charge: Self.column([2.0, 2.0, 0]), discharge: Self.column([0, 0, 2.4]),
                             siteDelivered: Self.column([0, 3.0, 0]), siteReceived: Self.column([0, 0, 1.4]), hasOnsiteGeneration: true)
        let pro = ChargingEnergy.split(x, configuration: .customerSide, efficiency: eta, policy: .proRata)
        #expect(pro.lsce == Self.mwh(0.625))
        #expect(pro.closingWholesale == Self.mwh(0.5) && pro.closingRetail == Self.mwh(0.5))
        #expect(pro.dce == Self.mwh(2.0 - 0.625))
        let wfe = ChargingEnergy.split(x, configuration: .customerSide, efficiency: eta, policy: .wholesaleFirstExport)
        #expect(wfe.lsce == 0)
        #expect(wfe.closingWholesale == Self.mwh(0.25) && wfe.closingRetail == Self.mwh(0.75))
        // FIFO [D]: the oldest lot (R, h1) first — draw 3.0 = R 2.0 + W 1.0, split over export 1.75 and load 1.25
        let fifo = ChargingEnergy.split(x, configuration: .customerSide, efficiency: eta, policy: .fifo)
        #expect(fifo.lsce == 416_666_667)
        #expect(fifo.closingWholesale == Self.mwh(1.0) && fifo.closingRetail == 0)
        for r in [pro, wfe, fifo] {
            // draws = discharge / η; pools never negative; balances = what was charged minus what was drawn
            #expect(r.closingWholesale >= 0 && r.closingRetail >= 0)
            #expect(r.closingWholesale + r.closingRetail == Self.mwh(4.0) - Self.mwh(3.0))
            #expect(r.shortfall.allSatisfy { $0 == 0 })
        }
    }

    @Test("P4: LMP-weighted spreading would allocate −0.520833 MWh to the −$5 hour: refused with a clear message")
    func p4() throws {
        let charge = Self.column([30, 40, 20, 30])
        let prices = [20.0, 25, -5, 30].map { Optional(Self.price($0)) }
        #expect {
            _ = try MeterCorrection.allocate(quantity: Self.mwh(12.5), chargingEnergy: charge, grid: Self.hourly, prices: prices, allocation: .lmpWeighted)
        } throws: { e in
            let m = String(describing: e)
            return m.contains("-0.520833 MWh") && m.contains("-5.00 $/MWh") && m.contains("P4") && m.contains("CHARGING_ENERGY")
        }
        // all-positive prices: LMP weighting runs (and differs from F2.9)
        let positive = [20.0, 25, 5, 30].map { Optional(Self.price($0)) }
        let c = try MeterCorrection.allocate(quantity: Self.mwh(12.5), chargingEnergy: charge, grid: Self.hourly, prices: positive, allocation: .lmpWeighted)
        #expect(c.shares.map(\.microKWh).reduce(0, +) == Self.mwh(12.5) && c.shares.allSatisfy { $0.microKWh > 0 })
    }

    @Test("F2.8: measured η = (85 + 12 − 10) / 100 = 0.87; outside (0, 1] is refused with the figures")
    func measuredEfficiency() throws {
        let eta = try RoundTripEfficiency.measured(
            deliveredMicroKWh: Self.mwh(85), receivedMicroKWh: Self.mwh(100), storedAtStartMicroKWh: Self.mwh(10), storedAtEndMicroKWh: Self.mwh(12))
        #expect(eta.ppm == 870_000)
        #expect { try RoundTripEfficiency.measured(deliveredMicroKWh: Self.mwh(99), receivedMicroKWh: Self.mwh(100), storedAtStartMicroKWh: 0, storedAtEndMicroKWh: Self.mwh(5)) } throws: { e in
            String(describing: e).contains("1.040000 is outside (0, 1]") && String(describing: e).contains("state-of-charge")
        }
        #expect(throws: RoundTripEfficiency.Invalid.self) { try RoundTripEfficiency.declared(0) }
        #expect(throws: RoundTripEfficiency.Invalid.self) { try RoundTripEfficiency.declared(1.05) }
        #expect(try RoundTripEfficiency.declared(1.0).ppm == 1_000_000)
    }

    @Test("energy charged into a vehicle and driven away is end-use load (LSCE), never DCE; W-first for export keeps it off the wholesale pool")
    func drivingIsEndUseLoad() throws {
        // h1: 10 MWh from the grid (W); h2: a trip drives away 2 MWh; h3: 7.2 MWh resold (draw 8.0 at η 0.9)
        let eta = try RoundTripEfficiency.declared(0.9)
        let g = IntervalGrid(start: Self.hourly.start, seconds: 3600, count: 3)
        let x = ESRIntervals(grid: g, charge: Self.column([10, 0, 0]), discharge: Self.column([0, 0, 7.2]),
                             driven: Self.column([0, 2, 0]))
        let r = ChargingEnergy.split(x, configuration: .frontOfMeter, efficiency: eta, policy: .proRata)
        #expect(r.method.hasPrefix("§2.6"))
        #expect(r.lsceDriven == Self.mwh(2) && r.lsce == Self.mwh(2))
        #expect(r.dce == Self.mwh(8))
        #expect(r.closingWholesale == 0 && r.closingRetail == 0 && r.shortfall.allSatisfy { $0 == 0 })
        // with on-site energy in R, WHOLESALE_FIRST_EXPORT drives R first: no W-origin driving, no LSCE
        let opening = ChargingEnergy.split(x, configuration: .frontOfMeter, efficiency: eta, policy: .wholesaleFirstExport, openingRetail: Self.mwh(2))
        #expect(opening.lsceDriven == 0 && opening.dce == Self.mwh(10))
        // a trip the pools cannot cover is a shortfall, never a negative pool
        let short = ChargingEnergy.split(
            ESRIntervals(grid: g, charge: Self.column([1, 0, 0]), discharge: Self.column([0, 0, 0]), driven: Self.column([0, 2, 0])),
            configuration: .frontOfMeter, efficiency: eta, policy: .fifo)
        #expect(short.shortfall.reduce(0, +) == Self.mwh(1) && short.closingWholesale == 0)
    }

    @Test("a resilience ESR with on-site generation: only W-origin energy through M3 is LSCE")
    func resilienceWithPV() throws {
        // h1: 4 MWh charged, M1 imports 1 → 1 from the grid (W), 3 on-site (R); h2: 1.6 MWh to load via M3 (draw 2.0 at η 0.8)
        let eta = try RoundTripEfficiency.declared(0.8)
        let g = IntervalGrid(start: Self.hourly.start, seconds: 3600, count: 2)
        let x = ESRIntervals(grid: g, charge: Self.column([4, 0]), discharge: Self.column([0, 1.6]), siteDelivered: Self.column([1, 0]),
                             siteReceived: Self.column([0, 0]), loadFeed: Self.column([0, 1.6]), hasOnsiteGeneration: true)
        let pro = ChargingEnergy.split(x, configuration: .resilience, efficiency: eta, policy: .proRata)
        #expect(Array(pro.gridCharge) == [Self.mwh(1), 0] && Array(pro.onsiteCharge) == [Self.mwh(3), 0])
        #expect(pro.lsce == Self.mwh(0.5) && pro.dce == Self.mwh(0.5))  // W share 1/4 of the 2.0 draw
        let wfe = ChargingEnergy.split(x, configuration: .resilience, efficiency: eta, policy: .wholesaleFirstExport)
        #expect(wfe.lsce == 0 && wfe.dce == Self.mwh(1))  // load draws R first
    }
}
