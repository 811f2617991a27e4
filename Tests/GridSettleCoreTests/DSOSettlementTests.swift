import GridSettleCore
import Testing

/// Research settlement_rules.md §5.2, Example D1 (F5.1–F5.6), reproduced to the cent and exactly in µ$, plus
/// the schedule-split residual policies, the fee basis and input validation.
///
/// D1: three DERs behind one interface, one hour; DA λ $45, RT λ $50; fee $3/MWh.
///
/// | DER | DA sched | metered net | DA $ | RT dev $ | fee $ | net $ |
/// |---|---|---|---|---|---|---|
/// | A | +1.6 | +2.0 | 72.00 | +20.00 | −6.00 | 86.00 |
/// | B | −1.2 | −1.5 | −54.00 | −15.00 | −4.50 | −73.50 |
/// | C | +0.4 | +0.5 | 18.00 | +5.00 | −1.50 | 21.50 |
///
/// "Gross flow" in D1: the table gives only the metered net per hour, so each member's channels are taken as
/// one-directional (A rec 2.0, del 0; B rec 0, del 1.5; C rec 0.5, del 0). F5.5's `rec + del` is then the net
/// magnitude: A 2.0 MWh × $3 = $6.00, B 1.5 → $4.50, C 0.5 → $1.50, Σ $12.00. With two-way flow inside the
/// hour the two bases differ (test `grossVersusNetFeeBasis`).
@Suite("DSO settlement: Example D1 and allocation policies (F5.1–F5.6)")
struct DSOSettlementTests {
    typealias F = DSOFixtures
    static let grid = IntervalGrid(start: F.t0, seconds: 3600, count: 1)

    static func dso(_ allocation: DSOAllocationPolicy) -> DSO {
        DSO(id: "DSO-D1", name: "Example D1", interfaces: [DSOInterface(id: "SUB-1", pricingNode: "NODE_1", subLAP: "SLAP_SCEW")],
            allocation: allocation)
    }

    static let members = [
        DERMember(id: "A", dso: "DSO-D1", interface: "SUB-1", kind: .storage, sizeMicroKW: F.kw(2000)),
        DERMember(id: "B", dso: "DSO-D1", interface: "SUB-1", kind: .v2gFleet, sizeMicroKW: F.kw(1500)),
        DERMember(id: "C", dso: "DSO-D1", interface: "SUB-1", kind: .pv, sizeMicroKW: F.kw(500)),
    ]

    /// D1's data: `aDA` lets a test break the schedule split; `dlmp` adds the DLMP variant's prices.
    static func input(aDA: Double = 1.6, interfaceDA: Double? = 0.8, dlmp: Bool = false, aRec: Double = 2.0, aDel: Double = 0)
        -> DSOSettlementInput
    {
        func m(_ id: String, rec: Double, del: Double, da: Double, dlmp price: Double) -> DSOMemberSeries {
            DSOMemberSeries(memberID: id, receivedMicroKWh: [F.mwh(rec)], deliveredMicroKWh: [F.mwh(del)],
                            daScheduleMicroMW: [F.mw(da)], dlmpMicroPrice: dlmp ? [F.price(price)] : nil)
        }
        return DSOSettlementInput(
            grid: grid,
            members: [m("A", rec: aRec, del: aDel, da: aDA, dlmp: 48), m("B", rec: 0, del: 1.5, da: -1.2, dlmp: 53),
                      m("C", rec: 0.5, del: 0, da: 0.4, dlmp: 49)],
            interfaces: [DSOInterfaceSeries(interfaceID: "SUB-1", daScheduleMicroMW: interfaceDA.map { [F.mw($0)] },
                                            daMicroPrice: [F.price(45)], rtMicroPrice: [F.price(50)])])
    }

    static let feePolicy = DSOAllocationPolicy(method: .feeOnGrossFlows, feeMicroDollarsPerMWh: F.price(3))

