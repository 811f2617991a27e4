import GridSettleCore
import GridSettleExamples
import Testing

@Suite("Example generator: meter data")
struct ExampleMeterTests {
    @Test func novemberMetersAreOnTheGridWith8652Intervals() {
        #expect(november.periodBounds.start == Instant(utc: LocalDate(year: 2016, month: 11, day: 1), hour: 7))
        for spec in november.config.meters {
            let grid = november.grid(for: spec)
            let m = november.meters[spec.id]!
            #expect(grid.count == 8652)
            #expect(m.delivered.grid == grid)
            #expect(m.received.grid == grid)
            #expect(m.delivered.microKWh.count == 8652 && m.delivered.quality.count == 8652)
            #expect(m.received.microKWh.count == 8652 && m.received.quality.count == 8652)
        }
        // The fall-back day has 25 hours of data.
        let dst = zone.dayBounds(LocalDate(year: 2016, month: 11, day: 6))
        #expect(dst.end.secondsSinceEpoch - dst.start.secondsSinceEpoch == 25 * 3600)
    }

    @Test(arguments: [(7, 5, 8928), (3, 5, 8916), (11, 15, 2884), (7, 60, 744)])
    func otherMonthsAndIntervals(month: Int, minutes: Int, expected: Int) {
        let d = ExampleGenerator.laAirForceBase(
            options: ExampleOptions(month: month, intervalMinutes: minutes), tariff: testTariff())
        for spec in d.config.meters {
            #expect(spec.intervalMinutes == minutes)
            let grid = d.grid(for: spec)
            #expect(grid.count == expected)
            #expect(d.meters[spec.id]!.grid == grid)
        }
        #expect(d.m2.delivered.missingCount == 2)
        #expect(d.m1.delivered.missingCount == 1)
        #expect(d.awards.allSatisfy { !calendar.tradingDay(of: $0.start).isWeekend })
    }

    @Test func masterMeterIsFacilityPlusEVSEPlusFleet() {
        let m1 = november.m1, m2 = november.m2, ev = november.evse
        let seconds = m1.grid.seconds
        var checked = 0
        for i in 0..<m1.grid.count {
            #expect(m1.delivered.microKWh[i] >= 0 && m1.received.microKWh[i] >= 0)
            #expect(m1.delivered.microKWh[i] == 0 || m1.received.microKWh[i] == 0)
            if m1.delivered.quality[i] == .missing || m2.delivered.quality[i] == .missing { continue }
            let m1Net = m1.delivered.microKWh[i] - m1.received.microKWh[i]
            let m2Net = m2.delivered.microKWh[i] - m2.received.microKWh[i]
            let facility = m1Net - (ev.delivered.microKWh[i] - ev.received.microKWh[i]) - m2Net
            if facility < microKWh(kW: 100, seconds: seconds) || facility > microKWh(kW: 600, seconds: seconds) {
                Issue.record("implied facility load \(facility) µkWh at \(m1.grid.startOf(i)) outside 100–600 kW")
            }
            checked += 1
        }
        #expect(checked == 8652 - 3)
    }

    @Test func siteImportStaysUnderTheInterconnection() {
        let m1 = november.m1
        let limit = microKWh(kW: 655, seconds: m1.grid.seconds)
        #expect(m1.delivered.microKWh.max()! <= limit)
        // The fleet's own meter respects its 800-kW rating and the EVSE its 100 kW.
        #expect(november.m2.delivered.microKWh.max()! <= microKWh(kW: 800, seconds: 300))
        #expect(november.m2.received.microKWh.max()! <= microKWh(kW: 800, seconds: 300))
        #expect(november.evse.delivered.microKWh.max()! <= microKWh(kW: 11 * 6.6, seconds: 300) + 1)
        #expect(november.evse.received.total == 0)
    }

