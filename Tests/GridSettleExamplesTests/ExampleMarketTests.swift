import GridSettleCore
import GridSettleExamples
import Testing

@Suite("Example generator: awards, signals, prices, mileage, trips")
struct ExampleMarketTests {
    @Test func awardsOnlyOnWorkingWeekdaysInBlocksOfFourToEightHours() {
        let hours = november.awardHourStarts
        #expect(!november.awards.isEmpty)
        for a in november.awards {
            let day = calendar.tradingDay(of: a.start)
            #expect(!day.isWeekend)
            #expect(calendar.dayType(day) == .weekday, "no awards on Thanksgiving")
            #expect(a.source == "generated")
            #expect(a.seconds == (a.run == .dayAhead ? 3600 : a.run == .fifteenMinute ? 900 : 300))
            #expect(a.start.secondsSinceEpoch % a.seconds == 0)
        }
        var perDay: [LocalDate: Int] = [:]
        for h in hours { perDay[calendar.tradingDay(of: Instant(secondsSinceEpoch: h)), default: 0] += 1 }
        #expect(perDay.values.allSatisfy { (4...8).contains($0) })
        let working = (1...30).map { LocalDate(year: 2016, month: 11, day: $0) }.filter { calendar.dayType($0) == .weekday }
        #expect(perDay.count * 10 >= working.count * 6, "most working days have awards")
        // Regulation capacity 0.2–0.4 MW day-ahead.
        for a in november.awards where a.run == .dayAhead && a.product != .energy {
            #expect((200_000...400_000).contains(a.microMW))
        }
    }

    @Test func fifteenMinuteRegulationMostlyEqualsDayAhead() {
        var da: [Int64: Int64] = [:]
        for a in november.awards where a.run == .dayAhead && a.product == .regulationUp { da[a.start.secondsSinceEpoch] = a.microMW }
        var equal = 0, differ = 0
        for a in november.awards where a.run == .fifteenMinute && a.product == .regulationUp {
            let hour = a.start.secondsSinceEpoch - a.start.secondsSinceEpoch % 3600
            let d = try! #require(da[hour])
            if a.microMW == d { equal += 1 } else { differ += 1 }
        }
        #expect(differ > 0)
        #expect(equal > 5 * differ)
        // Every DA regulation hour has its four FMM quarters, both directions.
        let fmm = november.awards.filter { $0.run == .fifteenMinute && $0.product != .energy }
        #expect(fmm.count == 8 * da.count)
    }

    @Test func someDaysHaveAnEveningEnergyAwardThatRealTimeMovesAround() {
        let en = november.awards.filter { $0.product == .energy }
        let da = en.filter { $0.run == .dayAhead }
        #expect((1...4).contains(da.count))
        for a in da {
            #expect(a.microMW == 200_000)
            let local = zone.localTime(a.start)
            #expect((18...20).contains(local.hour))
            let fmm = en.filter { $0.run == .fifteenMinute && $0.start >= a.start && $0.start < a.end }
            let rtd = en.filter { $0.run == .realTimeDispatch && $0.start >= a.start && $0.start < a.end }
            #expect(fmm.count == 4 && rtd.count == 12)
            #expect(fmm.contains { $0.microMW != a.microMW }, "FMM deviates from DA: code 6460 is non-zero")
            #expect(rtd.contains { r in fmm.contains { $0.start.secondsSinceEpoch == r.start.secondsSinceEpoch - r.start.secondsSinceEpoch % 900 && $0.microMW != r.microMW } })
            #expect((fmm + rtd).allSatisfy { (150_000...250_000).contains($0.microMW) })
        }
        // Energy hours are award hours that also carry regulation.
        let reg = Set(november.awards.filter { $0.run == .dayAhead && $0.product == .regulationUp }.map(\.start))
        #expect(da.allSatisfy { reg.contains($0.start) })
    }

