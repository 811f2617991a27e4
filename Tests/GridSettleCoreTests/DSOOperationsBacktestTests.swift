import Testing

@testable import GridSettleCore

/// The backtest's error figures on a synthetic July whose forecasts are known by construction, so every
/// figure is worked out here by hand (and the RMSE and MAPE once more in floating point, independently of
/// the engine's integer arithmetic).
@Suite("DSO operations: forecast backtest")
struct DSOOperationsBacktestTests {
    typealias F = DSOOpsFixtures

    /// Weekdays 100 kW and weekends 50 kW in every hour, except on the two held-back days:
    /// - Mon 07-22: 00:00 reads 80 kW, 01:00 125 kW, 02:00 0 kW, 03:00 is missing;
    /// - Sat 07-27: 12:00 reads 40 kW, 13:00 60 kW.
    static let history = F.hourly(from: F.day(7, 1), through: F.day(7, 31)) { d, h, _ -> Int64? in
        switch (d.day, h) {
        case (22, 0): return 80
        case (22, 1): return 125
        case (22, 2): return 0
        case (22, 3): return nil
        case (27, 12): return 40
        case (27, 13): return 60
        default: return d.isWeekend ? 50 : 100
        }
    }

    static let method = InterfaceForecastMethod(likeDays: 5, lookbackDays: 45, skipDaysBeforeTarget: 1, minimumDays: 2)

