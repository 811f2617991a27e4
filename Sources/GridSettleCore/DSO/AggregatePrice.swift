/// F3.13 `[K]` (research §3.9): the price of a DER aggregation spanning several pricing nodes,
/// `λ^agg_t = Σ_i GDF_i · λ_i,t` with `Σ_i GDF_i = 1`, and its settlement `q^agg_t · λ^agg_t`.
///
/// GDFs are millionths and prices µ$/MWh, so `Σ GDF_i·λ_i` is an exact integer in µ$/MWh × 10⁶
/// (``numerator``); it is never rounded before it multiplies the energy. Example C3 (test
/// `DSOAggregationTests.exampleC3`): GDF 0.5/0.3/0.2, λ 40/42/38 → 40.20 $/MWh; 2 MW for one 5-minute
/// interval is 0.166666… MWh (displayed 0.166667, rounded half away from zero to µMWh) → $6.70 exactly
/// (2 × 300/3600 × 40.2 = 6.7; the money is computed from the exact MW·s, not from the displayed MWh).
public struct AggregatePrice: Sendable, Hashable, CustomStringConvertible {
    /// Σ GDF_i (millionths) × λ_i (µ$/MWh): the aggregate price in µ$/MWh, times 10⁶.
    public let numerator: Int128

    /// `distributionFactors` in millionths (summing to 1 000 000) and `microPrices` in µ$/MWh, same order.
    public init(distributionFactors: [Int64], microPrices: [Int64]) {
        precondition(distributionFactors.count == microPrices.count, "one price per GDF")
        var n: Int128 = 0
        for k in distributionFactors.indices { n += Int128(distributionFactors[k]) * Int128(microPrices[k]) }
        self.numerator = n
    }

    /// λ^agg in µ$/MWh, rounded half away from zero (display; exact when ``isExact``).
    public var microPrice: Int64 {
        Rounding.int64(Rounding.divideHalfAwayFromZero(numerator, by: Int128(DERAggregation.gdfUnit)))
    }

    /// Whether λ^agg is a whole number of µ$/MWh.
    public var isExact: Bool { numerator % Int128(DERAggregation.gdfUnit) == 0 }

    /// `q^agg · λ^agg` for `microMW` held `seconds`, rounded once to a line.
    public func amount(microMW: Int64, seconds: Int64, rounding: DSOLineRounding) -> Money {
        line(DSOQuantities.nanoMWSeconds(microMW: microMW, seconds: seconds), rounding)
    }

    /// `q^agg · λ^agg` for metered energy, rounded once to a line.
    public func amount(microKWh: Int64, rounding: DSOLineRounding) -> Money {
        line(DSOQuantities.nanoMWSeconds(microKWh: microKWh), rounding)
    }

    private func line(_ nanoMWSeconds: Int128, _ rounding: DSOLineRounding) -> Money {
        let unit = Int128(rounding.microDollars)
        let d = DSOQuantities.amountDenominator * Int128(DERAggregation.gdfUnit) * unit
        return Money(micros: Rounding.int64(Rounding.divideHalfAwayFromZero(nanoMWSeconds * numerator, by: d) * unit))
    }

    /// Energy of `microMW` over `seconds` in µMWh, rounded half away from zero: the MWh a statement shows
    /// with six decimals (2 MW × 5 min → 166 667 µMWh = 0.166667 MWh).
    public static func displayMicroMWh(microMW: Int64, seconds: Int64) -> Int64 {
        Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(microMW) * Int128(seconds), by: 3600))
    }

    /// `$/MWh` with six decimals.
    public var description: String { FixedPointFormat.decimal(microPrice, scale: 6, fractionDigits: 6) }
}

extension DERAggregation {
    /// F3.13 for one interval: each member weighted by its GDF at its interface's pricing node. Nil when a
    /// member's node has no price in `nodePrices` (µ$/MWh by node).
    public func aggregatePrice(nodePrices: [String: Int64]) -> AggregatePrice? {
        var prices: [Int64] = []
        prices.reserveCapacity(members.count)
        for k in members.indices {
            guard let p = nodePrices[dso.interfaces[interfaceIndex[k]].pricingNode] else { return nil }
            prices.append(p)
        }
        return AggregatePrice(distributionFactors: distributionFactors, microPrices: prices)
    }
}
