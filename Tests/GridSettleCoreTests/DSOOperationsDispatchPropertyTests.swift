import Testing

@testable import GridSettleCore

/// Seeded property tests: many random fleets and awards, each dispatch checked against the invariants
/// directly (plain sums and comparisons written here) and through ``AggregateDispatchResult/violations(members:)``.
@Suite("DSO operations: dispatch properties")
struct DSOOperationsDispatchPropertyTests {
    static let t0 = Instant(utc: LocalDate(year: 2024, month: 3, day: 10), hour: 8)

    static func randomFleet(_ rng: inout DSOOpsRandom) -> [DispatchMember] {
        (0..<Int(rng.int(1, 8))).map { i in
            let capacity = rng.int(1, 2_000) * 1_000_000 + rng.int(0, 999_999)  // 1 … 2 000 kWh, odd µkWh
            let lo = rng.int(0, capacity / 2)
            let hi = rng.int(lo, capacity)
            let initial = rng.int(lo, hi)
            let efficiency: DispatchEfficiency = rng.below(2) == 0
                ? .roundTrip(ppm: rng.int(700_000, 1_000_000))
                : .oneWay(chargePPM: rng.int(850_000, 1_000_000), dischargePPM: rng.int(850_000, 1_000_000))
            // sometimes a member that can only charge or only discharge, or has no room at all
            let dis = rng.below(10) == 0 ? 0 : rng.int(1, 1_000_000_000)
            let chg = rng.below(10) == 0 ? 0 : rng.int(1, 1_000_000_000)
            return DispatchMember(
                id: "M\(i)", maxDischargeMicroKW: dis, maxChargeMicroKW: chg, capacityMicroKWh: capacity, minSOCMicroKWh: lo,
                maxSOCMicroKWh: hi, initialSOCMicroKWh: initial, efficiency: efficiency)
        }
    }

    static func randomAward(_ rng: inout DSOOpsRandom, fleet: [DispatchMember]) -> AggregateAward {
        let seconds = IntervalGrid.supportedSeconds[Int(rng.below(UInt64(IntervalGrid.supportedSeconds.count)))]
        let rated = max(1, fleet.reduce(Int64(0)) { $0 + max($1.maxDischargeMicroKW, $1.maxChargeMicroKW) })
        let values = (0..<Int(rng.int(1, 96))).map { _ -> Int64 in
            switch rng.below(6) {
            case 0: return 0
            case 1: return rng.int(-3 * rated, 3 * rated)  // often beyond the fleet
            case 2: return rng.int(-20, 20)  // a few µkW: rounding matters
            default: return rng.int(-rated, rated)
            }
        }
        return AggregateAward(grid: IntervalGrid(start: t0, seconds: seconds, count: values.count), microKW: values)
    }

    @Test(arguments: DispatchAllocationRule.allCases)
    func randomFleetsKeepEveryInvariant(rule: DispatchAllocationRule) throws {
        var rng = DSOOpsRandom(seed: rule == .energyHeadroom ? 0xD15_9A7C : 0xD15_9A7D)
        var unservedSeen = 0
        var servedSeen = 0
        for _ in 0..<400 {
            let fleet = Self.randomFleet(&rng)
            let award = Self.randomAward(&rng, fleet: fleet)
            let r = try AggregateDispatch(members: fleet, rule: rule).dispatch(award)
            #expect(r.violations(members: fleet) == [])
            for t in 0..<award.grid.count {
                let setPoints = r.members.map { $0.setPointMicroKW[t] }
                // Σ set-points == served exactly; served + unserved == award
                #expect(setPoints.reduce(0, +) == r.servedMicroKW[t])
                #expect(r.servedMicroKW[t] + r.unservedMicroKW[t] == award.microKW[t])
                #expect(r.servedMicroKW[t].magnitude <= award.microKW[t].magnitude)
                for (m, spec) in zip(r.members, fleet) {
                    let p = m.setPointMicroKW[t]
                    #expect(p <= spec.maxDischargeMicroKW && -p <= spec.maxChargeMicroKW)
                    #expect(m.socMicroKWh[t + 1] >= spec.minSOCMicroKWh && m.socMicroKWh[t + 1] <= spec.maxSOCMicroKWh)
                    // stored energy moves the right way: down when discharging, up when charging
                    #expect(p <= 0 || m.socMicroKWh[t + 1] < m.socMicroKWh[t])
                    #expect(p >= 0 || m.socMicroKWh[t + 1] > m.socMicroKWh[t])
                }
                // unserved only when nobody could do more in the award's direction
                if r.unservedMicroKW[t] != 0 {
                    unservedSeen += 1
                    let more = r.members.contains {
                        award.microKW[t] > 0 ? $0.setPointMicroKW[t] < $0.availableDischargeMicroKW[t] : -$0.setPointMicroKW[t] < $0.availableChargeMicroKW[t]
                    }
                    #expect(!more)
                } else if award.microKW[t] != 0 {
                    servedSeen += 1
                }
            }
        }
        // the generator reaches both cases often
        #expect(unservedSeen > 1_000 && servedSeen > 1_000)
    }

    @Test func allocationSumsExactlyWithinCaps() {
        var rng = DSOOpsRandom(seed: 0xA110C)
        for _ in 0..<5_000 {
            let n = Int(rng.int(1, 12))
            let caps = (0..<n).map { _ in rng.below(5) == 0 ? 0 : rng.int(0, 1_000_000_000) }
            let weights = (0..<n).map { _ in rng.below(4) == 0 ? 0 : rng.int(0, 5_000_000_000) }
            let total = rng.int(0, caps.reduce(0, +))
            let shares = ProRataAllocation.allocate(total, weights: weights, caps: caps)
            #expect(shares.reduce(0, +) == total)
            #expect(zip(shares, caps).allSatisfy { $0 >= 0 && $0 <= $1 })
            // with the caps as weights (the power-headroom rule) nobody is capped and every share is within
            // one µkW of its exact share total × cap / Σ caps
            let plain = ProRataAllocation.allocate(total, weights: caps, caps: caps)
            let sum = Int128(caps.reduce(0, +))
            for (s, c) in zip(plain, caps) where sum > 0 {
                let exact = Int128(total) * Int128(c)  // × 1/sum
                #expect(Int128(s) * sum > exact - sum && Int128(s) * sum < exact + sum)
            }
        }
    }

    @Test func sameInputSameDispatch() throws {
        var a = DSOOpsRandom(seed: 42)
        var b = DSOOpsRandom(seed: 42)
        let fleet = Self.randomFleet(&a)
        _ = Self.randomFleet(&b)
        let award = Self.randomAward(&a, fleet: fleet)
        #expect(award == Self.randomAward(&b, fleet: fleet))
        let d = try AggregateDispatch(members: fleet)
        #expect(d.dispatch(award) == d.dispatch(award))
    }
}
