import GridSettleCore
import Testing

/// F5.3 across seeded random portfolios, for every allocation method and split policy: the identity
/// `Σ pay + fee + residual == ISO→A` holds exactly in µ$, ISO→A agrees with an independent evaluation of
/// F5.2, and a broken settlement is named.
@Suite("DSO revenue adequacy (F5.3) on seeded random portfolios")
struct DSORevenueAdequacyTests {
    typealias F = DSOFixtures

    struct Case {
        var aggregation: DERAggregation
        var input: DSOSettlementInput
    }

    /// A random DSO: 1–3 interfaces, 1–12 members, 5- or 15-minute intervals, two-way flows, DA schedules
    /// that do not add up, negative prices, DLMPs.
    static func randomCase(seed: UInt64, policy: DSOAllocationPolicy) -> Case {
        var r = DSOSplitMix64(seed: seed)
        let interfaceCount = Int(r.int(1...3))
        let interfaces = (0..<interfaceCount).map {
            DSOInterface(id: "SUB-\($0)", pricingNode: "NODE_\($0)", subLAP: "SLAP_1")
        }
        let memberCount = Int(r.int(1...12))
        let kinds = DERKind.allCases
        let members = (0..<memberCount).map { k in
            DERMember(id: "M\(k)", dso: "DSO-R", interface: "SUB-\(r.int(0...Int64(interfaceCount - 1)))",
                      kind: kinds[Int(r.int(0...3))], sizeMicroKW: r.int(F.kw(100)...F.kw(1500)))
        }
        let dso = DSO(id: "DSO-R", name: "random", interfaces: interfaces, allocation: policy)
        let aggregation = try! DERAggregation(dso: dso, members: members)
        let seconds: Int64 = r.chance(50) ? 300 : 900
        let n = Int(r.int(1...36))
        let grid = IntervalGrid(start: F.t0, seconds: seconds, count: n)
        func column(_ range: ClosedRange<Int64>, zeroPercent: Int64 = 0) -> ContiguousArray<Int64> {
            ContiguousArray((0..<n).map { _ in r.chance(zeroPercent) ? 0 : r.int(range) })
        }
        let maxEnergy = F.kwh(600)  // up to 2.4 MW over 15 minutes, µkWh with all six decimals
        let series = members.map { m in
            DSOMemberSeries(
                memberID: m.id, receivedMicroKWh: column(0...maxEnergy, zeroPercent: 40),
                deliveredMicroKWh: column(0...maxEnergy, zeroPercent: 40),
                daScheduleMicroMW: r.chance(70) ? column(-F.mw(2)...F.mw(2), zeroPercent: 20) : nil,
                dlmpMicroPrice: column(F.price(-150)...F.price(900)))
        }
        let ifSeries = interfaces.map { i in
            DSOInterfaceSeries(
                interfaceID: i.id, daScheduleMicroMW: r.chance(80) ? column(-F.mw(10)...F.mw(10)) : nil,
                daMicroPrice: column(F.price(-50)...F.price(300)), rtMicroPrice: column(F.price(-150)...F.price(1000)))
        }
        return Case(aggregation: aggregation, input: DSOSettlementInput(grid: grid, members: series, interfaces: ifSeries))
    }

    static var policies: [DSOAllocationPolicy] {
        var out: [DSOAllocationPolicy] = []
        for rounding in DSOLineRounding.allCases {
            for split in [ScheduleSplitResidual.proRataToAbsoluteDeviation, .bookToDSO] {
                out.append(DSOAllocationPolicy(method: .nodalPassThrough, scheduleSplitResidual: split, lineRounding: rounding))
                for basis in FeeBasis.allCases {
                    out.append(DSOAllocationPolicy(method: .feeOnGrossFlows, feeMicroDollarsPerMWh: 2_718_281, feeBasis: basis,
                                                   scheduleSplitResidual: split, lineRounding: rounding))
                }
            }
            out.append(DSOAllocationPolicy(method: .distributionLMP, lineRounding: rounding))
        }
        return out
    }

    /// F5.2 evaluated independently of the engine: per interface, DA and RT sums of exact products, each
    /// rounded once.
    static func independentISO(_ c: Case, rounding: DSOLineRounding) -> [Money] {
        let n = c.input.grid.count
        let s = Int128(c.input.grid.seconds)
        return c.aggregation.dso.interfaces.map { i in
            let ifs = c.input.interfaces.first { $0.interfaceID == i.id }!
            let mine = c.aggregation.members.filter { $0.interface == i.id }.map { m in c.input.members.first { $0.memberID == m.id }! }
            var da: Int128 = 0
            var rt: Int128 = 0
            for t in 0..<n {
                var q: Int128 = 0
                for m in mine { q += Int128(m.receivedMicroKWh[t] - m.deliveredMicroKWh[t]) * 3600 }  // nMW·s
                let qDA = Int128(ifs.daScheduleMicroMW?[t] ?? 0) * s * 1000
                da += qDA * Int128(ifs.daMicroPrice![t])
                rt += (q - qDA) * Int128(ifs.rtMicroPrice[t])
            }
            return rounding.line(da) + rounding.line(rt)
        }
    }