    @Test("D1 nodal pass-through with the $3/MWh gross fee: A 86.00, B −73.50, C 21.50, Σ 34.00, fee 12.00, ISO→A 46.00",
          arguments: DSOLineRounding.allCases)
    func exampleD1PassThroughWithFee(rounding: DSOLineRounding) throws {
        var policy = Self.feePolicy
        policy.lineRounding = rounding
        let agg = try DERAggregation(dso: Self.dso(policy), members: Self.members)
        let s = try DSOSettlementEngine.settle(agg, input: Self.input())
        let a = try #require(s.member("A")), b = try #require(s.member("B")), c = try #require(s.member("C"))
        // exactly in µ$
        #expect([a.dayAhead, a.realTimeDeviation, a.fee, a.net].map(\.micros) == [72_000_000, 20_000_000, -6_000_000, 86_000_000])
        #expect([b.dayAhead, b.realTimeDeviation, b.fee, b.net].map(\.micros) == [-54_000_000, -15_000_000, -4_500_000, -73_500_000])
        #expect([c.dayAhead, c.realTimeDeviation, c.fee, c.net].map(\.micros) == [18_000_000, 5_000_000, -1_500_000, 21_500_000])
        // to the cent, as the table prints
        #expect([a.net, b.net, c.net].map(\.description) == ["86.00", "-73.50", "21.50"])
        #expect(s.memberTotal == Money(cents: 3400))
        #expect(s.accounts.fee == Money(cents: 1200))
        #expect(s.accounts.residual == .zero && s.accounts.rounding == .zero)
        let i = s.interfaces[0]
        #expect(i.isoDayAhead == Money(cents: 3600) && i.isoRealTime == Money(cents: 1000) && i.isoTotal == Money(cents: 4600))
        // F5.1: q^A = 2.0 − 1.5 + 0.5 = 1.0 MWh; F5.3 holds
        #expect(i.netInjectionMicroKWh == F.mwh(1.0) && s.netInjection.value(interface: 0, interval: 0) == F.mwh(1.0))
        #expect(i.daScheduleMicroKWh == F.mwh(0.8))
        #expect([a.feeBasisMicroKWh, b.feeBasisMicroKWh, c.feeBasisMicroKWh] == [F.mwh(2.0), F.mwh(1.5), F.mwh(0.5)])
        #expect(s.revenueAdequacy.status == .pass && s.revenueAdequacy.id == "DSO-REVENUE-ADEQUACY")
        #expect(RevenueAdequacy.verify(s).isEmpty)
        #expect(s.memberTotal + s.accounts.fee + s.accounts.residual == s.isoTotal)
    }

    @Test("D1 plain nodal pass-through (no fee): members get the whole ISO→A, A 92.00, B −69.00, C 23.00, Σ 46.00")
    func exampleD1PassThroughNoFee() throws {
        let agg = try DERAggregation(dso: Self.dso(DSOAllocationPolicy(method: .nodalPassThrough)), members: Self.members)
        let s = try DSOSettlementEngine.settle(agg, input: Self.input())
        #expect(s.members.map(\.net) == [Money(cents: 9200), Money(cents: -6900), Money(cents: 2300)])
        #expect(s.memberTotal == Money(cents: 4600) && s.isoTotal == Money(cents: 4600) && s.accounts.total == .zero)
    }