    @Test func errorsOnHeldBackDaysMatchTheHandWorkedFigures() throws {
        let input = InterfaceForecastInput(interface: "SUB-1", netLoad: Self.history)
        let runs = try InterfaceForecastBacktest.run([input], heldBackDays: [F.day(7, 27), F.day(7, 22)], forecaster: F.forecaster(Self.method))
        let r = try #require(runs.first)
        #expect(r.interface == "SUB-1" && r.days.map(\.day) == [F.day(7, 22), F.day(7, 27)])

        // Mon 07-22 is forecast from weekdays 07-19 … 07-15 (all 100 kW): f = 100 kW in every hour.
        // e = f − a: 00:00 +20, 01:00 −25, 02:00 +100 (actual 0: no percentage), 03:00 no actual, 20 hours 0.
        let mon = r.days[0]
        #expect(mon.forecast.likeDays == [19, 18, 17, 16, 15].map { F.day(7, $0) })
        #expect(mon.intervals == 24 && mon.missingActual == 1 && mon.unforecastable == 0)
        let m = try #require(mon.metrics)
        #expect(m.count == 23)
        #expect(m.biasMicroKW == 4_130_435)  // Σe = 95 kW; 95 000 000 / 23 = 4 130 434.78
        #expect(m.meanAbsoluteErrorMicroKW == 6_304_348)  // Σ|e| = 145 kW; 145 000 000 / 23 = 6 304 347.83
        // Σe² = 400 + 625 + 10 000 = 11 025 kW²; √(11 025 / 23) = 21.894 013 kW
        #expect(m.rootMeanSquareErrorMicroKW == 21_894_013)
        let rmse: Double = (11_025e12 / 23).squareRoot()
        #expect(m.rootMeanSquareErrorMicroKW == Int64(rmse.rounded()))
        // MAPE over the 22 non-zero actuals: (20/80 + 25/125 + 20 × 0) / 22 = 0.45 / 22 = 20 454.5… ppm → 20 455
        #expect(m.percentageCount == 22 && m.zeroActualsSkipped == 1)
        #expect(m.meanAbsolutePercentageErrorPPM == 20_455)

        // Sat 07-27 from weekend days 07-21, 07-20, 07-14, 07-13, 07-07 (all 50 kW): e = +10 at 12:00, −10 at 13:00
        let sat = r.days[1]
        #expect(sat.forecast.likeDays == [21, 20, 14, 13, 7].map { F.day(7, $0) })
        let s = try #require(sat.metrics)
        #expect(s.count == 24 && s.biasMicroKW == 0)
        #expect(s.meanAbsoluteErrorMicroKW == 833_333)  // 20 000 000 / 24
        #expect(s.rootMeanSquareErrorMicroKW == 2_886_751)  // √(200 / 24) = 2.886 751 3 kW
        // (10/40 + 10/60) / 24 = 0.416 666 7 / 24 = 17 361.1 ppm
        #expect(s.meanAbsolutePercentageErrorPPM == 17_361)

        // pooled over both days (47 intervals, not a mean of the two days' figures)
        let p = try #require(r.metrics)
        #expect(p.count == 47)
        #expect(p.biasMicroKW == 2_021_277)  // 95 000 000 / 47 = 2 021 276.6
        #expect(p.meanAbsoluteErrorMicroKW == 3_510_638)  // 165 000 000 / 47 = 3 510 638.3
        let pooled: Double = (11_225e12 / 47).squareRoot()
        #expect(p.rootMeanSquareErrorMicroKW == Int64(pooled.rounded()))  // 15 454 119
        // (0.25 + 0.2 + 0.25 + 0.166 666 7) / 46 = 18 840.6 ppm
        #expect(p.meanAbsolutePercentageErrorPPM == 18_841 && p.zeroActualsSkipped == 1 && r.missingActual == 1)

        // the backtest cuts the history to [day − look-back, day); a forecast from the whole history is the same
        let whole = F.forecaster(Self.method)
        for d in r.days { #expect(try whole.forecast(input, day: d.day) == d.forecast) }
    }

    @Test func interfacesAreReportedInTheOrderGivenAndDeterministically() throws {
        let a = InterfaceForecastInput(interface: "SUB-B", netLoad: Self.history)
        let b = InterfaceForecastInput(interface: "SUB-A", netLoad: F.hourly(from: F.day(7, 1), through: F.day(7, 31)) { _, _, _ in 0 })
        let f = F.forecaster(Self.method)
        let one = try InterfaceForecastBacktest.run([a, b], heldBackDays: [F.day(7, 22), F.day(7, 27), F.day(7, 22)], forecaster: f)
        let two = try InterfaceForecastBacktest.run([a, b], heldBackDays: [F.day(7, 27), F.day(7, 22)], forecaster: f)
        #expect(one == two)
        #expect(one.map(\.interface) == ["SUB-B", "SUB-A"])
        // an interface that always reads 0: errors 0, and no MAPE at all (every actual is zero)
        let z = try #require(one[1].metrics)
        #expect(z.count == 48 && z.meanAbsoluteErrorMicroKW == 0 && z.meanAbsolutePercentageErrorPPM == nil && z.zeroActualsSkipped == 48)
    }

    @Test func aHeldBackDayWithoutHistoryIsUnforecastableNotAnError() throws {
        let input = InterfaceForecastInput(interface: "SUB-1", netLoad: Self.history)
        let r = try #require(try InterfaceForecastBacktest.run([input], heldBackDays: [F.day(7, 2)], forecaster: F.forecaster(Self.method)).first)
        #expect(r.days[0].unforecastable == 24 && r.metrics == nil)
    }

    @Test func roundingOfTheRootIsExact() {
        // √(s/n) rounded to nearest, halves up, without floating point
        #expect(ForecastErrorAccumulator.roundedSquareRoot(0, count: 1) == 0)
        #expect(ForecastErrorAccumulator.roundedSquareRoot(2, count: 1) == 1)  // 1.414
        #expect(ForecastErrorAccumulator.roundedSquareRoot(3, count: 1) == 2)  // 1.732
        #expect(ForecastErrorAccumulator.roundedSquareRoot(9, count: 4) == 2)  // √2.25 = 1.5 → 2 (half up)
        #expect(ForecastErrorAccumulator.roundedSquareRoot(8, count: 4) == 1)  // √2 = 1.414
        #expect(ForecastErrorAccumulator.roundedSquareRoot(UInt128(UInt64.max) * UInt128(UInt64.max), count: 1) == UInt128(UInt64.max))
        var rng = DSOOpsRandom(seed: 0x5157)
        for _ in 0..<2_000 {
            let s = UInt128(rng.next() >> UInt64(rng.below(40)))
            let n = UInt128(1 + rng.below(1_000))
            let r = ForecastErrorAccumulator.roundedSquareRoot(s, count: n)
            // r is the nearest: (r − ½)² ≤ s/n < (r + ½)²  ⇔  (2r − 1)² n ≤ 4s < (2r + 1)² n
            #expect((r == 0 || (2 * r - 1) * (2 * r - 1) * n <= 4 * s) && 4 * s < (2 * r + 1) * (2 * r + 1) * n)
        }
    }
}
