import Testing

@testable import GridSettleCore

/// Hand-worked dispatches of an aggregate award, the SOC model's rounding, and the allocation's remainder.
@Suite("DSO operations: aggregate dispatch")
struct DSOOperationsDispatchTests {
    static let kW: Int64 = 1_000_000
    static let kWh: Int64 = 1_000_000
    static let t0 = Instant(utc: LocalDate(year: 2024, month: 7, day: 1), hour: 7)

    /// A: 100 kW / 400 kWh starting at 200 kWh; B: 50 kW / 100 kWh starting at 50 kWh; lossless.
    static let fleet = [
        DispatchMember(id: "A", maxDischargeMicroKW: 100 * kW, maxChargeMicroKW: 100 * kW, capacityMicroKWh: 400 * kWh, initialSOCMicroKWh: 200 * kWh),
        DispatchMember(id: "B", maxDischargeMicroKW: 50 * kW, maxChargeMicroKW: 50 * kW, capacityMicroKWh: 100 * kWh, initialSOCMicroKWh: 50 * kWh),
    ]

    @Test func powerHeadroomByHand() throws {
        // hourly intervals, award in MW: 0.12, 0.2, 0.05, −0.09
        let award = AggregateAward(
            grid: IntervalGrid(start: Self.t0, seconds: 3600, count: 4), microMW: [120_000, 200_000, 50_000, -90_000])
        #expect(award.microKW == [120 * Self.kW, 200 * Self.kW, 50 * Self.kW, -90 * Self.kW])
        let r = try AggregateDispatch(members: Self.fleet, rule: .powerHeadroom).dispatch(award)
        let (a, b) = (r.members[0], r.members[1])
        // 1: available A min(100, 200 kWh over 1 h) = 100, B min(50, 50) = 50; served 120 of 150.
        //    A ⌊120·100/150⌋ = 80, B 120 − 80 = 40. SOC A 200 − 80 = 120, B 50 − 40 = 10.
        // 2: available A 100, B min(50, 10) = 10; served 110, unserved 90 (rated 150 < 200: rated power).
        //    A 100, B 10. SOC A 20, B 0.
        // 3: available A min(100, 20) = 20, B 0; served 20, unserved 30 (rated 150 ≥ 50: state of charge). SOC A 0.
        // 4: charge: available A min(100, 400) = 100, B min(50, 100) = 50; A ⌊90·100/150⌋ = 60, B 30. SOC A 60, B 30.
        #expect(a.setPointMicroKW == [80, 100, 20, -60].map { $0 * Self.kW })
        #expect(b.setPointMicroKW == [40, 10, 0, -30].map { $0 * Self.kW })
        #expect(a.socMicroKWh == [200, 120, 20, 0, 60].map { $0 * Self.kWh })
        #expect(b.socMicroKWh == [50, 10, 0, 0, 30].map { $0 * Self.kWh })
        #expect(r.servedMicroKW == [120, 110, 20, -90].map { $0 * Self.kW })
        #expect(r.unservedMicroKW == [0, 90, 30, 0].map { $0 * Self.kW })
        #expect(r.shortfall == [.none, .ratedPower, .stateOfCharge, .none])
        #expect(r.unservedIntervals == 2 && r.unservedEnergyMicroKWh == 120 * Self.kWh)
        #expect(r.violations(members: Self.fleet).isEmpty)
    }

    @Test func energyHeadroomByHand() throws {
        // the same fleet and first award under the default rule: weights are energy above the floor,
        // A 200 kWh, B 50 kWh → A ⌊120·200/250⌋ = 96 (cap 100), B 24. SOC A 104, B 26.
        // next, 120 kW again: weights A 104, B 26 → A ⌊120·104/130⌋ = 96, B 24: both keep the same share of
        // their energy (A 104 → 8, B 26 → 2), so they run out together
        let award = AggregateAward(grid: IntervalGrid(start: Self.t0, seconds: 3600, count: 2), microKW: [120 * Self.kW, 120 * Self.kW])
        let r = try AggregateDispatch(members: Self.fleet).dispatch(award)
        #expect(r.rule == .energyHeadroom)
        #expect(r.members[0].setPointMicroKW == [96 * Self.kW, 96 * Self.kW] && r.members[1].setPointMicroKW == [24 * Self.kW, 24 * Self.kW])
        #expect(r.members[0].socMicroKWh.last == 8 * Self.kWh && r.members[1].socMicroKWh.last == 2 * Self.kWh)
        #expect(r.violations(members: Self.fleet).isEmpty)

        // a cap: 140 kW with weights 200:50 → A ⌊140·200/250⌋ = 112 > 100, so A takes 100 and B the other 40
        let capped = try AggregateDispatch(members: Self.fleet).dispatch(
            AggregateAward(grid: IntervalGrid(start: Self.t0, seconds: 3600, count: 1), microKW: [140 * Self.kW]))
        #expect(capped.members.map { $0.setPointMicroKW[0] } == [100 * Self.kW, 40 * Self.kW])
    }