    @Test("D1 DLMP variant (RT only; DLMP A 48, B 53, C 49): Σ pay 41.00, ISO 50.00, DSO residual 9.00", arguments: DSOLineRounding.allCases)
    func exampleD1DistributionLMP(rounding: DSOLineRounding) throws {
        let agg = try DERAggregation(
            dso: Self.dso(DSOAllocationPolicy(method: .distributionLMP, lineRounding: rounding)), members: Self.members)
        let s = try DSOSettlementEngine.settle(agg, input: Self.input(interfaceDA: nil, dlmp: true))
        // 2.0·48 = 96.00, −1.5·53 = −79.50, 0.5·49 = 24.50
        #expect(s.members.map(\.distributionLMPEnergy.micros) == [96_000_000, -79_500_000, 24_500_000])
        #expect(s.members.map(\.net) == s.members.map(\.distributionLMPEnergy))
        #expect(s.members.allSatisfy { $0.dayAhead == .zero && $0.realTimeDeviation == .zero && $0.fee == .zero })
        #expect(s.memberTotal.micros == 41_000_000)
        #expect(s.isoTotal.micros == 50_000_000 && s.interfaces[0].isoRealTime.micros == 50_000_000)
        #expect(s.accounts.distributionResidual.micros == 9_000_000 && s.accounts.rounding == .zero)
        #expect(s.accounts.residual.description == "9.00")
    }

    @Test("DLMP with the DA position kept: ISO→A 46.00, so the DSO residual is 46.00 − 41.00 = 5.00")
    func distributionLMPWithDAPosition() throws {
        let agg = try DERAggregation(dso: Self.dso(DSOAllocationPolicy(method: .distributionLMP)), members: Self.members)
        let s = try DSOSettlementEngine.settle(agg, input: Self.input(dlmp: true))
        #expect(s.isoTotal == Money(cents: 4600) && s.memberTotal == Money(cents: 4100))
        #expect(s.accounts.distributionResidual == Money(cents: 500))
    }

    // Schedule split: A's DA share is 1.5 instead of 1.6, so Σ q^DA_i = 0.7 ≠ q^A,DA = 0.8 and
    // ISO→A − Σ Pay = (0.8 − 0.7)·(45 − 50) = −$0.50.
    // |deviation|: A |2.0 − 1.5| = 0.5, B |−1.5 + 1.2| = 0.3, C |0.5 − 0.4| = 0.1 (Σ 0.9).
    // Shares: A −0.50·5/9 = −0.2777…, B −0.50·3/9 = −0.1666…, C −0.50·1/9 = −0.0555….

    @Test("F5.4 schedule split pro rata to |deviation|: shares −0.28/−0.17/−0.06 to the cent, rounding account +0.01")
    func scheduleSplitProRata() throws {
        let agg = try DERAggregation(dso: Self.dso(Self.feePolicy), members: Self.members)
        let s = try DSOSettlementEngine.settle(agg, input: Self.input(aDA: 1.5))
        #expect(s.members.map(\.scheduleSplitShare) == [Money(cents: -28), Money(cents: -17), Money(cents: -6)])
        // A: 1.5·45 = 67.50 + 0.5·50 = 25.00 − 6.00 − 0.28 = 86.22; B −73.67; C 21.44
        #expect(s.members.map(\.net) == [Money(cents: 8622), Money(cents: -7367), Money(cents: 2144)])
        #expect(s.isoTotal == Money(cents: 4600) && s.accounts.fee == Money(cents: 1200))
        // 86.22 − 73.67 + 21.44 = 33.99; 46.00 − 33.99 − 12.00 = 0.01, booked, not dropped
        #expect(s.accounts.rounding == Money(cents: 1) && s.accounts.scheduleSplitResidual == .zero)
        #expect(s.memberTotal + s.accounts.fee + s.accounts.residual == s.isoTotal)
    }

    @Test("F5.4 schedule split in µ$: −277 778 / −166 667 / −55 556 µ$, rounding account +1 µ$")
    func scheduleSplitProRataMicro() throws {
        var policy = Self.feePolicy
        policy.lineRounding = .microDollar
        let agg = try DERAggregation(dso: Self.dso(policy), members: Self.members)
        let s = try DSOSettlementEngine.settle(agg, input: Self.input(aDA: 1.5))
        #expect(s.members.map(\.scheduleSplitShare.micros) == [-277_778, -166_667, -55_556])
        #expect(s.accounts.rounding.micros == 1)
    }

