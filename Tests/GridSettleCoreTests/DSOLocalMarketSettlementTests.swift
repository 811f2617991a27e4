import GridSettleCore
import Testing

/// The local market in the DSO settlement (docs/dso.md "The local market in the settlement"): local trades
/// settle through the ledger, so no kWh is sold both locally and to the ISO.
///
/// The rule: the quantity the ISO allocation pays member i is `q' = q − soldLocally + boughtLocally` (F5.4's RT
/// deviation, F5.6's DLMP quantity); F5.5's fee stays on the metered flows; the local money goes on the member's
/// statement as its own lines; the local fee to the DSO's `localFee` account. Checks `LEM-LEDGER-BALANCES` and
/// `LEM-NO-KWH-PAID-TWICE` on every settlement.
///
/// The hand-worked cases: two members behind one interface, one hour, λ^RT = $50/MWh.
/// A injects 2.0 MWh (rec 2.0, del 0), B withdraws 1.5 MWh (rec 0, del 1.5), so q^A = 0.5 MWh.
/// In the local market A sells 1.0 MWh to B at $40/MWh (B's bid at 40 meets A's offer at 40; the ISO's band
/// 30…80 is never touched, so the price is 40).
@Suite("DSO local market in the settlement: every local kWh paid once (LEM-LEDGER-BALANCES, LEM-NO-KWH-PAID-TWICE)")
struct DSOLocalMarketSettlementTests {
    typealias F = DSOFixtures
    static let grid = IntervalGrid(start: F.t0, seconds: 3600, count: 1)
    static let band = LocalOutsideOption(isoBuyMicroPrice: F.price(80), isoSellMicroPrice: F.price(30))

    static func dso(_ allocation: DSOAllocationPolicy) -> DSO {
        DSO(id: "DSO-L", name: "local", interfaces: [DSOInterface(id: "SUB-1", pricingNode: "NODE_1", subLAP: "SLAP_1")],
            allocation: allocation)
    }

    static let members = [
        DERMember(id: "A", dso: "DSO-L", interface: "SUB-1", kind: .storage, sizeMicroKW: F.kw(2000)),
        DERMember(id: "B", dso: "DSO-L", interface: "SUB-1", kind: .v2gFleet, sizeMicroKW: F.kw(1500)),
    ]

    /// The metered hour; `aRec` lets a test make A inject less than it sold; `da` adds D1-style DA schedules
    /// (A +1.6, B −1.2, interface +0.4 MW at λ^DA 45); `dlmp` adds DLMPs A 48, B 53.
    static func input(aRec: Double = 2.0, da: Bool = false, dlmp: Bool = false) -> DSOSettlementInput {
        DSOSettlementInput(
            grid: grid,
            members: [
                DSOMemberSeries(memberID: "A", receivedMicroKWh: [F.mwh(aRec)], deliveredMicroKWh: [0],
                                daScheduleMicroMW: da ? [F.mw(1.6)] : nil, dlmpMicroPrice: dlmp ? [F.price(48)] : nil),
                DSOMemberSeries(memberID: "B", receivedMicroKWh: [0], deliveredMicroKWh: [F.mwh(1.5)],
                                daScheduleMicroMW: da ? [F.mw(-1.2)] : nil, dlmpMicroPrice: dlmp ? [F.price(53)] : nil),
            ],
            interfaces: [DSOInterfaceSeries(interfaceID: "SUB-1", daScheduleMicroMW: da ? [F.mw(0.4)] : nil,
                                            daMicroPrice: da ? [F.price(45)] : nil, rtMicroPrice: [F.price(50)])])
    }

