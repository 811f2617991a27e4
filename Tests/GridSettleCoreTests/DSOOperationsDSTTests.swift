import Testing

@testable import GridSettleCore

/// Forecasts across the 2024 DST weeks in America/Los_Angeles: spring forward Sun 03-10 (23 hours, no 02:00),
/// fall back Sun 11-03 (25 hours, 01:00 twice). The load depends only on the local clock hour and the day
/// type, so a method that aligns by local slot forecasts it exactly and one that aligns by interval index
/// would be an hour off after 02:00 on the DST days.
@Suite("DSO operations: DST weeks")
struct DSOOperationsDSTTests {
    typealias F = DSOOpsFixtures

    /// 100 + 3·hour kW, +50 kW on weekdays.
    static func shape(_ d: LocalDate, _ h: Int) -> Int64 { 100 + 3 * Int64(h) + (d.isWeekend ? 0 : 50) }

    static let method = InterfaceForecastMethod(likeDays: 5, lookbackDays: 45, skipDaysBeforeTarget: 1, minimumDays: 3)

    static let spring = InterfaceForecastInput(
        interface: "SUB-1", netLoad: F.hourly(from: F.day(1, 29), through: F.day(3, 31)) { d, h, _ in shape(d, h) })

    /// On the fall-back day the repeated 01:00 hour reads 10 kW more than the first.
    static let fall = InterfaceForecastInput(
        interface: "SUB-1", netLoad: F.hourly(from: F.day(9, 23), through: F.day(11, 17)) { d, h, occurrence in shape(d, h) + (occurrence == 2 ? 10 : 0) })

    @Test func springForwardWeekAlignsByLocalSlot() throws {
        let f = F.forecaster(Self.method)
        let prepared = try f.prepare(Self.spring)
        for offset in 0..<9 {  // Sat 03-09 … Sun 03-17
            let day = F.day(3, 9).adding(days: offset)
            let fc = f.forecast(prepared, day: day)
            #expect(fc.grid.count == (day == F.day(3, 10) ? 23 : 24))
            for i in 0..<fc.grid.count {
                let local = F.zone.localTime(fc.grid.startOf(i))
                #expect(fc.slots[i] == local.hour)
                #expect(fc.netMicroKW[i] == Self.shape(day, local.hour) * 1_000_000, "\(day) interval \(i)")
            }
        }
        // the 23-hour day: interval 2 starts at 03:00 local and forecasts 03:00 (109 kW), not 02:00 (106 kW)
        let sunday = f.forecast(prepared, day: F.day(3, 10))
        #expect(sunday.slots == [0, 1] + Array(3...23))
        #expect(sunday.netMicroKW[2] == 109_000_000)
        // the next weekend's like days include 03-10, which has no 02:00: that slot averages the other four
        let saturday = f.forecast(prepared, day: F.day(3, 16))
        #expect(saturday.likeDays.contains(F.day(3, 10)))
        #expect(saturday.contributingDays[2] == 4 && saturday.contributingDays[3] == 5)
        #expect(saturday.netMicroKW[2] == 106_000_000)
    }

    @Test func springForwardAtFifteenMinutes() throws {
        // 15-minute data: the spring-forward day has 92 intervals and no slots 8…11 (02:00–03:00)
        let grid = IntervalGrid(start: F.zone.startOfDay(F.day(2, 1)), end: F.zone.startOfDay(F.day(3, 12)), seconds: 900)
        let e = ContiguousArray((0..<grid.count).map { i -> Int64 in
            let local = F.zone.localTime(grid.startOf(i))
            return Self.shape(local.date, local.hour) * 1_000_000 / 4  // kW × ¼ h
        })
        let f = try F.forecaster(Self.method).forecast(
            InterfaceForecastInput(interface: "SUB-1", netLoad: EnergySeries(grid: grid, microKWh: e)), day: F.day(3, 10))
        #expect(f.grid.count == 92 && f.slotMinutes == 15)
        #expect(!f.slots.contains(8) && !f.slots.contains(11) && f.slots[8] == 12)
        #expect(f.netMicroKW[8] == 109_000_000)  // 03:00
    }