    @Test func signalsNeverOverlapAwardHoursNorEachOther() {
        let hours = november.awardHourStarts
        let sorted = november.signals.sorted { $0.start < $1.start }
        for (i, s) in sorted.enumerated() {
            #expect(s.start < s.end)
            #expect(s.source == "generated")
            if i > 0 { #expect(sorted[i - 1].end <= s.start) }
            var t = s.start.secondsSinceEpoch - s.start.secondsSinceEpoch % 3600
            while t < s.end.secondsSinceEpoch {
                let hourEnd = t + 3600
                if hours.contains(t) && s.start.secondsSinceEpoch < hourEnd && s.end.secondsSinceEpoch > t {
                    Issue.record("signal \(s.kind) \(s.start)…\(s.end) overlaps award hour \(Instant(secondsSinceEpoch: t))")
                }
                t = hourEnd
            }
        }
        #expect(november.signals.first!.start == november.periodBounds.start)
    }

    @Test func manualModeIsOneWeekdayMaintenanceWindowWithTheFleetIdle() throws {
        let manual = november.signals.filter { $0.kind == .manualMode }
        #expect(manual.count == 1)
        let w = try #require(manual.first)
        #expect(calendar.dayType(calendar.tradingDay(of: w.start)) == .weekday)
        #expect((2 * 3600...6 * 3600).contains(w.end.secondsSinceEpoch - w.start.secondsSinceEpoch))
        let m2 = november.m2
        let i0 = m2.grid.index(startingAt: w.start)!, i1 = m2.grid.index(startingAt: w.end)!
        for i in i0..<i1 {
            #expect(m2.delivered.microKWh[i] < microKWh(kW: 20, seconds: 300))
            #expect(m2.received.microKWh[i] == 0)
        }
    }

    @Test func oneSignalOutageOfTwoHoursWhileTheFleetCharges() {
        // Every interval outside award hours is covered by a mode signal except one ~2-hour window on a
        // weekday night, in which the fleet charges above the 20-kW idle threshold.
        let hours = november.awardHourStarts
        let m2 = november.m2
        var uncovered: [Int] = []
        for i in 0..<m2.grid.count {
            let t = m2.grid.startOf(i)
            if !november.inAwardHour(t, hours) && !november.coveredBySignal(t) { uncovered.append(i) }
        }
        #expect(uncovered.count == 24)
        guard let first = uncovered.first, let last = uncovered.last else { return }
        #expect(last - first == uncovered.count - 1, "one contiguous window")
        let start = m2.grid.startOf(first)
        let local = zone.localTime(start)
        #expect(local.hour >= 21 && local.hour <= 23)
        #expect(calendar.dayType(local.date) == .weekday)
        for i in uncovered {
            #expect(m2.delivered.quality[i] == .actual)
            #expect(m2.delivered.microKWh[i] - m2.received.microKWh[i] > microKWh(kW: 20, seconds: 300))
        }
        // And DISPATCH_TO_ZERO covers the rest of the non-award time, including weekend nights of charging.
        #expect(november.signals.filter { $0.kind == .dispatchToZero }.count >= 30)
    }

    @Test func pricesForEveryInterval() {
        let (start, end) = november.periodBounds
        let node = november.config.resource.pricingNode
        let expected: [(MarketRun, PriceProduct, Int64)] = [
            (.dayAhead, .lmp, 3600), (.dayAhead, .regulationUp, 3600), (.dayAhead, .regulationDown, 3600),
            (.fifteenMinute, .lmp, 900), (.fifteenMinute, .regulationUp, 900), (.fifteenMinute, .regulationDown, 900),
            (.fifteenMinute, .mileageUp, 900), (.fifteenMinute, .mileageDown, 900), (.realTimeDispatch, .lmp, 300),
        ]
        #expect(november.prices.allSatisfy { $0.node == node && $0.source == "generated" })
        var total = 0
        for (run, product, seconds) in expected {
            let points = november.prices.filter { $0.run == run && $0.product == product }
            #expect(points.allSatisfy { $0.seconds == seconds })
            let grid = IntervalGrid(start: start, end: end, seconds: seconds)
            let starts = Set(points.map(\.start))
            #expect(points.count == grid.count)
            #expect(starts == Set((0..<grid.count).map(grid.startOf)))
            total += points.count
        }
        #expect(total == november.prices.count)
        #expect(IntervalGrid(start: start, end: end, seconds: 300).count == 8652)
    }

    @Test func pricesLookLike2016CAISO() {
        func values(_ run: MarketRun, _ product: PriceProduct) -> [Double] {
            november.prices.filter { $0.run == run && $0.product == product }.map { Double($0.microPrice) / 1e6 }
        }
        let da = values(.dayAhead, .lmp)
        let mean = da.reduce(0, +) / Double(da.count)
        #expect(mean > 25 && mean < 38)
        #expect(da.allSatisfy { $0 >= 15 && $0 <= 60 })
        let rtd = values(.realTimeDispatch, .lmp)
        #expect(rtd.contains { $0 < 0 })
        #expect(rtd.filter { $0 > 200 }.count >= 2)
        for (run, p) in [(MarketRun.dayAhead, PriceProduct.regulationUp), (.dayAhead, .regulationDown)] {
            #expect(values(run, p).allSatisfy { $0 >= 3 && $0 <= 15 })
        }
        for p in [PriceProduct.mileageUp, .mileageDown] {
            #expect(values(.fifteenMinute, p).allSatisfy { $0 >= 0.05 && $0 <= 0.5 })
        }
        // Prices are in µ$ with at most five decimals, like OASIS.
        #expect(november.prices.allSatisfy { $0.microPrice % 10 == 0 })
    }

    @Test func mileageForEveryAwardQuarter() {
        var fmm: [Int64: (up: Int64, down: Int64)] = [:]
        for a in november.awards where a.run == .fifteenMinute {
            var e = fmm[a.start.secondsSinceEpoch] ?? (0, 0)
            if a.product == .regulationUp { e.up = a.microMW }
            if a.product == .regulationDown { e.down = a.microMW }
            fmm[a.start.secondsSinceEpoch] = e
        }
        #expect(november.mileage.count == 2 * fmm.count)
        var seen = Set<String>()
        for m in november.mileage {
            #expect(m.seconds == 900)
            #expect((850_000...980_000).contains(m.accuracyMicro))
            let awarded = try! #require(fmm[m.start.secondsSinceEpoch])
            let mw = m.direction == .up ? awarded.up : awarded.down
            #expect(m.instructedMicroMW >= 3 * mw - 1000 && m.instructedMicroMW <= 8 * mw + 1000)
            seen.insert("\(m.direction)\(m.start)")
        }
        #expect(seen.count == november.mileage.count)
    }

    @Test func tripsOnWorkingDaysMorningToAfternoon() {
        #expect(november.trips.count > 150)
        var perDay: [LocalDate: Set<String>] = [:]
        for t in november.trips {
            let dep = zone.localTime(t.departure)
            let ret = zone.localTime(t.returnTime)
            #expect(calendar.dayType(dep.date) == .weekday)
            #expect(dep.date == ret.date)
            #expect(dep.secondOfDay >= 7 * 3600 && dep.secondOfDay <= 9 * 3600)
            #expect(ret.secondOfDay >= 15 * 3600 && ret.secondOfDay <= 17 * 3600)
            #expect((5_000_000...25_000_000).contains(t.drivenMicroKWh))
            #expect(t.source == "generated")
            #expect(perDay[dep.date, default: []].insert(t.vehicleID).inserted, "one trip per vehicle per day")
        }
        #expect(Set(november.trips.map(\.vehicleID)).count <= 34)
        #expect(november.trips.map(\.departure) == november.trips.map(\.departure).sorted())
    }
}