    @Test("Σ pay + fee + residual == ISO→A exactly (µ$), per interface and in total, for every method on 40 seeded portfolios",
          arguments: policies)
    func identityHolds(policy: DSOAllocationPolicy) throws {
        for seed in UInt64(1)...40 {
            let c = Self.randomCase(seed: seed, policy: policy)
            let s = try DSOSettlementEngine.settle(c.aggregation, input: c.input)
            #expect(s.revenueAdequacy.status == .pass)
            #expect(RevenueAdequacy.verify(s).isEmpty)
            for i in s.interfaces {
                let pay = s.members.filter { $0.interfaceID == i.interfaceID }.reduce(Money.zero) { $0 + $1.net }
                #expect(pay + i.accounts.fee + i.accounts.scheduleSplitResidual + i.accounts.distributionResidual + i.accounts.rounding
                        == i.isoTotal, "seed \(seed) interface \(i.interfaceID)")
                // every line is a whole number of line units, and rounding is at most ½ unit per rounded line
                #expect(i.accounts.rounding.micros % policy.lineRounding.microDollars == 0)
                #expect(i.accounts.rounding.micros.magnitude * 2 <= UInt64((4 + 5 * i.memberIDs.count)) * UInt64(policy.lineRounding.microDollars))
            }
            #expect(s.members.allSatisfy { $0.net.micros % policy.lineRounding.microDollars == 0 })
            #expect(s.interfaces.map(\.isoTotal) == Self.independentISO(c, rounding: policy.lineRounding), "seed \(seed)")
            #expect(s.memberTotal + s.accounts.fee + s.accounts.residual == s.isoTotal)
            // the fee account is exactly what members were charged, and only the fee method charges
            #expect(s.accounts.fee == Money.zero - s.members.reduce(Money.zero) { $0 + $1.fee })
            if policy.method != .feeOnGrossFlows { #expect(s.accounts.fee == .zero) }
            if policy.method != .distributionLMP { #expect(s.accounts.distributionResidual == .zero) }
            if policy.scheduleSplitResidual == .bookToDSO { #expect(s.members.allSatisfy { $0.scheduleSplitShare == .zero }) }
            // F5.1: the interface column is Σ (rec − del) of its members
            for (k, i) in s.interfaces.enumerated() {
                let expected = c.input.members.filter { i.memberIDs.contains($0.memberID) }
                    .reduce(Int64(0)) { $0 + $1.receivedMicroKWh.reduce(0, +) - $1.deliveredMicroKWh.reduce(0, +) }
                #expect(s.netInjection.total(interface: k) == expected && i.netInjectionMicroKWh == expected)
            }
        }
    }

    @Test("Pass-through with matching schedules leaves nothing to split: members + fee == ISO→A up to line rounding")
    func matchingSchedulesNoResidual() throws {
        var policy = DSOAllocationPolicy(method: .feeOnGrossFlows, feeMicroDollarsPerMWh: 1_000_000, lineRounding: .microDollar)
        policy.scheduleSplitResidual = .requireMatchingSchedules
        for seed in UInt64(100)...120 {
            var c = Self.randomCase(seed: seed, policy: policy)
            // make each interface's DA schedule the sum of its members'
            for k in c.input.interfaces.indices {
                let id = c.input.interfaces[k].interfaceID
                let mine = c.aggregation.members.filter { $0.interface == id }.map(\.id)
                var sum = ContiguousArray<Int64>(repeating: 0, count: c.input.grid.count)
                for m in c.input.members where mine.contains(m.memberID) {
                    if let d = m.daScheduleMicroMW { for t in sum.indices { sum[t] += d[t] } }
                }
                c.input.interfaces[k].daScheduleMicroMW = sum
            }
            let s = try DSOSettlementEngine.settle(c.aggregation, input: c.input)
            #expect(s.accounts.scheduleSplitResidual == .zero && s.members.allSatisfy { $0.scheduleSplitShare == .zero })
            #expect(s.accounts.rounding.micros.magnitude <= UInt64(2 + 5 * c.aggregation.members.count))
        }
    }

    @Test("A settlement that does not add up is named: DSO-REVENUE-ADEQUACY with the interface and both sides")
    func violationIsNamed() throws {
        let c = Self.randomCase(seed: 3, policy: DSOAllocationPolicy(method: .feeOnGrossFlows, feeMicroDollarsPerMWh: 3_000_000))
        var s = try DSOSettlementEngine.settle(c.aggregation, input: c.input)
        let victim = s.members[0]
        s.members[0].net = victim.net + Money(cents: 1)
        let v = RevenueAdequacy.verify(s)
        #expect(v.count == 2)  // the member's interface, and the DSO total
        #expect(v[0].id == "DSO-REVENUE-ADEQUACY" && v[0].interfaceID == victim.interfaceID)
        #expect(v[0].allocated == v[0].isoToA + Money(cents: 1))
        #expect(v[0].description.hasPrefix("DSO-REVENUE-ADEQUACY VIOLATION [\(victim.interfaceID)]"))
        #expect(v[1].interfaceID == nil)
        let error = DSOSettlementError.revenueAdequacy(v)
        #expect(error.description.contains("DSO-REVENUE-ADEQUACY VIOLATION"))
    }
}
