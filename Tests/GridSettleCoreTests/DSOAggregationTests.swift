import Foundation
import GridSettleCore
import Testing

/// Research §3.9 (DERP / DERA), §5.3 (Order 2222) and F3.13 / F5.7: the aggregation rules as named
/// policies, GDF defaults, Example C3 and Example T1.
@Suite("DSO aggregation rules, GDFs, F3.13 (Example C3) and F5.7 (Example T1)")
struct DSOAggregationTests {
    typealias F = DSOFixtures

    static func dso(_ interfaces: [DSOInterface], rules: AggregationRules = AggregationRules()) -> DSO {
        DSO(id: "DSO-X", name: "X", interfaces: interfaces, aggregation: rules)
    }
    static let subA = DSOInterface(id: "SUB-A", pricingNode: "NODE_A", subLAP: "SLAP_PGF1")
    static let subB = DSOInterface(id: "SUB-B", pricingNode: "NODE_B", subLAP: "SLAP_PGF1")
    static let subC = DSOInterface(id: "SUB-C", pricingNode: "NODE_C", subLAP: "SLAP_PGF1")
    static let subOther = DSOInterface(id: "SUB-Z", pricingNode: "NODE_Z", subLAP: "SLAP_PGEB")

    static func member(_ id: String, _ interface: String = "SUB-A", kw: Double = 100, btm: Bool = true, gdf: Int64? = nil,
                       dso: String = "DSO-X") -> DERMember {
        DERMember(id: id, dso: dso, interface: interface, kind: .storage, sizeMicroKW: F.kw(kw), behindTheMeter: btm, gdfMillionths: gdf)
    }

    @Test("Example C3: GDF 0.5/0.3/0.2 × λ 40/42/38 = 40.20 $/MWh; 2 MW × 5 min = 0.166667 MWh (display) → $6.70")
    func exampleC3() throws {
        let lambda = AggregatePrice(distributionFactors: [500_000, 300_000, 200_000],
                                    microPrices: [F.price(40), F.price(42), F.price(38)])
        #expect(lambda.microPrice == 40_200_000 && lambda.isExact && lambda.description == "40.200000")
        // 2 MW · 300 s = 600 MW·s = 0.1666… MWh, shown rounded half away from zero to six decimals
        let shown = AggregatePrice.displayMicroMWh(microMW: F.mw(2), seconds: 300)
        #expect(shown == 166_667 && FixedPointFormat.decimal(shown, scale: 6, fractionDigits: 6) == "0.166667")
        // the money comes from the exact MW·s: 2 × 300/3600 × 40.2 = 6.7 exactly (0.166667 × 40.2 would give 6.700013)
        #expect(lambda.amount(microMW: F.mw(2), seconds: 300, rounding: .microDollar) == Money(micros: 6_700_000))
        #expect(lambda.amount(microMW: F.mw(2), seconds: 300, rounding: .cent).description == "6.70")
        // the same through an aggregation of three members at three pricing nodes in one sub-LAP
        let agg = try DERAggregation(
            dso: Self.dso([Self.subA, Self.subB, Self.subC]),
            members: [Self.member("M1", "SUB-A", kw: 250, gdf: 500_000), Self.member("M2", "SUB-B", kw: 150, gdf: 300_000),
                      Self.member("M3", "SUB-C", kw: 100, gdf: 200_000)])
        #expect(agg.gdfSource == .explicit && agg.pricingNodes == ["NODE_A", "NODE_B", "NODE_C"])
        let viaAgg = try #require(agg.aggregatePrice(nodePrices: ["NODE_A": F.price(40), "NODE_B": F.price(42), "NODE_C": F.price(38)]))
        #expect(viaAgg == lambda)
        #expect(agg.aggregatePrice(nodePrices: ["NODE_A": F.price(40)]) == nil)
    }

    @Test("F3.13 keeps a non-integral λ^agg exact until the line: GDF 1/3 each of 10, 10, 11 µ$/MWh")
    func aggregatePriceExact() {
        let p = AggregatePrice(distributionFactors: [333_334, 333_333, 333_333], microPrices: [10, 10, 11])
        #expect(!p.isExact && p.numerator == 10_333_333 && p.microPrice == 10)
    }

