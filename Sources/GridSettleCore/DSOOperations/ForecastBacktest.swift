/// Forecast error measured on held-back days: each held-back day is forecast from the history cut at that
/// day's local midnight (rolling origin: earlier held-back days have happened by then and may be like days),
/// then compared interval by interval with what the interface actually drew.
///
/// The cut is structural, not a promise of the forecaster: the net load and each PV member's measured output
/// are truncated before the day is forecast, so nothing on or after it can leak in. A supplied PV forecast is
/// not cut; it is a forecast issued for the day. Deterministic: days are taken in date order, interfaces in
/// the order given, and every figure comes from exact integer sums (``ForecastErrorAccumulator``).
public struct InterfaceForecastBacktest: Sendable, Hashable {
    /// One held-back day of one interface.
    public struct Day: Sendable, Hashable {
        public var day: LocalDate
        public var mode: InterfaceForecast.Mode
        /// The day's intervals (23, 24 or 25 hours of slots).
        public var intervals: Int
        /// Intervals without a forecast (not in the errors).
        public var unforecastable: Int
        /// Intervals without a complete actual (missing meter data; not in the errors).
        public var missingActual: Int
        public var errors: ForecastErrorAccumulator
        public var metrics: ForecastErrorMetrics? { errors.metrics }
        /// The forecast itself, for charts and audit.
        public var forecast: InterfaceForecast
        /// Actual net load per interval, µkW; nil where a meter interval is missing.
        public var actualMicroKW: [Int64?]
    }

    public var interface: String
    /// Held-back days in date order.
    public var days: [Day]
    /// All compared intervals of all days pooled (not a mean of daily means).
    public var total: ForecastErrorAccumulator
    public var metrics: ForecastErrorMetrics? { total.metrics }
    public var unforecastable: Int { days.reduce(0) { $0 + $1.unforecastable } }
    public var missingActual: Int { days.reduce(0) { $0 + $1.missingActual } }

    /// Backtests every interface on the same held-back days (duplicates ignored).
    public static func run(
        _ inputs: [InterfaceForecastInput], heldBackDays: [LocalDate], forecaster: InterfaceForecaster
    ) throws(InterfaceForecastError) -> [InterfaceForecastBacktest] {
        let days = Array(Set(heldBackDays)).sorted()
        var out: [InterfaceForecastBacktest] = []
        for input in inputs {
            _ = try forecaster.prepare(input)  // reports a resolution problem once, before any day
            var result = InterfaceForecastBacktest(interface: input.interface, days: [], total: ForecastErrorAccumulator())
            for day in days {
                // [first day the method can read, the day's midnight): the same forecast as the whole history
                // before the day, and a cost per day bounded by the look-back rather than the history
                let tz = forecaster.calendar.timeZone
                let cut = tz.startOfDay(day)
                let from = tz.startOfDay(day.adding(days: -forecaster.method.lookbackDays))
                var before = input
                before.netLoad = Self.window(input.netLoad, from: from, to: cut)
                for m in before.pv.indices { before.pv[m].output = Self.window(input.pv[m].output, from: from, to: cut) }
                let forecast = forecaster.forecast(try forecaster.prepare(before), day: day)
                let actual = actualMicroKW(input.netLoad, on: forecast.grid)
                var acc = ForecastErrorAccumulator()
                var missing = 0
                for i in 0..<forecast.grid.count {
                    guard let f = forecast.netMicroKW[i] else { continue }
                    guard let a = actual[i] else {
                        missing += 1
                        continue
                    }
                    acc.add(forecast: f, actual: a)
                }
                // an interval with neither forecast nor actual counts as unforecastable only
                let r = Day(
                    day: day, mode: forecast.mode, intervals: forecast.grid.count, unforecastable: forecast.unforecastableCount,
                    missingActual: missing, errors: acc, forecast: forecast, actualMicroKW: actual)
                result.total.merge(acc)
                result.days.append(r)
            }
            out.append(result)
        }
        return out
    }

    /// Average power per interval of `grid` from `series`, µkW: the energy of the series' intervals that lie
    /// inside it, over its length. Nil unless every one of them is present (not `.missing`) and they cover it.
    public static func actualMicroKW(_ series: EnergySeries, on grid: IntervalGrid) -> [Int64?] {
        let step = series.grid.seconds
        let s0 = series.grid.start.secondsSinceEpoch
        let perInterval = grid.seconds / step
        return (0..<grid.count).map { i -> Int64? in
            let t = grid.startOf(i).secondsSinceEpoch
            guard grid.seconds % step == 0, (t - s0) % step == 0, t >= s0 else { return nil }
            let first = Int((t - s0) / step)
            guard first + Int(perInterval) <= series.count else { return nil }
            var sum: Int64 = 0
            for j in first..<(first + Int(perInterval)) {
                if series.quality[j] == .missing { return nil }
                sum += series.microKWh[j]
            }
            return Units.averageMicroKW(microKWh: sum, seconds: grid.seconds)
        }
    }

    /// The intervals of `s` that start at or after `from` and end at or before `to` (possibly none).
    static func window(_ s: EnergySeries, from: Instant, to: Instant) -> EnergySeries {
        let step = s.grid.seconds
        let start = s.grid.start.secondsSinceEpoch
        let lo = max(0, min(s.count, Int((from.secondsSinceEpoch - start + step - 1) / step)))
        let hi = max(lo, min(s.count, Int((to.secondsSinceEpoch - start) / step)))
        let upper = to.secondsSinceEpoch - start < 0 ? lo : hi
        if lo == 0 && upper == s.count { return s }
        return EnergySeries(
            grid: IntervalGrid(start: s.grid.startOf(lo), seconds: step, count: upper - lo),
            microKWh: ContiguousArray(s.microKWh[lo..<upper]), quality: ContiguousArray(s.quality[lo..<upper]))
    }
}