    /// Clears the hour's book (A offers 1 MWh at `offer`, B bids 1 MWh at 40) with a per-match `fee` and puts the
    /// trades into `input` through the ledger.
    static func withLocalTrade(_ input: DSOSettlementInput, offer: Double = 40, fee: Double = 0) throws
        -> (input: DSOSettlementInput, clearing: LocalMarketClearing, ledger: LocalMarketLedger)
    {
        let c = try LocalMarket.clear(
            orders: [LocalOrder(id: "a", memberID: "A", side: .offer, quantityMicroKWh: F.mwh(1), limitMicroPrice: F.price(offer)),
                     LocalOrder(id: "b", memberID: "B", side: .bid, quantityMicroKWh: F.mwh(1), limitMicroPrice: F.price(40))],
            outside: band, settings: LocalMarketSettings(enabled: true, feeMicroDollarsPerMWh: F.price(fee)))
        var ledger = LocalMarketLedger(grid: grid)
        ledger.record(c, interval: 0)
        var out = input
        #expect(ledger.apply(to: &out, interfaceID: "SUB-1").isEmpty)
        return (out, c, ledger)
    }

    /// The identities every settlement with local trades must satisfy, checked on the lines.
    static func expectInvariants(_ s: DSOSettlement, _ sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(s.revenueAdequacy.status == .pass, sourceLocation: sourceLocation)
        #expect(s.localMarketChecks.map(\.id) == ["LEM-LEDGER-BALANCES", "LEM-NO-KWH-PAID-TWICE"], sourceLocation: sourceLocation)
        #expect(s.localMarketChecks.allSatisfy { $0.status == .pass }, sourceLocation: sourceLocation)
        #expect(RevenueAdequacy.verify(s).isEmpty, sourceLocation: sourceLocation)
        #expect(LocalMarketLedger.verify(s).isEmpty, sourceLocation: sourceLocation)
        // F5.3 on the ISO allocation; the local ledger on its own; together the accounts reconcile
        #expect(s.memberAllocated + s.accounts.fee + s.accounts.residual == s.isoTotal, sourceLocation: sourceLocation)
        let paid = Money.zero - s.members.reduce(Money.zero) { $0 + $1.localPurchases }
        let received = s.members.reduce(Money.zero) { $0 + $1.localSales }
        #expect(paid == received + s.accounts.localFee, sourceLocation: sourceLocation)
        #expect(s.memberTotal + s.accounts.fee + s.accounts.localFee + s.accounts.residual == s.isoTotal, sourceLocation: sourceLocation)
        for m in s.members {
            #expect(m.isoAllocatedMicroKWh + m.localSoldMicroKWh - m.localBoughtMicroKWh == m.netMicroKWh, sourceLocation: sourceLocation)
            #expect(m.net == m.dayAhead + m.realTimeDeviation + m.scheduleSplitShare + m.distributionLMPEnergy + m.fee + m.localMarket,
                    sourceLocation: sourceLocation)
        }
    }

    @Test("Nodal pass-through: A is paid 40 for the local MWh and 50 for the other (90, not 140); B pays 40 + 25 (65, not 115); ISO→A 25 unchanged")
    func passThroughPaidOnce() throws {
        // Without the local market (F5.4, no DA): A 2.0 × 50 = 100.00, B −1.5 × 50 = −75.00; ISO→A 0.5 × 50 = 25.00.
        // With it: q'_A = 2.0 − 1.0 = 1.0 → RT 50.00, local sales +40.00, net 90.00
        //           q'_B = −1.5 + 1.0 = −0.5 → RT −25.00, local purchases −40.00, net −65.00
        // Σ ISO allocation 50 − 25 = 25.00 = ISO→A (F5.3); Σ local money 40 − 40 = 0 = −local fee.
        // Paying A for its metered 2.0 MWh at λ^RT on top of the local sale would give 140.00, B −115.00.
        let agg = try DERAggregation(dso: Self.dso(DSOAllocationPolicy(method: .nodalPassThrough)), members: Self.members)
        let without = try DSOSettlementEngine.settle(agg, input: Self.input())
        let (input, c, _) = try Self.withLocalTrade(Self.input())
        #expect(c.clearingMicroPrice == F.price(40) && c.trades.count == 1 && c.isoTrades.isEmpty)
        let s = try DSOSettlementEngine.settle(agg, input: input)
        let a = try #require(s.member("A")), b = try #require(s.member("B"))
        #expect(without.members.map(\.net) == [Money(cents: 10_000), Money(cents: -7_500)])
        #expect([a.realTimeDeviation, a.localSales, a.localPurchases, a.net] == [Money(cents: 5_000), Money(cents: 4_000), .zero, Money(cents: 9_000)])
        #expect([b.realTimeDeviation, b.localSales, b.localPurchases, b.net] == [Money(cents: -2_500), .zero, Money(cents: -4_000), Money(cents: -6_500)])
        #expect([a.localSoldMicroKWh, a.localBoughtMicroKWh, a.isoAllocatedMicroKWh] == [F.mwh(1), 0, F.mwh(1)])
        #expect([b.localSoldMicroKWh, b.localBoughtMicroKWh, b.isoAllocatedMicroKWh] == [0, F.mwh(1), F.mwh(-0.5)])
        #expect(a.allocatedNet == Money(cents: 5_000) && b.allocatedNet == Money(cents: -2_500))
        // the interface: ISO→A is the same number with or without the local market
        let i = s.interfaces[0]
        #expect(i.isoTotal == Money(cents: 2_500) && i.isoTotal == without.interfaces[0].isoTotal)
        #expect(i.isoRealTime == without.interfaces[0].isoRealTime && i.isoDayAhead == without.interfaces[0].isoDayAhead)
        #expect(i.memberTotal == Money(cents: 2_500) && i.memberLocalMarket == .zero && i.memberAllocated == Money(cents: 2_500))
        #expect(i.localVolumeMicroKWh == F.mwh(1) && i.localBuyersPaid == Money(cents: 4_000) && i.localSellersReceived == Money(cents: 4_000))
        #expect(s.accounts.localFee == .zero && s.accounts.rounding == .zero && s.accounts.total == .zero)
        Self.expectInvariants(s)
        #expect(s.localMarketChecks[0].energyMicroKWh == F.mwh(1))
    }

    @Test("F5.5 fee on gross flows with DA schedules: the fee stays on the metered 2.0 / 1.5 MWh; A 76.00, B −63.50, DSO fee 10.50")
    func feeOnGrossFlowsKeepsMeteredBasis() throws {
        // D1-style: λ^DA 45, λ^RT 50, A DA +1.6, B DA −1.2, interface DA +0.4; fee $3/MWh on rec + del.
        // ISO→A = 0.4 × 45 + (0.5 − 0.4) × 50 = 18.00 + 5.00 = 23.00.
        // Without the market: A 72 + (2.0 − 1.6)·50 − 6.00 = 86.00; B −54 + (−1.5 + 1.2)·50 − 4.50 = −73.50.
        // With it: A DA 72.00, RT (1.0 − 1.6)·50 = −30.00, fee −3 × 2.0 = −6.00 (metered), local +40.00 → 76.00
        //           B DA −54.00, RT (−0.5 + 1.2)·50 = +35.00, fee −3 × 1.5 = −4.50 (metered), local −40.00 → −63.50
        // Σ ISO allocation net of fee 36.00 − 23.50 = 12.50; + DSO fee 10.50 = 23.00 = ISO→A.
        // A gives up 10.00 (1 MWh sold at 40 instead of 50), B saves 10.00: the same kWh, paid once.
        let policy = DSOAllocationPolicy(method: .feeOnGrossFlows, feeMicroDollarsPerMWh: F.price(3))
        let agg = try DERAggregation(dso: Self.dso(policy), members: Self.members)
        let without = try DSOSettlementEngine.settle(agg, input: Self.input(da: true))
        let s = try DSOSettlementEngine.settle(agg, input: try Self.withLocalTrade(Self.input(da: true)).input)
        let a = try #require(s.member("A")), b = try #require(s.member("B"))
        #expect(without.members.map(\.net) == [Money(cents: 8_600), Money(cents: -7_350)])
        #expect([a.dayAhead, a.realTimeDeviation, a.fee, a.localMarket, a.net].map(\.micros)
                == [72_000_000, -30_000_000, -6_000_000, 40_000_000, 76_000_000])
        #expect([b.dayAhead, b.realTimeDeviation, b.fee, b.localMarket, b.net].map(\.micros)
                == [-54_000_000, 35_000_000, -4_500_000, -40_000_000, -63_500_000])
        #expect([a.feeBasisMicroKWh, b.feeBasisMicroKWh] == [F.mwh(2.0), F.mwh(1.5)])
        #expect(s.members.map(\.fee) == without.members.map(\.fee))
        #expect(s.accounts.fee == Money(cents: 1_050) && s.isoTotal == Money(cents: 2_300) && s.isoTotal == without.isoTotal)
        #expect(s.memberAllocated == Money(cents: 1_250) && s.accounts.scheduleSplitResidual == .zero)
        Self.expectInvariants(s)
    }

    @Test("F5.6 DLMP: the local MWh leaves both DLMP quantities; A 88.00, B −66.50; the DSO residual falls from 8.50 to 3.50")
    func distributionLMPPaidOnce() throws {
        // ISO→A = 0.5 × 50 = 25.00. DLMP A 48, B 53.
        // Without the market: A 2.0 × 48 = 96.00, B −1.5 × 53 = −79.50; Σ 16.50, residual 8.50.
        // With it: A q' 1.0 × 48 = 48.00 + 40.00 = 88.00; B q' −0.5 × 53 = −26.50 − 40.00 = −66.50.
        // Σ DLMP pay 21.50, residual 25.00 − 21.50 = 3.50 = 8.50 − 1.0 × (53 − 48): the local trade is priced at 40,
        // not across the DLMP spread. F5.3 still exact.
        let agg = try DERAggregation(dso: Self.dso(DSOAllocationPolicy(method: .distributionLMP)), members: Self.members)
        let without = try DSOSettlementEngine.settle(agg, input: Self.input(dlmp: true))
        let s = try DSOSettlementEngine.settle(agg, input: try Self.withLocalTrade(Self.input(dlmp: true)).input)
        #expect(without.members.map(\.net) == [Money(cents: 9_600), Money(cents: -7_950)])
        #expect(without.accounts.distributionResidual == Money(cents: 850))
        #expect(s.members.map(\.distributionLMPEnergy) == [Money(cents: 4_800), Money(cents: -2_650)])
        #expect(s.members.map(\.net) == [Money(cents: 8_800), Money(cents: -6_650)])
        #expect(s.members.map(\.isoAllocatedMicroKWh) == [F.mwh(1.0), F.mwh(-0.5)])
        #expect(s.accounts.distributionResidual == Money(cents: 350) && s.isoTotal == Money(cents: 2_500))
        Self.expectInvariants(s)
    }

    @Test("A $2/MWh local fee: B pays 40.00, A receives 38.00, the DSO's local-fee account gets 2.00; 40 = 38 + 2 exactly")
    func localFeeAccount() throws {
        // A offers at 38 (net of fee), so to B it costs 38 + 2 = 40 = B's bid; the ISO's bid to a seller is worth
        // 30 + 2 = 32 ≤ 80, the market is open; range [40, 40], price 40, seller price 38.
        // A: RT 1.0 × 50 = 50.00 + 38.00 = 88.00; B: −25.00 − 40.00 = −65.00.
        // Σ net 23.00 + local fee 2.00 = 25.00 = ISO→A; Σ ISO allocation 25.00 (F5.3 untouched by the fee).
        let agg = try DERAggregation(dso: Self.dso(DSOAllocationPolicy(method: .nodalPassThrough)), members: Self.members)
        let (input, c, ledger) = try Self.withLocalTrade(Self.input(), offer: 38, fee: 2)
        #expect(c.clearingMicroPrice == F.price(40) && c.trades.map(\.sellerMicroPrice) == [F.price(38)])
        #expect(ledger.feeMicroDollars == [2_000_000] && ledger.tradeCount == 1 && ledger.volumeMicroKWh == F.mwh(1))
        #expect(input.interfaces[0].localFeeMicroDollars == [2_000_000])
        let s = try DSOSettlementEngine.settle(agg, input: input)
        #expect(s.members.map(\.net) == [Money(cents: 8_800), Money(cents: -6_500)])
        #expect(s.members.map(\.localMarket) == [Money(cents: 3_800), Money(cents: -4_000)])
        #expect(s.accounts.localFee == Money(cents: 200) && s.accounts.total == Money(cents: 200))
        #expect(s.memberTotal == Money(cents: 2_300) && s.memberAllocated == Money(cents: 2_500) && s.isoTotal == Money(cents: 2_500))
        #expect(s.interfaces[0].localBuyersPaid == Money(cents: 4_000) && s.interfaces[0].localSellersReceived == Money(cents: 3_800))
        Self.expectInvariants(s)
    }

    @Test("A seller that injects 0.5 MWh after selling 1.0 locally buys the 0.5 shortfall at λ^RT: A 40 − 25 = 15.00")
    func shortSellerBuysAtRT() throws {
        // A rec 0.5, B del 1.5, q^A = −1.0 → ISO→A = −50.00.
        // A: q' = 0.5 − 1.0 = −0.5 → RT −25.00, local +40.00 → 15.00. B: q' = −0.5 → −25.00, local −40.00 → −65.00.
        // Σ ISO allocation −50.00 = ISO→A.
        let agg = try DERAggregation(dso: Self.dso(DSOAllocationPolicy(method: .nodalPassThrough)), members: Self.members)
        let s = try DSOSettlementEngine.settle(agg, input: try Self.withLocalTrade(Self.input(aRec: 0.5)).input)
        #expect(s.members.map(\.realTimeDeviation) == [Money(cents: -2_500), Money(cents: -2_500)])
        #expect(s.members.map(\.net) == [Money(cents: 1_500), Money(cents: -6_500)])
        #expect(s.isoTotal == Money(cents: -5_000))
        Self.expectInvariants(s)
    }

    @Test("An ISO fill in the local market is not paid again: A is paid 5 kWh × 30 once, B 3 kWh × 30 once, through the meter")
    func isoTradesAreNotPaid() throws {
        // L2's book (DSOLocalMarketTests): A offers 5 kWh @10, B 3 @25, C bids 4 @60, ISO band 30…80.
        // A→C 4 kWh at 30 locally; A's last kWh and B's 3 kWh clear "against the ISO" at 30.
        // Metered as cleared: A rec 5 kWh, B rec 3, C del 4; λ^RT 30; ISO→A = (5 + 3 − 4) kWh × 30 = 0.12.
        // A: q' = 5 − 4 = 1 kWh → 0.03 + local 0.12 = 0.15 (= 5 kWh × 30, once).
        // B: no local trade, q' = 3 kWh → 0.09 (its ISO fill, paid once through the meter).
        // C: q' = −4 + 4 = 0 → 0, local −0.12.
        // Paying the ISO fills' amounts (A 0.03, B 0.09) on top would pay those kWh twice.
        let c = try LocalMarket.clear(
            orders: [LocalOrder(id: "a", memberID: "A", side: .offer, quantityMicroKWh: F.kwh(5), limitMicroPrice: F.price(10)),
                     LocalOrder(id: "b", memberID: "B", side: .offer, quantityMicroKWh: F.kwh(3), limitMicroPrice: F.price(25)),
                     LocalOrder(id: "c", memberID: "C", side: .bid, quantityMicroKWh: F.kwh(4), limitMicroPrice: F.price(60))],
            outside: Self.band)
        #expect(c.isoTrades.map(\.amount) == [F.usd(0.03), F.usd(0.09)])
        var ledger = LocalMarketLedger(grid: Self.grid)
        ledger.record(c, interval: 0)
        #expect(ledger.memberIDs == ["A", "C"] && ledger.position("B") == nil)
        #expect(ledger.position("A")?.soldMicroKWh == [F.kwh(4)] && ledger.position("A")?.receivedMicroDollars == [120_000])
        let members = Self.members + [DERMember(id: "C", dso: "DSO-L", interface: "SUB-1", kind: .demandResponse, sizeMicroKW: F.kw(100))]
        let agg = try DERAggregation(dso: Self.dso(DSOAllocationPolicy(method: .nodalPassThrough, lineRounding: .microDollar)), members: members)
        var input = DSOSettlementInput(
            grid: Self.grid,
            members: [DSOMemberSeries(memberID: "A", receivedMicroKWh: [F.kwh(5)], deliveredMicroKWh: [0]),
                      DSOMemberSeries(memberID: "B", receivedMicroKWh: [F.kwh(3)], deliveredMicroKWh: [0]),
                      DSOMemberSeries(memberID: "C", receivedMicroKWh: [0], deliveredMicroKWh: [F.kwh(4)])],
            interfaces: [DSOInterfaceSeries(interfaceID: "SUB-1", rtMicroPrice: [F.price(30)])])
        #expect(ledger.apply(to: &input, interfaceID: "SUB-1").isEmpty)
        #expect(input.members[1].localMarket == nil)
        let s = try DSOSettlementEngine.settle(agg, input: input)
        #expect(s.members.map(\.realTimeDeviation) == [F.usd(0.03), F.usd(0.09), .zero])
        #expect(s.members.map(\.net) == [F.usd(0.15), F.usd(0.09), F.usd(-0.12)])
        #expect(s.isoTotal == F.usd(0.12) && s.memberTotal == F.usd(0.12))
        Self.expectInvariants(s)
    }

    @Test("Positions that cannot balance are refused before settling, every problem at once")
    func unbalancedPositionsAreRefused() throws {
        // A sold 1.0 MWh, B bought 0.9 MWh and "sold" −1 µkWh: Σ sold ≠ Σ bought; A received 40.00, B paid 41.00, no fee.
        let agg = try DERAggregation(dso: Self.dso(DSOAllocationPolicy()), members: Self.members)
        var input = Self.input()
        input.members[0].localMarket = DSOLocalPositionSeries(
            soldMicroKWh: [F.mwh(1)], boughtMicroKWh: [0], receivedMicroDollars: [40_000_000], paidMicroDollars: [0])
        input.members[1].localMarket = DSOLocalPositionSeries(
            soldMicroKWh: [-1], boughtMicroKWh: [F.mwh(0.9)], receivedMicroDollars: [0], paidMicroDollars: [41_000_000])
        let e = try #require(throws: DSOSettlementError.self) { try DSOSettlementEngine.settle(agg, input: input) }
        guard case .invalid(let v) = e else {
            Issue.record("expected an input problem, got \(e)")
            return
        }
        #expect(v.problems.map(\.rule) == [.localPositionNegative, .localEnergyUnbalanced, .localMoneyUnbalanced])
        #expect(v.problems.map(\.rule.rawValue) == ["LEM-POSITION-NEGATIVE", "LEM-ENERGY-UNBALANCED", "LEM-MONEY-UNBALANCED"])
        #expect(v.problems[1].subject == "SUB-1" && v.problems[1].found.hasPrefix("1 interval(s) differ"))
        // a fee column that nobody paid is unbalanced money too; a wrong column length is named
        var feeOnly = Self.input()
        feeOnly.interfaces[0].localFeeMicroDollars = [1]
        let e2 = try #require(throws: DSOSettlementError.self) { try DSOSettlementEngine.settle(agg, input: feeOnly) }
        #expect(e2 == .invalid(DSOValidationError(problems: [DSOProblem(
            .localMoneyUnbalanced, subject: "SUB-1",
            expected: "Σ local buyer payments = Σ local seller receipts + DSO local fee (µ$) in every interval",
            found: "1 interval(s) differ, first at \(F.t0)")])))
        var short = Self.input()
        short.members[0].localMarket = .zero(count: 2)
        let e3 = try #require(throws: DSOSettlementError.self) { try DSOSettlementEngine.settle(agg, input: short) }
        if case .invalid(let v3) = e3 { #expect(v3.rules == [.columnLength]) } else { Issue.record("expected DSO-COLUMN-LENGTH") }
    }

    @Test("Tampered lines are named: local money counted twice → LEM-LEDGER-BALANCES; local kWh left in the ISO quantity → LEM-NO-KWH-PAID-TWICE")
    func tamperedLinesAreNamed() throws {
        let agg = try DERAggregation(dso: Self.dso(DSOAllocationPolicy(method: .nodalPassThrough)), members: Self.members)
        let s = try DSOSettlementEngine.settle(agg, input: try Self.withLocalTrade(Self.input(), fee: 0).input)
        #expect(LocalMarketLedger.verify(s).isEmpty)

        // A's statement carries its local sale twice (the bug this rule removes)
        var twice = s
        twice.members[0].net = s.members[0].net + s.members[0].localSales
        let v = LocalMarketLedger.verify(twice)
        #expect(v.map(\.id) == ["LEM-LEDGER-BALANCES"] && v[0].memberID == "A" && v[0].interfaceID == "SUB-1")
        #expect(v[0].description.hasPrefix("LEM-LEDGER-BALANCES VIOLATION [SUB-1/A]"))
        #expect(!RevenueAdequacy.verify(twice).isEmpty)  // and the ISO side no longer adds up either

        // A is still ISO-allocated its full metered 2.0 MWh although it sold 1.0 locally
        var inISO = s
        inISO.members[0].isoAllocatedMicroKWh = s.members[0].netMicroKWh
        let w = LocalMarketLedger.verify(inISO)
        #expect(w.map(\.id) == ["LEM-NO-KWH-PAID-TWICE"] && w[0].memberID == "A")

        // the DSO's local-fee account does not match what buyers paid minus what sellers received
        var fee = s
        fee.interfaces[0].accounts.localFee = Money(cents: 1)
        let x = LocalMarketLedger.verify(fee)
        #expect(x.map(\.id) == ["LEM-LEDGER-BALANCES", "LEM-LEDGER-BALANCES"])
        #expect(x[0].interfaceID == "SUB-1" && x[1].interfaceID == nil)
        #expect(DSOSettlementError.localLedger(x).description.contains("LEM-LEDGER-BALANCES VIOLATION [DSO total]"))
    }

    // MARK: property test

    /// A random book per interface and interval over that interface's members: each member 0–2 orders, bids
    /// below and offers at or above a private threshold (no member crosses itself), prices may be negative.
    static func randomBook(_ r: inout DSOSplitMix64, members: [String], interval t: Int) -> [LocalOrder] {
        var orders: [LocalOrder] = []
        for m in members {
            let threshold = r.int(F.price(-40)...F.price(160))
            for k in 0..<Int(r.int(0...2)) {
                let side: LocalOrderSide = r.chance(50) ? .bid : .offer
                let p = side == .bid ? threshold - r.int(1...F.price(60)) : threshold + r.int(0...F.price(60))
                orders.append(LocalOrder(id: "\(m)-\(t)-\(k)", memberID: m, side: side,
                                         quantityMicroKWh: r.int(1...F.kwh(400)), limitMicroPrice: p))
            }
        }
        return orders
    }

    @Test("Property (50 seeded portfolios × 14 policies, random books cleared per interval): both ledgers balance, Σ q' = Σ q, ISO→A and the F5.5 fee unchanged, every line recomputed independently",
          arguments: DSORevenueAdequacyTests.policies)
    func randomBooksBalance(policy: DSOAllocationPolicy) throws {
        var tradesSeen = 0
        for seed in UInt64(1)...50 {
            let c = DSORevenueAdequacyTests.randomCase(seed: seed, policy: policy)
            var r = DSOSplitMix64(seed: seed &* 7919)
            let grid = c.input.grid
            let n = grid.count
            let settings = LocalMarketSettings(
                enabled: true, feeMicroDollarsPerMWh: r.chance(50) ? 0 : r.int(0...F.price(6)),
                lineRounding: r.chance(50) ? .microDollar : .cent)
            var input = c.input
            // independent of the ledger: per member, sold/bought/received/paid per interval from the trade lists
            var sold: [String: [Int64]] = [:], bought: [String: [Int64]] = [:]
            var received: [String: Int64] = [:], paid: [String: Int64] = [:]
            var feeByInterface: [String: Int64] = [:]
            for itf in c.aggregation.dso.interfaces {
                let mine = c.aggregation.members.filter { $0.interface == itf.id }.map(\.id)
                var ledger = LocalMarketLedger(grid: grid)
                for t in 0..<n {
                    let sell = r.int(F.price(-20)...F.price(90))
                    let outside = LocalOutsideOption(isoBuyMicroPrice: sell + r.int(0...F.price(60)), isoSellMicroPrice: sell)
                    let clearing = try LocalMarket.clear(
                        orders: Self.randomBook(&r, members: mine, interval: t), outside: outside, settings: settings,
                        members: Set(mine))
                    #expect(clearing.check.status == .pass)
                    ledger.record(clearing, interval: t)
                    for tr in clearing.trades {
                        sold[tr.sellerID, default: [Int64](repeating: 0, count: n)][t] += tr.quantityMicroKWh
                        bought[tr.buyerID, default: [Int64](repeating: 0, count: n)][t] += tr.quantityMicroKWh
                        received[tr.sellerID, default: 0] += tr.sellerReceives.micros
                        paid[tr.buyerID, default: 0] += tr.buyerPays.micros
                        feeByInterface[itf.id, default: 0] += tr.fee.micros
                        tradesSeen += 1
                    }
                }
                #expect(ledger.apply(to: &input, interfaceID: itf.id).isEmpty)
            }
            let without = try DSOSettlementEngine.settle(c.aggregation, input: c.input)
            let s = try DSOSettlementEngine.settle(c.aggregation, input: input)
            Self.expectInvariants(s)

            let rounding = policy.lineRounding
            for (k, i) in s.interfaces.enumerated() {
                let w = without.interfaces[k]
                // F5.2 untouched: the same ISO→A, DA and RT lines
                #expect(i.isoDayAhead == w.isoDayAhead && i.isoRealTime == w.isoRealTime && i.isoTotal == w.isoTotal, "seed \(seed)")
                let lines = s.members.filter { $0.interfaceID == i.interfaceID }
                // Σ q' = Σ q = q^A over the period
                #expect(lines.reduce(Int64(0)) { $0 + $1.isoAllocatedMicroKWh } == i.netInjectionMicroKWh, "seed \(seed)")
                #expect(lines.reduce(Int64(0)) { $0 + $1.localSoldMicroKWh } == lines.reduce(Int64(0)) { $0 + $1.localBoughtMicroKWh })
                // the ledger balances against the trades themselves
                #expect(i.accounts.localFee.micros == feeByInterface[i.interfaceID, default: 0], "seed \(seed)")
                #expect(i.localBuyersPaid.micros == i.localSellersReceived.micros + (feeByInterface[i.interfaceID] ?? 0))
            }
            for (j, m) in s.members.enumerated() {
                let w = without.members[j]
                let series = c.input.members.first { $0.memberID == m.memberID }!
                let itf = c.input.interfaces.first { $0.interfaceID == m.interfaceID }!
                let soldCol = sold[m.memberID] ?? [Int64](repeating: 0, count: n)
                let boughtCol = bought[m.memberID] ?? [Int64](repeating: 0, count: n)
                #expect(m.localSoldMicroKWh == soldCol.reduce(0, +) && m.localBoughtMicroKWh == boughtCol.reduce(0, +))
                #expect(m.localSales.micros == received[m.memberID, default: 0] && m.localPurchases.micros == -paid[m.memberID, default: 0])
                // F5.5 stays on the metered flows, F5.4's DA line does not see the local market
                #expect(m.fee == w.fee && m.feeBasisMicroKWh == w.feeBasisMicroKWh && m.dayAhead == w.dayAhead, "seed \(seed) \(m.memberID)")
                // q' recomputed here from the trade lists, and the RT / DLMP line from it
                var exactRT: Int128 = 0
                var exactDLMP: Int128 = 0
                var qSum: Int64 = 0
                for t in 0..<n {
                    let q = series.receivedMicroKWh[t] - series.deliveredMicroKWh[t] - soldCol[t] + boughtCol[t]
                    qSum += q
                    let qDA = Int128(series.daScheduleMicroMW?[t] ?? 0) * Int128(grid.seconds) * 1000
                    exactRT += (Int128(q) * 3600 - qDA) * Int128(itf.rtMicroPrice[t])
                    exactDLMP += Int128(q) * 3600 * Int128(series.dlmpMicroPrice![t])
                }
                #expect(m.isoAllocatedMicroKWh == qSum, "seed \(seed) \(m.memberID)")
                if policy.method == .distributionLMP {
                    #expect(m.distributionLMPEnergy == rounding.line(exactDLMP), "seed \(seed) \(m.memberID)")
                } else {
                    #expect(m.realTimeDeviation == rounding.line(exactRT), "seed \(seed) \(m.memberID)")
                }
            }
        }
        #expect(tradesSeen > 200)
    }
}