    @Test("Example T1 (F5.7): Pw 0.040 $/kWh, s 1.25, d 0.030 $/kWh → Pr 0.080 $/kWh; inverse returns 0.040")
    func exampleT1() {
        let c = RetailPriceConversion(scaleMillionths: 1_250_000, distributionRateMicroPerMWh: F.price(30))
        #expect(c.retail(wholesaleMicroPrice: F.price(40)) == F.price(80))
        #expect(c.wholesale(retailMicroPrice: F.price(80)) == F.price(40))
        let band = LocalOutsideOption.retail(wholesaleMicroPrice: F.price(40), conversion: c)
        #expect(band.isoBuyMicroPrice == F.price(80) && band.isoSellMicroPrice == F.price(40))
    }

    @Test("Default GDFs are pro rata to size in millionths and sum to exactly 1 000 000; leftovers to the largest remainders, ties to the earlier member")
    func defaultGDFs() throws {
        #expect(DERAggregation.proRataGDFs(sizesMicroKW: [F.kw(100), F.kw(100), F.kw(100)]) == [333_334, 333_333, 333_333])
        #expect(DERAggregation.proRataGDFs(sizesMicroKW: [F.kw(200), F.kw(100)]) == [666_667, 333_333])
        // 1/7, 2/7, 4/7 of 10⁶: 142857.14, 285714.29, 571428.57 → floors 142857, 285714, 571428 (Σ 999999);
        // the one left goes to the largest remainder (4/7's .57)
        #expect(DERAggregation.proRataGDFs(sizesMicroKW: [1, 2, 4]) == [142_857, 285_714, 571_429])
        let agg = try DERAggregation(dso: Self.dso([Self.subA]),
                                     members: [Self.member("P", kw: 60), Self.member("Q", kw: 30), Self.member("R", kw: 10)])
        #expect(agg.gdfSource == .proRataToSize && agg.distributionFactors == [600_000, 300_000, 100_000])
        #expect(agg.totalSizeMicroKW == F.kw(100))
        var rng = DSOSplitMix64(seed: 7)
        for _ in 0..<200 {
            let sizes = (0..<Int(rng.int(1...12))).map { _ in rng.int(1...F.kw(5000)) }
            let g = DERAggregation.proRataGDFs(sizesMicroKW: sizes)
            #expect(g.reduce(0, +) == 1_000_000)
            for k in sizes.indices {  // each within one millionth of its exact share
                let exact = Double(sizes[k]) * 1e6 / Double(sizes.reduce(0, +))
                #expect(abs(Double(g[k]) - exact) < 1.000001)
            }
        }
    }

