import GridSettleCore
import GridSettleExamples
import Testing

/// The promises of the generator hold for any seed and month, not only the default one.
@Suite("Example generator: invariants across seeds and months")
struct ExampleSeedsTests {
    @Test(arguments: [
        ExampleOptions(seed: 1), ExampleOptions(seed: 42), ExampleOptions(seed: 2033), ExampleOptions(seed: 2041),
        ExampleOptions(seed: .max), ExampleOptions(seed: 7, month: 3), ExampleOptions(seed: 9, month: 7),
        ExampleOptions(seed: 11, year: 2017, month: 12), ExampleOptions(seed: 13, month: 2, intervalMinutes: 1),
    ])
    func invariants(options: ExampleOptions) {
        let d = ExampleGenerator.laAirForceBase(options: options, tariff: testTariff())
        let (start, end) = d.periodBounds
        let m1 = d.m1, m2 = d.m2, ev = d.evse
        let seconds = m1.grid.seconds
        for spec in d.config.meters { #expect(d.meters[spec.id]!.grid == d.grid(for: spec)) }

        // Gaps: exactly 2 consecutive on M2, 1 on M1, on ordinary working days.
        let m2Gaps = m2.delivered.quality.indices.filter { m2.delivered.quality[$0] == .missing }
        let m1Gaps = m1.delivered.quality.indices.filter { m1.delivered.quality[$0] == .missing }
        #expect(m2Gaps.count == 2 && m2Gaps.last! == m2Gaps.first! + 1)
        #expect(m1Gaps.count == 1)
        #expect(m2.received.missingCount == 2 && m1.received.missingCount == 1)
        for i in m1Gaps + m2Gaps {
            let day = calendar.tradingDay(of: m1.grid.startOf(i))
            #expect(calendar.dayType(day) == .weekday && calendar.hoursInDay(day) == 24)
        }

        // Physics: implied facility load plausible, site import under the interconnection.
        let lo = microKWh(kW: 100, seconds: seconds), hi = microKWh(kW: 600, seconds: seconds)
        var bad = 0
        for i in 0..<m1.grid.count where m1.delivered.quality[i] != .missing && m2.delivered.quality[i] != .missing {
            let f = m1.delivered.microKWh[i] - m1.received.microKWh[i] - ev.delivered.microKWh[i]
                - (m2.delivered.microKWh[i] - m2.received.microKWh[i])
            if f < lo || f > hi { bad += 1 }
        }
        #expect(bad == 0)
        #expect(m1.delivered.microKWh.max()! <= microKWh(kW: 655, seconds: seconds))

        // Awards on working weekdays only, 4–8 award hours on each award day.
        let hours = d.awardHourStarts
        #expect(d.awards.allSatisfy { calendar.dayType(calendar.tradingDay(of: $0.start)) == .weekday })
        var perDay: [LocalDate: Int] = [:]
        for h in hours { perDay[calendar.tradingDay(of: Instant(secondsSinceEpoch: h)), default: 0] += 1 }
        #expect(perDay.values.allSatisfy { (4...8).contains($0) })
        #expect(d.awards.contains { $0.product == .energy && $0.run == .dayAhead })

        // Signals: never in award hours; exactly one 2-hour uncovered window, charging above 20 kW.
        for s in d.signals {
            var t = s.start.secondsSinceEpoch - s.start.secondsSinceEpoch % 3600
            while t < s.end.secondsSinceEpoch {
                #expect(!hours.contains(t))
                t += 3600
            }
        }
        var uncovered: [Int] = []
        for i in 0..<m2.grid.count {
            let t = m2.grid.startOf(i)
            if !d.inAwardHour(t, hours) && !d.coveredBySignal(t) { uncovered.append(i) }
        }
        #expect(uncovered.count == Int(7200 / seconds))
        #expect(uncovered.count > 0 && uncovered.last! - uncovered.first! == uncovered.count - 1)
        let threshold = microKWh(kW: 20, seconds: seconds)
        #expect(uncovered.allSatisfy { m2.delivered.microKWh[$0] - m2.received.microKWh[$0] > threshold })

        // Prices for every RTD, FMM and DA interval.
        for (run, s) in [(MarketRun.realTimeDispatch, Int64(300)), (.fifteenMinute, 900), (.dayAhead, 3600)] {
            let n = IntervalGrid(start: start, end: end, seconds: s).count
            #expect(d.prices.filter { $0.run == run && $0.product == .lmp }.count == n)
        }
    }
}