    @Test("F5.4 schedule split booked to the DSO: members see only their schedules, the DSO books −0.50")
    func scheduleSplitBooked() throws {
        var policy = Self.feePolicy
        policy.scheduleSplitResidual = .bookToDSO
        let agg = try DERAggregation(dso: Self.dso(policy), members: Self.members)
        let s = try DSOSettlementEngine.settle(agg, input: Self.input(aDA: 1.5))
        // A: 67.50 + 25.00 − 6.00 = 86.50
        #expect(s.members.map(\.net) == [Money(cents: 8650), Money(cents: -7350), Money(cents: 2150)])
        #expect(s.accounts.scheduleSplitResidual == Money(cents: -50) && s.accounts.rounding == .zero)
        #expect(s.interfaces[0].scheduleSplitBookedIntervals == 1)
        #expect(s.memberTotal + s.accounts.fee + s.accounts.residual == Money(cents: 4600))
    }

    @Test("F5.4 requireMatchingSchedules refuses the mismatch, naming the interface and the interval")
    func scheduleSplitRequired() throws {
        var policy = Self.feePolicy
        policy.scheduleSplitResidual = .requireMatchingSchedules
        let agg = try DERAggregation(dso: Self.dso(policy), members: Self.members)
        #expect(throws: Never.self) { try DSOSettlementEngine.settle(agg, input: Self.input()) }
        do {
            _ = try DSOSettlementEngine.settle(agg, input: Self.input(aDA: 1.5))
            Issue.record("expected a refusal")
        } catch let DSOSettlementError.invalid(e) {
            #expect(e.problems.map(\.rule) == [.scheduleSplit])
            #expect(e.problems[0].subject == "SUB-1" && e.problems[0].found.contains("1 interval(s) differ"))
        }
    }

    @Test("A split residual with no member deviation to share it by is booked to the DSO, not dropped")
    func scheduleSplitNoDeviation() throws {
        // every member exactly on schedule, but the interface holds 0.9 instead of Σ 0.8: (0.1)·(45 − 50) = −0.50
        let agg = try DERAggregation(dso: Self.dso(DSOAllocationPolicy()), members: Self.members)
        var input = Self.input(interfaceDA: 0.9)
        input.members = [
            DSOMemberSeries(memberID: "A", receivedMicroKWh: [F.mwh(1.6)], deliveredMicroKWh: [0], daScheduleMicroMW: [F.mw(1.6)]),
            DSOMemberSeries(memberID: "B", receivedMicroKWh: [0], deliveredMicroKWh: [F.mwh(1.2)], daScheduleMicroMW: [F.mw(-1.2)]),
            DSOMemberSeries(memberID: "C", receivedMicroKWh: [F.mwh(0.4)], deliveredMicroKWh: [0], daScheduleMicroMW: [F.mw(0.4)]),
        ]
        let s = try DSOSettlementEngine.settle(agg, input: input)
        #expect(s.accounts.scheduleSplitResidual == Money(cents: -50))
        #expect(s.interfaces[0].scheduleSplitBookedIntervals == 1)
        #expect(s.members.allSatisfy { $0.scheduleSplitShare == .zero })
        // ISO: 0.9·45 + (0.8 − 0.9)·50 = 40.50 − 5.00 = 35.50; members 72 − 54 + 18 = 36.00
        #expect(s.isoTotal == Money(cents: 3550) && s.memberTotal == Money(cents: 3600))
    }