    @Test func cumulativeRoundingPlacesTheRemainderInOrder() {
        // 100 µkW over three equal weights: ⌊100·1/3⌋ = 33, ⌊100·2/3⌋ − 33 = 66 − 33 = 33, 100 − 66 = 34
        #expect(ProRataAllocation.allocate(100, weights: [1, 1, 1], caps: [50, 50, 50]) == [33, 33, 34])
        // 7 over weights 1, 2, 4: ⌊7/7⌋ = 1, ⌊21/7⌋ − 1 = 2, 7 − 3 = 4 (exact)
        #expect(ProRataAllocation.allocate(7, weights: [1, 2, 4], caps: [7, 7, 7]) == [1, 2, 4])
        // water-filling: 100 over weights 10, 1, 1 with caps 20, 100, 100: first ⌊100·10/12⌋ = 83 > 20 → 20;
        // the other 80 over weights 1, 1 → 40, 40
        #expect(ProRataAllocation.allocate(100, weights: [10, 1, 1], caps: [20, 100, 100]) == [20, 40, 40])
        // all weights zero but room: the caps become the weights, 30 over caps 10, 20 → 10, 20
        #expect(ProRataAllocation.allocate(30, weights: [0, 0], caps: [10, 20]) == [10, 20])
        // a member with no cap never gets anything
        #expect(ProRataAllocation.allocate(5, weights: [9, 1], caps: [0, 5]) == [0, 5])
        #expect(ProRataAllocation.allocate(0, weights: [1, 1], caps: [0, 0]) == [0, 0])
    }

    @Test func socModelRoundsTowardTheLimitItApproaches() {
        // 15-minute interval, 100 kW: 25 kWh through the meter
        let rt = DispatchEfficiency.roundTrip(ppm: 810_000)
        // charging at 81 % round trip: stored += ⌈25 000 000 × 0.81⌉ = 20 250 000 µkWh; discharge loses nothing more
        #expect(DispatchSOC.next(soc: 0, setPointMicroKW: -100 * Self.kW, seconds: 900, efficiency: rt) == 20_250_000)
        #expect(DispatchSOC.next(soc: 30_000_000, setPointMicroKW: 100 * Self.kW, seconds: 900, efficiency: rt) == 5_000_000)
        // one-way 90 %/90 %: discharge drains ⌈25 000 000 / 0.9⌉ = ⌈27 777 777.8⌉ = 27 777 778
        let ow = DispatchEfficiency.oneWay(chargePPM: 900_000, dischargePPM: 900_000)
        #expect(DispatchSOC.next(soc: 30_000_000, setPointMicroKW: 100 * Self.kW, seconds: 900, efficiency: ow) == 2_222_222)
        // 5-minute interval, 1 µkW: 1/12 µkWh is rounded up to 1 µkWh either way
        #expect(DispatchSOC.next(soc: 10, setPointMicroKW: 1, seconds: 300, efficiency: ow) == 9)
        #expect(DispatchSOC.next(soc: 10, setPointMicroKW: -1, seconds: 300, efficiency: ow) == 11)

        // limits are the exact inverses. 10 kWh of room below a 1 000 kWh ceiling at 81 %, 15 minutes:
        // |p| ≤ ⌊10 000 000 × 3600 / (900 × 0.81)⌋ = ⌊49 382 716.05⌋ = 49 382 716 µkW
        // check: ⌈49 382 716 × ¼ × 0.81⌉ = ⌈9 999 999.99⌉ = 10 000 000 fits; one µkW more gives 10 000 001
        let c = DispatchSOC.chargeLimit(soc: 990 * Self.kWh, maxSOC: 1_000 * Self.kWh, seconds: 900, efficiency: rt)
        #expect(c == 49_382_716)
        #expect(DispatchSOC.next(soc: 990 * Self.kWh, setPointMicroKW: -c, seconds: 900, efficiency: rt) == 1_000 * Self.kWh)
        #expect(DispatchSOC.next(soc: 990 * Self.kWh, setPointMicroKW: -(c + 1), seconds: 900, efficiency: rt) == 1_000 * Self.kWh + 1)
        // 10 kWh above the floor at 90 % discharge: p ≤ ⌊10 000 000 × 3600 × 0.9 / 900⌋ = 36 000 000
        let d = DispatchSOC.dischargeLimit(soc: 20 * Self.kWh, minSOC: 10 * Self.kWh, seconds: 900, efficiency: ow)
        #expect(d == 36_000_000)
        #expect(DispatchSOC.next(soc: 20 * Self.kWh, setPointMicroKW: d, seconds: 900, efficiency: ow) == 10 * Self.kWh)
        #expect(DispatchSOC.next(soc: 20 * Self.kWh, setPointMicroKW: d + 1, seconds: 900, efficiency: ow) < 10 * Self.kWh)
        // at the limit nothing moves
        #expect(DispatchSOC.chargeLimit(soc: 5, maxSOC: 5, seconds: 300, efficiency: ow) == 0)
        #expect(DispatchSOC.dischargeLimit(soc: 5, minSOC: 5, seconds: 300, efficiency: ow) == 0)
    }