    @Test func fallBackWeekAlignsByLocalSlot() throws {
        let f = F.forecaster(Self.method)
        let prepared = try f.prepare(Self.fall)
        for offset in 0..<7 {  // Sat 11-02 … Fri 11-08: like days are all before 11-03's repeated hour
            let day = F.day(11, 2).adding(days: offset)
            let fc = f.forecast(prepared, day: day)
            #expect(fc.grid.count == (day == F.day(11, 3) ? 25 : 24))
            for i in 0..<fc.grid.count {
                let local = F.zone.localTime(fc.grid.startOf(i))
                #expect(fc.netMicroKW[i] == Self.shape(day, local.hour) * 1_000_000, "\(day) interval \(i)")
            }
        }
        // the 25-hour day: both 01:00 hours forecast slot 1 (103 kW)
        let sunday = f.forecast(prepared, day: F.day(11, 3))
        #expect(sunday.slots == [0, 1, 1] + Array(2...23))
        #expect(sunday.netMicroKW[1] == 103_000_000 && sunday.netMicroKW[2] == 103_000_000 && sunday.netMicroKW[3] == 106_000_000)
        // Sat 11-09: like days 11-03, 11-02, 10-27, 10-26, 10-20. On 11-03 slot 1 is the mean of its two 01:00
        // hours, (103 + 113) / 2 = 108 kW; the slot forecast is (108 + 4 × 103) / 5 = 104 kW
        let saturday = f.forecast(prepared, day: F.day(11, 9))
        #expect(saturday.likeDays == [F.day(11, 3), F.day(11, 2), F.day(10, 27), F.day(10, 26), F.day(10, 20)])
        #expect(saturday.netMicroKW[1] == 104_000_000 && saturday.netMicroKW[2] == 106_000_000)
    }

    @Test func backtestOnDSTDaysComparesEachIntervalWithItsOwnActual() throws {
        let f = F.forecaster(Self.method)
        let spring = try InterfaceForecastBacktest.run([Self.spring], heldBackDays: [F.day(3, 10)], forecaster: f)
        // 23 intervals, every one forecast exactly
        let s = try #require(spring.first?.metrics)
        #expect(s.count == 23 && s.meanAbsoluteErrorMicroKW == 0 && s.rootMeanSquareErrorMicroKW == 0 && s.biasMicroKW == 0)
        #expect(s.meanAbsolutePercentageErrorPPM == 0)

        let fall = try #require(try InterfaceForecastBacktest.run([Self.fall], heldBackDays: [F.day(11, 9), F.day(11, 3)], forecaster: f).first)
        #expect(fall.days.map(\.day) == [F.day(11, 3), F.day(11, 9)])
        // 11-03: 25 intervals; the second 01:00 hour is forecast 103 kW and read 113 kW (e = −10 kW), the rest exact
        // MAE = 10/25 = 0.4 kW, bias −0.4 kW, RMSE = √(100/25) = 2 kW, MAPE = (10/113)/25 = 3 539.8… ppm → 3 540
        let d3 = try #require(fall.days[0].metrics)
        #expect(fall.days[0].intervals == 25 && d3.count == 25)
        #expect(fall.days[0].actualMicroKW[2] == 113_000_000 && fall.days[0].forecast.netMicroKW[2] == 103_000_000)
        #expect(d3.meanAbsoluteErrorMicroKW == 400_000 && d3.biasMicroKW == -400_000 && d3.rootMeanSquareErrorMicroKW == 2_000_000)
        #expect(d3.meanAbsolutePercentageErrorPPM == 3_540)
        // 11-09: slot 1 forecast 104 kW (see above), actual 103 kW: e = +1 kW
        let d9 = try #require(fall.days[1].metrics)
        #expect(d9.count == 24 && d9.biasMicroKW == 41_667)  // 1 000 000 / 24 = 41 666.67
        // pooled: n = 49, Σe = −9 kW, Σ|e| = 11 kW, Σe² = 101 kW²
        let p = try #require(fall.metrics)
        #expect(p.count == 49)
        #expect(p.biasMicroKW == -183_673)  // −9 000 000 / 49 = −183 673.47
        #expect(p.meanAbsoluteErrorMicroKW == 224_490)  // 11 000 000 / 49 = 224 489.80
        let rmse: Double = (101e12 / 49).squareRoot()
        #expect(p.rootMeanSquareErrorMicroKW == Int64(rmse.rounded()))  // √(101/49) = 1.435 697 kW
        let terms: Double = 10.0 / 113 + 1.0 / 103
        let mape = Int64((terms / 49 * 1e6).rounded())  // 2 004.17 ppm
        #expect(p.meanAbsolutePercentageErrorPPM == mape)
        #expect(p.zeroActualsSkipped == 0 && fall.unforecastable == 0 && fall.missingActual == 0)
    }
}
