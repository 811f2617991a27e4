/// How the monthly correction quantity is spread over the month's charging intervals.
public enum CorrectionAllocation: String, Codable, Sendable, Hashable, CaseIterable {
    /// F2.9 `[D]`: in proportion to each interval's (grid) charging energy, valued at that interval's LMP.
    case chargingEnergy = "CHARGING_ENERGY"
    /// In proportion to charging energy × LMP. Refused whenever it would allocate negative energy (research
    /// §2.5, example P4); with all weights ≥ 0 it runs, and is reported as such.
    case lmpWeighted = "LMP_WEIGHTED"
}

/// The ESR meter correction of one month, interval by interval (research §2.5, F2.9–F2.12; seed 004):
/// the monthly quantity moved between the ESR and the LSE, each interval's share and its value at the
/// interval's LMP. The same shares are the LSE's load reconciliation.
public struct MeterCorrection: Sendable {
    public struct Share: Sendable, Hashable {
        public var interval: Int
        public var start: Instant
        /// µkWh moved in this interval (always ≥ 0; the direction is the correction's).
        public var microKWh: Int64
        /// µ$/MWh; nil when the price is missing (valued at 0, month provisional).
        public var priceMicro: Int64?
        /// Exact value, µ$·10⁻⁹ (µkWh × µ$/MWh), so the total is rounded once.
        public var valueNano: Int128
    }

    public var allocation: CorrectionAllocation
    /// µkWh moved over the month.
    public var quantity: Int64
    public var shares: [Share]
    /// Σ shares × LMP, µ$, rounded once.
    public var amount: Money {
        Money(micros: Rounding.int64(Rounding.divideHalfAwayFromZero(shares.reduce(Int128(0)) { $0 + $1.valueNano }, by: 1_000_000_000)))
    }
    /// Intervals with charging but no price.
    public var missingPrices: [Instant] { shares.filter { $0.priceMicro == nil }.map(\.start) }

    /// Why an allocation was refused.
    public struct Refused: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Spreads `quantity` µkWh over the intervals with `weights[i] > 0` (grid charging), by cumulative
    /// rounding so the shares sum exactly to the quantity.
    public static func allocate(
        quantity: Int64, chargingEnergy weights: ContiguousArray<Int64>, grid: IntervalGrid, prices: [Int64?],
        allocation: CorrectionAllocation
    ) throws(Refused) -> MeterCorrection {
        precondition(weights.count == grid.count && prices.count == grid.count)
        var w = [Int128](repeating: 0, count: grid.count)
        for i in 0..<grid.count where weights[i] > 0 {
            switch allocation {
            case .chargingEnergy: w[i] = Int128(weights[i])
            case .lmpWeighted: w[i] = Int128(weights[i]) * Int128(prices[i] ?? 0)
            }
        }
        let total = w.reduce(0, +)
        if allocation == .lmpWeighted {
            if let i = w.indices.first(where: { w[$0] < 0 }) {
                let share = total == 0 ? 0 : Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(quantity) * w[i], by: total))
                throw Refused(description: "LMP-weighted spreading would allocate \(FixedPointFormat.decimal(share, scale: 9, fractionDigits: 6)) MWh (negative) to the interval starting \(grid.startOf(i)), whose LMP is \(FixedPointFormat.decimal(prices[i] ?? 0, scale: 6, fractionDigits: 2)) $/MWh: refused (research §2.5, example P4); use \(CorrectionAllocation.chargingEnergy.rawValue) (F2.9), which values the same energy at each interval's LMP")
            }
            if total <= 0 && quantity != 0 {
                throw Refused(description: "LMP-weighted spreading has no positive weight (every charging interval has a zero LMP or no price): refused; use \(CorrectionAllocation.chargingEnergy.rawValue)")
            }
        }
        var shares: [Share] = []
        if quantity != 0 && total > 0 {
            var cumulative: Int128 = 0
            var given: Int64 = 0
            for i in 0..<grid.count where w[i] > 0 {
                cumulative += w[i]
                let upTo = Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(quantity) * cumulative, by: total))
                let a = upTo - given
                given = upTo
                let p = prices[i]
                shares.append(Share(interval: i, start: grid.startOf(i), microKWh: a, priceMicro: p, valueNano: Int128(a) * Int128(p ?? 0)))
            }
        }
        return MeterCorrection(allocation: allocation, quantity: quantity, shares: shares)
    }

    /// F2.12 closed form for `CHARGING_ENERGY`: quantity × the charging-weighted mean LMP, µ$ — the same
    /// dollars as the interval-by-interval valuation up to the µkWh rounding of the shares.
    public static func closedForm(quantity: Int64, chargingEnergy: ContiguousArray<Int64>, prices: [Int64?]) -> Money {
        var num: Int128 = 0
        var den: Int128 = 0
        for i in chargingEnergy.indices where chargingEnergy[i] > 0 {
            num += Int128(chargingEnergy[i]) * Int128(prices[i] ?? 0)
            den += Int128(chargingEnergy[i])
        }
        guard den > 0 else { return .zero }
        return Money(micros: Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(quantity) * num, by: den * 1_000_000_000)))
    }
}