    @Test func reserveAndCeilingAreRespectedWithLosses() throws {
        // 50 kW / 100 kWh, SOC window 20…90 kWh, starting at 85 kWh, 81 % round trip, 30-minute intervals
        let m = DispatchMember(
            id: "R", maxDischargeMicroKW: 50 * Self.kW, maxChargeMicroKW: 50 * Self.kW, capacityMicroKWh: 100 * Self.kWh,
            minSOCMicroKWh: 20 * Self.kWh, maxSOCMicroKWh: 90 * Self.kWh, initialSOCMicroKWh: 85 * Self.kWh, efficiency: .roundTrip(ppm: 810_000))
        let award = AggregateAward(grid: IntervalGrid(start: Self.t0, seconds: 1800, count: 3), microKW: [-50 * Self.kW, 50 * Self.kW, 200 * Self.kW])
        let r = try AggregateDispatch(members: [m]).dispatch(award)
        // 1: room 5 kWh: |p| ≤ ⌊5 000 000 × 3600 / (1800 × 0.81)⌋ = ⌊12 345 679.0⌋ = 12 345 679 µkW; stored
        //    += ⌈12 345 679 × ½ × 0.81⌉ = ⌈5 000 000.0⌉ → 90 kWh exactly; 37.65… kW of the charge award unserved
        #expect(r.members[0].setPointMicroKW[0] == -12_345_679 && r.members[0].socMicroKWh[1] == 90 * Self.kWh)
        #expect(r.unservedMicroKW[0] == -50 * Self.kW + 12_345_679 && r.shortfall[0] == .stateOfCharge)
        // 2: 50 kW for ½ h drains 25 kWh → 65 kWh; 3: 45 kWh above the floor allows 90 kW, rated 50 kW:
        //    50 kW served, 150 kW unserved for rated power
        #expect(r.members[0].socMicroKWh == [85, 90, 65, 40].map { $0 * Self.kWh })
        #expect(r.servedMicroKW[2] == 50 * Self.kW && r.shortfall[2] == .ratedPower)
        #expect(r.violations(members: [m]).isEmpty)
    }

    @Test func badMembersAreAllReported() {
        let bad = [
            DispatchMember(id: "X", maxDischargeMicroKW: -1, maxChargeMicroKW: 1, capacityMicroKWh: 10, initialSOCMicroKWh: 11),
            DispatchMember(id: "X", maxDischargeMicroKW: 1, maxChargeMicroKW: 1, capacityMicroKWh: 10, initialSOCMicroKWh: 5, efficiency: .roundTrip(ppm: 0)),
        ]
        #expect(throws: DispatchInputError.self) { try AggregateDispatch(members: bad) }
        do throws(DispatchInputError) {
            _ = try AggregateDispatch(members: bad)
        } catch {
            #expect(error.problems.count == 4)  // X power, X initial SOC, X efficiency, id used twice
            #expect(error.problems.contains { $0.contains("used twice") })
        }
    }

    @Test func aTamperedResultIsCaught() throws {
        let award = AggregateAward(grid: IntervalGrid(start: Self.t0, seconds: 3600, count: 1), microKW: [120 * Self.kW])
        var r = try AggregateDispatch(members: Self.fleet).dispatch(award)
        r.members[0].setPointMicroKW[0] += 1
        #expect(r.violations(members: Self.fleet).contains { $0.contains("Σ set-points") })
        var hidden = try AggregateDispatch(members: Self.fleet).dispatch(award)
        hidden.unservedMicroKW[0] = 0
        hidden.servedMicroKW[0] = 0
        #expect(!hidden.violations(members: Self.fleet).isEmpty)
    }
}
