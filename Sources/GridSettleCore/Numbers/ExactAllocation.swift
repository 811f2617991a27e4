/// Splits a line's integer total over its parts so that the parts add up to the total exactly.
///
/// A statement line's amount is its exact parts added first and rounded once (a CAISO code's Σ quantity × price
/// over the intervals, rounded to µ$). Rounding each part on its own would not add up to the line, and a
/// drill-down whose intervals do not sum to the line it explains is useless to an analyst. So each part gets
/// the floor of its exact value, and the units the floors fall short of the total go, one each, to the parts
/// with the largest remainders (earliest first on a tie): the largest-remainder method. Every part is within
/// one unit of its exact value and the parts sum to the total.
public enum ExactAllocation {
    /// `shares[i] / denominator` are the exact parts and `total` their sum as the line shows it (rounded).
    /// Nil when `denominator` is not positive or `total` is not within what the floors plus one unit per
    /// part can reach — that is, when `total` is not these shares' rounded sum.
    public static func split(total: Int64, shares: [Int128], denominator: Int128) -> [Int64]? {
        guard denominator > 0 else { return nil }
        var floors = [Int64]()
        floors.reserveCapacity(shares.count)
        var remainders = [Int128]()
        remainders.reserveCapacity(shares.count)
        var floorSum: Int128 = 0
        for s in shares {
            var q = s / denominator
            var r = s - q * denominator
            if r < 0 {
                q -= 1
                r += denominator
            }
            guard let f = Int64(exactly: q) else { return nil }
            floors.append(f)
            remainders.append(r)
            floorSum += q
        }
        let missing = Int128(total) - floorSum
        guard missing >= 0, missing <= Int128(shares.count) else { return nil }
        if missing > 0 {
            let order = remainders.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
            for i in order.prefix(Int(missing)) {
                guard floors[i] < .max else { return nil }
                floors[i] += 1
            }
        }
        return floors
    }

    /// `total` split in proportion to `weights` (Σ weights ≠ 0): the parts `total · wᵢ / Σw`, each within one
    /// unit of exact, summing to `total`. Nil when the weights add up to zero or the products overflow.
    public static func split(total: Int64, weights: [Int64]) -> [Int64]? {
        var sum: Int128 = 0
        for w in weights { sum += Int128(w) }
        guard sum != 0 else { return nil }
        let sign: Int128 = sum < 0 ? -1 : 1
        let (shares, overflow) = weights.reduce(into: ([Int128](), false)) { acc, w in
            let (p, o) = (Int128(w) * sign).multipliedReportingOverflow(by: Int128(total))
            acc.0.append(p)
            acc.1 = acc.1 || o
        }
        guard !overflow else { return nil }
        return split(total: total, shares: shares, denominator: sum * sign)
    }
}
