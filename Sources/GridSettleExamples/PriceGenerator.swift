import GridSettleCore

/// Synthetic CAISO prices at one node for a month, shaped like SP15 in late 2016: day-ahead LMP of
/// $20–45/MWh with a morning ramp, a solar midday dip and an evening peak; FMM and RTD scattered around
/// it, with a few negative midday RTD intervals on over-supply days and two evening RTD spikes above
/// $200/MWh; regulation capacity prices of $3–15/MW-h and mileage prices of $0.05–0.50/MW.
enum PriceGenerator {
    /// Day-ahead LMP shape by local hour (hour starting), $/MWh.
    static let daShape: [Double] = [
        26.0, 24.5, 23.5, 23.0, 23.5, 26.0, 31.0, 36.0, 33.0, 29.0, 27.0, 25.5,
        24.5, 24.0, 25.0, 27.5, 33.0, 41.0, 45.0, 42.0, 37.0, 33.0, 30.0, 28.0,
    ]

    static func generate(frame: MonthFrame, seed: UInt64, node: String) -> [PricePoint] {
        var rng = SeededRandom(seed: seed, stream: 0x5052_4943_4553)  // "PRICES"
        let source = ExampleGenerator.source
        let nH = frame.hourCount
        let nQ = frame.quarterCount
        let n5 = frame.fiveCount
        let days = frame.days

        // Day-level factors (gas price, load) and the special days.
        var dayFactor = [Double](repeating: 1, count: days.count)
        for d in days.indices {
            dayFactor[d] = rng.uniform(0.88, 1.12) * (days[d].isWorking ? 1 : 0.93)
        }
        var oversupply = [Bool](repeating: false, count: days.count)
        for _ in 0..<4 { oversupply[rng.int(0...(days.count - 1))] = true }
        let spikeDays = [rng.int(0...(days.count / 2 - 1)), rng.int((days.count / 2)...(days.count - 1))]

        // Local hour and day of every hour of the period (25 on the fall-back day, 23 on spring-forward).
        var hourLocal = ContiguousArray<Int>()
        var hourDay = ContiguousArray<Int>()
        hourLocal.reserveCapacity(nH)
        hourDay.reserveCapacity(nH)
        var di = 0
        for h in 0..<nH {
            let t = frame.start.adding(seconds: Int64(h) * 3600)
            while t >= days[di].end { di += 1 }
            hourLocal.append(frame.zone.localTime(t).hour)
            hourDay.append(di)
        }

        var out: [PricePoint] = []
        out.reserveCapacity(3 * nH + 5 * nQ + n5)

        // Day-ahead: LMP and regulation capacity, hourly.
        var da = ContiguousArray<Double>(repeating: 0, count: nH)
        var daRU = ContiguousArray<Double>(repeating: 0, count: nH)
        var daRD = ContiguousArray<Double>(repeating: 0, count: nH)
        for h in 0..<nH {
            let lh = hourLocal[h]
            da[h] = clamp(daShape[lh] * dayFactor[hourDay[h]] + 1.2 * rng.gaussian(), 15, 60)
            let ramp: Double = (6...8).contains(lh) || (16...20).contains(lh) ? 1 : 0
            let solar: Double = (9...15).contains(lh) ? 1 : 0
            daRU[h] = clamp(4.5 + 5.5 * ramp + 1.5 * rng.gaussian(), 3, 15)
            daRD[h] = clamp(4.0 + 4.0 * solar + 1.5 * rng.gaussian(), 3, 15)
        }
        for (product, values) in [(PriceProduct.lmp, da), (.regulationUp, daRU), (.regulationDown, daRD)] {
            for h in 0..<nH {
                out.append(
                    PricePoint(
                        node: node, run: .dayAhead, product: product, start: frame.start.adding(seconds: Int64(h) * 3600),
                        seconds: 3600, microPrice: micro(values[h], step: 10), source: source))
            }
        }

        // Fifteen-minute market: LMP around DA, capacity around DA, mileage prices.
        var fmm = ContiguousArray<Double>(repeating: 0, count: nQ)
        var fmmRU = ContiguousArray<Double>(repeating: 0, count: nQ)
        var fmmRD = ContiguousArray<Double>(repeating: 0, count: nQ)
        var rmu = ContiguousArray<Double>(repeating: 0, count: nQ)
        var rmd = ContiguousArray<Double>(repeating: 0, count: nQ)
        var noise = 0.0
        var mu = 0.2
        var md = 0.15
        for q in 0..<nQ {
            let h = q / 4
            noise = 0.7 * noise + 2.2 * rng.gaussian()
            var p = da[h] + noise
            if oversupply[hourDay[h]] && (10...14).contains(hourLocal[h]) && rng.chance(0.1) { p = -rng.uniform(1, 12) }
            fmm[q] = p
            fmmRU[q] = clamp(daRU[h] * rng.uniform(0.75, 1.3), 2.5, 16)
            fmmRD[q] = clamp(daRD[h] * rng.uniform(0.75, 1.3), 2.5, 16)
            mu = clamp(0.7 * mu + 0.3 * rng.uniform(0.05, 0.5), 0.05, 0.5)
            md = clamp(0.7 * md + 0.3 * rng.uniform(0.05, 0.4), 0.05, 0.5)
            rmu[q] = mu
            rmd[q] = md
        }
        for (product, values) in [
            (PriceProduct.lmp, fmm), (.regulationUp, fmmRU), (.regulationDown, fmmRD), (.mileageUp, rmu),
            (.mileageDown, rmd),
        ] {
            for q in 0..<nQ {
                out.append(
                    PricePoint(
                        node: node, run: .fifteenMinute, product: product, start: frame.start.adding(seconds: Int64(q) * 900),
                        seconds: 900, microPrice: micro(values[q], step: 10), source: source))
            }
        }

        // Real-time dispatch: every 5 minutes.
        noise = 0
        // Spike intervals: one 5-minute interval between 16:30 and 20:00 local on each spike day.
        var spikeAt = Set<Int>()
        for d in spikeDays {
            let day = days[d]
            let t = frame.instant(day, hour: 16, minute: 30).adding(seconds: Int64(rng.int(0...41)) * 300)
            spikeAt.insert(frame.fiveIndex(t))
        }
        for r in 0..<n5 {
            let q = r / 3
            let h = r / 12
            noise = 0.6 * noise + 3.0 * rng.gaussian()
            var p = fmm[q] + noise
            if oversupply[hourDay[h]] && (10...14).contains(hourLocal[h]) && rng.chance(0.25) {
                p = -rng.uniform(1, 30)
            }
            if spikeAt.contains(r) { p = rng.uniform(220, 950) }
            out.append(
                PricePoint(
                    node: node, run: .realTimeDispatch, product: .lmp, start: frame.start.adding(seconds: Int64(r) * 300),
                    seconds: 300, microPrice: micro(p, step: 10), source: source))
        }
        return out
    }
}