    @Test("Minimum aggregate size: 100 kW (Order 2222, default) or 500 kW (DERP 2016), named with what was expected")
    func minimumSize() throws {
        let small = [Self.member("P", kw: 60), Self.member("Q", kw: 30)]
        let e = try #require(throws: DSOValidationError.self) { try DERAggregation(dso: Self.dso([Self.subA]), members: small) }
        #expect(e.problems == [DSOProblem(.minimumAggregateSize, subject: "DSO-X", expected: "Σ size ≥ 100.000 kW (order2222)",
                                          found: "90.000 kW")])
        let mid = [Self.member("P", kw: 300), Self.member("Q", kw: 100)]
        #expect(throws: Never.self) { try DERAggregation(dso: Self.dso([Self.subA]), members: mid) }
        let derp = AggregationRules(minimumSize: .derp2016)
        let e2 = try #require(throws: DSOValidationError.self) { try DERAggregation(dso: Self.dso([Self.subA], rules: derp), members: mid) }
        #expect(e2.problems.map(\.expected) == ["Σ size ≥ 500.000 kW (derp2016)"])
        let custom = AggregationRules(minimumSize: .custom)
        let e3 = try #require(throws: DSOValidationError.self) { try DERAggregation(dso: Self.dso([Self.subA], rules: custom), members: mid) }
        #expect(e3.rules == [.minimumSizeUnset])
        let custom50 = AggregationRules(minimumSize: .custom, customMinimumMicroKW: F.kw(50))
        #expect(throws: Never.self) { try DERAggregation(dso: Self.dso([Self.subA], rules: custom50), members: small) }
    }

    @Test("BTM members must share one sub-LAP; a front-of-meter member elsewhere is allowed; the policy can be turned off")
    func oneSubLAP() throws {
        let members = [Self.member("P", "SUB-A", kw: 300), Self.member("Q", "SUB-Z", kw: 300)]
        let e = try #require(throws: DSOValidationError.self) {
            try DERAggregation(dso: Self.dso([Self.subA, Self.subOther]), members: members)
        }
        #expect(e.problems == [DSOProblem(.btmSingleSubLAP, subject: "DSO-X", expected: "all BTM members in one sub-LAP",
                                          found: "SLAP_PGF1: P; SLAP_PGEB: Q")])
        let fom = [Self.member("P", "SUB-A", kw: 300), Self.member("Q", "SUB-Z", kw: 300, btm: false)]
        #expect(throws: Never.self) { try DERAggregation(dso: Self.dso([Self.subA, Self.subOther]), members: fom) }
        var off = AggregationRules()
        off.btmSingleSubLAP = false
        #expect(throws: Never.self) { try DERAggregation(dso: Self.dso([Self.subA, Self.subOther], rules: off), members: members) }
    }

    @Test("GDF rules: explicit GDFs must sum to exactly 1, lie in [0, 1], be on all members or none; 'required' forbids defaults")
    func gdfRules() throws {
        let dso = Self.dso([Self.subA])
        let sum = [Self.member("P", kw: 300, gdf: 600_000), Self.member("Q", kw: 300, gdf: 399_999)]
        let e1 = try #require(throws: DSOValidationError.self) { try DERAggregation(dso: dso, members: sum) }
        #expect(e1.problems == [DSOProblem(.gdfSum, subject: "DSO-X", expected: "Σ GDF = 1 (1000000 millionths)", found: "999999 millionths")])
        let partial = [Self.member("P", kw: 300, gdf: 1_000_000), Self.member("Q", kw: 300)]
        let e2 = try #require(throws: DSOValidationError.self) { try DERAggregation(dso: dso, members: partial) }
        #expect(e2.problems.map(\.rule) == [.gdfPartial] && e2.problems[0].found == "GDF on P only")
        let range = [Self.member("P", kw: 300, gdf: 1_200_000), Self.member("Q", kw: 300, gdf: -200_000)]
        let e3 = try #require(throws: DSOValidationError.self) { try DERAggregation(dso: dso, members: range) }
        #expect(e3.problems.map(\.rule) == [.gdfRange, .gdfRange])
        var required = AggregationRules()
        required.gdfDefault = .required
        let e4 = try #require(throws: DSOValidationError.self) {
            try DERAggregation(dso: Self.dso([Self.subA], rules: required), members: [Self.member("P", kw: 300)])
        }
        #expect(e4.rules == [.gdfMissing])
    }

    @Test("Multi-node aggregations are capped at 20 MW by default; a single node is not")
    func multiNodeCap() throws {
        let big = [Self.member("P", "SUB-A", kw: 15_000), Self.member("Q", "SUB-B", kw: 6_000)]
        let e = try #require(throws: DSOValidationError.self) { try DERAggregation(dso: Self.dso([Self.subA, Self.subB]), members: big) }
        #expect(e.rules == [.multiNodeMaximumSize])
        let oneNode = [Self.member("P", "SUB-A", kw: 15_000), Self.member("Q", "SUB-A", kw: 6_000)]
        #expect(throws: Never.self) { try DERAggregation(dso: Self.dso([Self.subA, Self.subB]), members: oneNode) }
    }

    @Test("Every aggregation problem is returned at once")
    func allProblemsAtOnce() {
        let dso = DSO(id: "DSO-X", name: "X", interfaces: [Self.subA, Self.subA, Self.subOther])
        let members = [
            Self.member("P", "SUB-A", kw: 20, gdf: 500_000),
            Self.member("P", "SUB-Q", kw: 0, gdf: 400_000),
            Self.member("R", "SUB-Z", kw: 10, gdf: 2_000_000, dso: "DSO-Y"),
        ]
        let found = DERAggregation.problems(dso: dso, members: members)
        #expect(found.map(\.rule) == [.duplicateInterface, .duplicateMember, .unknownInterface, .sizeNotPositive,
                                      .memberOfOtherDSO, .gdfRange, .minimumAggregateSize, .btmSingleSubLAP, .gdfSum])
        #expect(found.first { $0.rule == .unknownInterface }?.expected == "one of [SUB-A, SUB-A, SUB-Z]")
        #expect(DERAggregation.problems(dso: DSO(id: "E", name: "E", interfaces: []), members: []).map(\.rule)
                == [.noInterfaces, .noMembers, .minimumAggregateSize])
    }

    @Test("A DSO file names only the policies it changes; the rest take their defaults; `null` turns the multi-node cap off")
    func decodesWithDefaults() throws {
        let json = """
            {"id": "DSO-J", "name": "J", "interfaces": [{"id": "S1", "pricingNode": "N1", "subLAP": "L1"}],
             "allocation": {"method": "feeOnGrossFlows", "feeMicroDollarsPerMWh": 3000000},
             "aggregation": {"minimumSize": "derp2016", "multiNodeMaximumMicroKW": null}}
            """
        let dso = try JSONDecoder().decode(DSO.self, from: Data(json.utf8))
        #expect(dso.allocation.method == .feeOnGrossFlows && dso.allocation.feeMicroDollarsPerMWh == 3_000_000)
        #expect(dso.allocation.feeBasis == .grossChannels && dso.allocation.scheduleSplitResidual == .proRataToAbsoluteDeviation
                && dso.allocation.lineRounding == .cent)
        #expect(dso.aggregation.minimumSize == .derp2016 && dso.aggregation.minimumMicroKW == 500_000_000)
        #expect(dso.aggregation.multiNodeMaximumMicroKW == nil && dso.aggregation.btmSingleSubLAP)
        #expect(dso.localMarket == LocalMarketSettings())
        let member = try JSONDecoder().decode(
            DERMember.self, from: Data(#"{"id": "M", "dso": "DSO-J", "interface": "S1", "kind": "v2gFleet", "sizeMicroKW": 655000000}"#.utf8))
        #expect(member.behindTheMeter && member.gdfMillionths == nil && member.kind == .v2gFleet)
        // and back
        let again = try JSONDecoder().decode(DSO.self, from: JSONEncoder().encode(dso))
        #expect(again == dso)
    }

    @Test("Apportion: parts always sum to the total, negatives split symmetrically, zero weights refused")
    func apportion() {
        #expect(Apportion.largestRemainder(-10, weights: [1, 1, 1]) == [-4, -3, -3])
        #expect(Apportion.largestRemainder(10, weights: [0, 0]) == nil)
        #expect(Apportion.largestRemainder(10, weights: [1, -1]) == nil)
        var rng = DSOSplitMix64(seed: 11)
        for _ in 0..<300 {
            let n = Int(rng.int(1...9))
            let weights = (0..<n).map { _ in Int128(rng.int(0...1_000_000_000_000_000)) * Int128(rng.int(1...1_000_000)) }
            guard weights.contains(where: { $0 > 0 }) else { continue }
            let total = Int128(rng.int(-4_000_000_000_000_000_000...4_000_000_000_000_000_000)) * 1_000_000_000_000_000
            let h = Apportion.largestRemainder(total, weights: weights)!
            #expect(h.reduce(0, +) == total)
            var parts = [Int128](repeating: 0, count: n)
            #expect(Apportion.runningTotal(total, weights: weights[...], into: &parts[...]))
            #expect(parts.reduce(0, +) == total)
            #expect(Apportion.largestRemainder(-total, weights: weights)! == h.map { -$0 })
        }
    }
}