    @Test func exactlyThePromisedGaps() {
        let m1 = november.m1, m2 = november.m2, ev = november.evse
        func missing(_ s: EnergySeries) -> [Int] { s.quality.indices.filter { s.quality[$0] == .missing } }
        let m2Gaps = missing(m2.delivered)
        let m1Gaps = missing(m1.delivered)
        #expect(m2Gaps.count == 2)
        #expect(m2Gaps.count == 2 && m2Gaps[1] == m2Gaps[0] + 1)
        #expect(m1Gaps.count == 1)
        #expect(missing(m2.received) == m2Gaps)
        #expect(missing(m1.received) == m1Gaps)
        #expect(ev.delivered.missingCount == 0 && ev.received.missingCount == 0)
        for i in m2Gaps { #expect(m2.delivered.microKWh[i] == 0 && m2.received.microKWh[i] == 0) }
        for i in m1Gaps { #expect(m1.delivered.microKWh[i] == 0 && m1.received.microKWh[i] == 0) }
        #expect(Set(m1Gaps).isDisjoint(with: m2Gaps))
        // Every other interval is actual.
        #expect(m1.delivered.quality.filter { $0 != .actual && $0 != .missing }.isEmpty)
        // On ordinary working days, not the fall-back day.
        for i in m1Gaps + m2Gaps {
            let day = calendar.tradingDay(of: m1.grid.startOf(i))
            #expect(calendar.dayType(day) == .weekday)
            #expect(calendar.hoursInDay(day) == 24)
        }
    }

    @Test func regulationShowsBothDirectionsInTheSameInterval() {
        let hours = november.awardHourStarts
        let m2 = november.m2
        var both = 0, award = 0
        var maxEach: Int64 = 0
        for i in 0..<m2.grid.count where november.inAwardHour(m2.grid.startOf(i), hours) {
            award += 1
            if m2.delivered.microKWh[i] > 0 && m2.received.microKWh[i] > 0 { both += 1 }
            maxEach = max(maxEach, m2.delivered.microKWh[i], m2.received.microKWh[i])
        }
        #expect(award > 0)
        #expect(both * 4 > award)  // common, not universal
        // 0.4 MW regulation + 0.23 MW energy at most: ≤ 53 kWh per 5 minutes, and clearly more than idle.
        #expect(maxEach <= 53_000_000)
        #expect(maxEach >= 15_000_000)
    }

    @Test func fleetIsIdleOutsideChargingAndAwards() {
        // Outside award hours the fleet either charges (above the 20-kW idle threshold) or draws 3–6 kW of
        // auxiliary load, and never exports.
        let hours = november.awardHourStarts
        let m2 = november.m2
        var idle = 0, charging = 0
        for i in 0..<m2.grid.count where !november.inAwardHour(m2.grid.startOf(i), hours) {
            guard m2.delivered.quality[i] == .actual else { continue }
            #expect(m2.received.microKWh[i] == 0)
            let kW = Double(m2.delivered.microKWh[i]) / 1e6 * 12
            if kW <= 6.001 { idle += 1; #expect(kW >= 2.999) } else { charging += 1; #expect(kW > 8) }
        }
        #expect(idle > charging)
        #expect(charging > 100)
    }

    @Test func chargingRoughlyReplacesDrivenEnergy() {
        let m2 = november.m2
        let net = Double(m2.delivered.total - m2.received.total) / 1e6
        let driven = Double(november.trips.reduce(0) { $0 + $1.drivenMicroKWh }) / 1e6
        let hours = Double(m2.grid.count) / 12
        // Net import covers the driving, plus losses and 3–6 kW of auxiliary load, minus what the
        // inventory can give up (it starts at 500 kWh, may end anywhere in 0…996).
        #expect(net > driven - 500)
        #expect(net < driven + 6 * hours + 0.35 * Double(m2.received.total) / 1e6 + 500)
        #expect(driven > 2_000)
    }

    @Test func evseChargesOnlyOnWorkingDays() {
        let ev = november.evse
        var workingEnergy: Int64 = 0
        for i in 0..<ev.grid.count {
            let t = ev.grid.startOf(i)
            let day = calendar.tradingDay(of: t)
            if calendar.dayType(day) != .weekday {
                #expect(ev.delivered.microKWh[i] == 0)
            } else {
                workingEnergy += ev.delivered.microKWh[i]
                let hour = zone.localTime(t).hour
                if hour < 7 || hour >= 14 { #expect(ev.delivered.microKWh[i] == 0) }
            }
        }
        #expect(workingEnergy > 1_000_000_000)  // > 1 MWh over the month
    }
}
