/// An upper bound on every amount the bill engine can form for a tariff and a period of meter data, so that a
/// tariff with extreme rates meets data with large (but in-range) energy as an error before billing, never as
/// an overflow inside it.
///
/// Each reading is bounded (docs/dataset-format.md, "Ranges") and so is each URDB rate, but their product is
/// not: $1 000 000/kWh (the URDB reader's limit) on a month of 1 GW is 7 × 10²⁰ µ$, beyond `Int64`. The bound
/// is deliberately coarse (largest rate × all energy × number of lines); real bills are many orders of
/// magnitude inside it.
public enum BillMagnitude {
    /// The largest bill amount (µ$) the engine accepts: a quarter of `Int64`, so the three bills of a statement
    /// and their differences stay inside it too.
    public static let limitMicros: Int128 = Int128(Int64.max) / 4

    /// An upper bound (µ$) on the sum of the magnitudes of every line of one bill.
    /// - Parameters:
    ///   - energyMicroKWh: all energy the bill could price (imports, exports, added-back discharge).
    ///   - demandMicroKW: the highest demand it could see.
    ///   - days: days in the period (periodic charges).
    public static func bound(tariff: Tariff, energyMicroKWh: Int128, demandMicroKW: Int128, days: Int) -> Int128 {
        var energyRate: Int128 = 0
        var energyLines: Int128 = 1
        for tiers in tariff.energy.periods {
            for t in tiers {
                energyRate = max(energyRate, Int128(t.price.magnitude), Int128(t.sell.magnitude))
                energyLines += 1
            }
        }
        var demandRate: Int128 = 0
        var demandLines: Int128 = 1
        let demandTiers = (tariff.touDemand?.periods ?? []) + (tariff.flatDemand?.periods ?? []) + (tariff.coincidentDemand?.periods ?? [])
        for tiers in demandTiers {
            for t in tiers {
                demandRate = max(demandRate, Int128(t.price.magnitude))
                demandLines += 1
            }
        }
        let demand = max(demandMicroKW, Int128(tariff.ratchet?.minimumKW.magnitude ?? 0))
        let periodic = times(Int128(tariff.fixedCharge.amount.magnitude) + Int128(tariff.minimumCharge.amount.magnitude), Int128(max(days, 31)))
        // µkWh × µ$/kWh and µkW × µ$/kW are 10⁻¹² $: divide by 10⁶ for µ$, rounding up
        let energyPart = times(times(energyMicroKWh, energyRate) / 1_000_000 + 1, energyLines)
        let demandPart = times(times(demand, demandRate) / 1_000_000 + 1, demandLines)
        return plus(plus(energyPart, demandPart), periodic)
    }

    /// The bound for bills of `series` (every channel the bill could price: net import, storage, meter
    /// channels) on `tariff`: all their energy, the sum of their highest interval demands, and the days they
    /// span. Shared by the dataset validator and `gridsettle bill`, which bills interval files without a dataset.
    public static func bound(tariff: Tariff, series: [EnergySeries]) -> Int128 {
        var energy: Int128 = 0
        var demand: Int128 = 0
        var first = Int64.max
        var last = Int64.min
        for s in series where s.grid.seconds > 0 {
            var peak: Int128 = 0
            for v in s.microKWh {
                energy = plus(energy, Int128(v.magnitude))
                peak = max(peak, Int128(v.magnitude))
            }
            demand = plus(demand, times(peak, 3_600) / Int128(s.grid.seconds) + 1)
            first = min(first, s.grid.start.secondsSinceEpoch)
            last = max(last, s.grid.start.secondsSinceEpoch + s.grid.seconds * Int64(s.grid.count))
        }
        let days = last > first ? Int((Int128(last) - Int128(first)) / 86_400) + 1 : 1
        return bound(tariff: tariff, energyMicroKWh: energy, demandMicroKW: demand, days: days)
    }

    /// Products and sums of non-negative bounds, held at `Int128.max` when they would overflow: a bound that
    /// large is refused anyway, and computing it must not trap.
    static func times(_ a: Int128, _ b: Int128) -> Int128 {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? .max : r
    }

    static func plus(_ a: Int128, _ b: Int128) -> Int128 {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? .max : r
    }
}