    @Test("F5.5 fee basis: A receives 2.5 and takes 0.5 within the hour — gross $9.00, net-magnitude $6.00")
    func grossVersusNetFeeBasis() throws {
        for (basis, expected) in [(FeeBasis.grossChannels, Int64(-900)), (.netMagnitude, -600)] {
            var policy = Self.feePolicy
            policy.feeBasis = basis
            let agg = try DERAggregation(dso: Self.dso(policy), members: Self.members)
            let s = try DSOSettlementEngine.settle(agg, input: Self.input(aRec: 2.5, aDel: 0.5))
            #expect(s.member("A")?.fee == Money(cents: expected))
            #expect(s.member("A")?.net == Money(cents: 7200 + 2000 + expected))  // the net 2.0 settles as before
            #expect(s.memberTotal + s.accounts.fee == s.isoTotal)
        }
    }

    @Test("Input problems are all named at once, each with what was expected")
    func inputProblemsAllAtOnce() throws {
        let policy = DSOAllocationPolicy(method: .distributionLMP, feeMicroDollarsPerMWh: F.price(3))
        let agg = try DERAggregation(dso: Self.dso(policy), members: Self.members)
        let input = DSOSettlementInput(
            grid: Self.grid,
            members: [
                DSOMemberSeries(memberID: "A", receivedMicroKWh: [1, 2], deliveredMicroKWh: [0], dlmpMicroPrice: [1]),
                DSOMemberSeries(memberID: "B", receivedMicroKWh: [0], deliveredMicroKWh: [-5]),
                DSOMemberSeries(memberID: "Z", receivedMicroKWh: [0], deliveredMicroKWh: [0]),
            ],
            interfaces: [DSOInterfaceSeries(interfaceID: "SUB-1", daScheduleMicroMW: [1], rtMicroPrice: [F.price(50)])])
        do {
            _ = try DSOSettlementEngine.settle(agg, input: input)
            Issue.record("expected a refusal")
        } catch let DSOSettlementError.invalid(e) {
            #expect(e.rules == [.feeWithoutFeeMethod, .memberSeriesUnknown, .columnLength, .channelNegative, .dlmpMissing,
                                .memberSeriesMissing, .priceMissing])
            let length = try #require(e.problems.first { $0.rule == .columnLength })
            #expect(length.subject == "A" && length.expected == "1 values of received" && length.found == "2")
            #expect(e.description.contains("DSO-FEE-WITHOUT-FEE-METHOD [DSO-D1]: expected method feeOnGrossFlows"))
        }
    }

    @Test("Hourly DA values repeat onto a 5-minute grid; a misaligned coarse grid is refused")
    func repeatValues() {
        let hour = IntervalGrid(start: F.t0, seconds: 3600, count: 2)
        let fine = IntervalGrid(start: F.t0, seconds: 300, count: 24)
        let out = DSOSettlementInput.repeatValues([7, 9], from: hour, onto: fine)
        #expect(out.map(Array.init) == Array(repeating: 7, count: 12) + Array(repeating: 9, count: 12))
        #expect(DSOSettlementInput.repeatValues([7, 9], from: hour, onto: IntervalGrid(start: F.t0, seconds: 300, count: 12)) == nil)
        // a DA schedule given as MWh per interval: 0.25 MWh in 15 minutes is 1 MW; −0.000001 MWh in 5 minutes is −12 µMW
        #expect(DSOQuantities.microMW(microMWh: 250_000, seconds: 900) == 1_000_000)
        #expect(DSOQuantities.microMW(microMWh: -1, seconds: 300) == -12)
        #expect(DSOQuantities.microMW(microMWh: 1, seconds: 7) == nil)
    }

    @Test("Allocation policy defaults and their statement names")
    func policyDefaults() throws {
        let p = DSOAllocationPolicy()
        #expect(p.method == .nodalPassThrough && p.feeBasis == .grossChannels && p.scheduleSplitResidual == .proRataToAbsoluteDeviation
                && p.lineRounding == .cent && p.feeMicroDollarsPerMWh == 0)
        #expect(p.summary.map(\.name) == ["dsoAllocationMethod", "dsoFeeMicroDollarsPerMWh", "dsoFeeBasis",
                                          "dsoScheduleSplitResidual", "dsoLineRounding"])
    }
}
